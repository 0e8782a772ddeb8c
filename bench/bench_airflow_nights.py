"""A first night and a nothing-new night over N simulated bureau sites, through real Airflow.

The production-shaped local deployment (scrapers/ops/airflow_stack.py: PostgreSQL, api-server,
scheduler with LocalExecutor, dag-processor, triggerer) runs the nightly DAG against
bench/sim_sites.py; each night is triggered through the REST API and timed from the trigger until
the run is done, with the simulator's request counts and the mapped crawl tasks' overlap.

Every server binds loopback ports from --port-base (simulator, control, PostgreSQL, API, logs).
Run: .venv/bin/python bench/bench_airflow_nights.py [--sites 3000] --workdir /tmp/bench-airflow
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from bench_nights import _control, _wait_ready  # noqa: E402
from sim_sites import sources_yaml  # noqa: E402

from scrapers.ops.airflow_stack import AirflowAPI, AirflowStack  # noqa: E402

DAG_ID = "mr_reports_nightly"


def _overlap(tis: list[dict]) -> tuple[int, float]:
    """(crawl tasks, most crawl tasks running at the same moment)."""
    spans = [(datetime.fromisoformat(t["start_date"]), datetime.fromisoformat(t["end_date"]))
             for t in tis if t["task_id"] == "crawl_batch" and t.get("start_date") and t.get("end_date")]
    peak = max((sum(1 for s, e in spans if s <= start < e) for start, _ in spans), default=0)
    return len(spans), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--port-base", type=int, default=21500, help="uses this port and the next six")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--crawl-slots", type=int, default=4)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    data_dir = work / "data"
    data_dir.mkdir(exist_ok=True)
    os.chmod(work, 0o777)  # PostgreSQL runs as its own user under root
    sim_port, control_port = args.port_base, args.port_base + 1
    sources = work / "sources.yaml"
    sources.write_text(sources_yaml(args.sites, sim_port), encoding="utf-8")
    home = work / "stack"
    home.mkdir(exist_ok=True)
    ports = dict(zip(("pg_port", "api_port", "worker_log_port", "trigger_log_port", "scheduler_health_port"),
                     range(args.port_base + 2, args.port_base + 7)))
    (home / "stack.json").write_text(json.dumps(ports))  # the stack keeps ports from its state where free
    env = {
        "MR_DATA_DIR": str(data_dir), "MR_SOURCES_FILE": str(sources), "MR_WAREHOUSE": str(data_dir / "warehouse.duckdb"),
        "MR_TASK_RETRIES": "0", "MR_BATCH_SIZE": str(args.batch_size), "MR_CRAWL_SLOTS": str(args.crawl_slots),
    }
    sim = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "sim_sites.py"), "--sites", str(args.sites), "--port", str(sim_port),
         "--control-port", str(control_port), "--delay", str(args.delay)],
        stdout=subprocess.DEVNULL,
    )
    stack = AirflowStack(home, env=env, parallelism=args.parallelism, use_job_schedule=False)
    results: dict[str, dict] = {}
    try:
        _wait_ready(control_port, sim)
        started = time.monotonic()
        stack.up()
        api = AirflowAPI.for_stack(stack)
        api.wait_for_dag(DAG_ID)
        api.unpause(DAG_ID)
        print(f"stack up in {time.monotonic() - started:.0f} s at {stack.base_url}", flush=True)
        for night in ("first", "nothing_new"):
            _control(control_port, "POST", "/reset")
            started = time.monotonic()
            run_id = api.trigger(DAG_ID)
            state = api.wait_for_run(DAG_ID, run_id, timeout=args.timeout)
            wall = time.monotonic() - started
            tis = api.task_instances(DAG_ID, run_id)
            tasks, peak = _overlap(tis)
            results[night] = {
                "wall_s": round(wall, 1), "state": state, "crawl_tasks": tasks, "crawl_tasks_at_once": peak,
                "requests": {k: v for k, v in _control(control_port).items() if k != "sites"},
                "task_s": {f"{t['task_id']}" + (f"[{t['map_index']}]" if t["map_index"] >= 0 else ""): t.get("duration")
                           for t in tis},
            }
            print(f"[airflow] {night:>11} night, {args.sites} sites: wall {wall:.1f} s, {state}, {tasks} crawl tasks, "
                  f"{peak} at once, requests {results[night]['requests']}", flush=True)
    finally:
        stack.down()
        sim.terminate()
        sim.wait(timeout=30)
    summary = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": f"{os.cpu_count()} cores",
               "sites": args.sites, "delay_s": args.delay, "batch_size": args.batch_size, "crawl_slots": args.crawl_slots,
               "parallelism": args.parallelism, **results}
    (work / "results.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps({k: v for k, v in summary.items() if k not in results} | {n: {k: v for k, v in r.items() if k != "task_s"}
                                                                               for n, r in results.items()}))


if __name__ == "__main__":
    main()
