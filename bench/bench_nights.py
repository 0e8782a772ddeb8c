"""A first night and a nothing-new night over N simulated bureau sites, through `scrapers run`.

Starts bench/sim_sites.py (N loopback hosts, 200 ms per response), writes their sources file, then
runs `python -m scrapers run` twice on one data dir: night 1 finds every report, night 2 finds
nothing new (every list page answers 304). For each night: wall time, peak RSS of the run process
(wait4; includes its dbt subprocess if that is bigger), CPU seconds, and the simulator's request
counts by kind and status.

--code DIR runs the `scrapers` package found in DIR instead of this checkout's (e.g. an export of
an older commit, to put a before figure beside an after figure in one run); --first-code DIR does
the same for night 1 only (seed the data dir with faster code, time night 2 with the old).

Run: .venv/bin/python bench/bench_nights.py [--sites 3000] [--delay 0.2] [--label after]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from sim_sites import sources_yaml  # noqa: E402


def _control(port: int, method: str = "GET", path: str = "/stats") -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError("simulator exited early")
        try:
            _control(port)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("simulator did not come up")


def run_night(code: Path, args: list[str], log: Path, env: dict[str, str]) -> dict:
    started = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scrapers", *args], cwd=code, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    return {
        "wall_s": round(wall, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "log": str(log),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--port", type=int, default=21080)
    parser.add_argument("--control-port", type=int, default=21079)
    parser.add_argument("--code", type=Path, default=REPO, help="directory holding the scrapers package to time")
    parser.add_argument("--first-code", type=Path, help="code for night 1 only (default: --code)")
    parser.add_argument("--label", default="")
    parser.add_argument("--workdir", type=Path, help="keep the data dir here (default: a temporary one)")
    parser.add_argument("--nights", default="first,nothing_new",
                        help="which nights to run; 'nothing_new' alone on a --workdir a first night already filled")
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more `scrapers run` arguments")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-nights-"))
    work.mkdir(parents=True, exist_ok=True)
    sources = work / "sources.yaml"
    sources.write_text(sources_yaml(args.sites, args.port), encoding="utf-8")
    sim = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "sim_sites.py"), "--sites", str(args.sites), "--port", str(args.port),
         "--control-port", str(args.control_port), "--delay", str(args.delay)],
        stdout=subprocess.DEVNULL,
    )
    results = {}
    env = {**os.environ, "PYTHONPATH": ""}
    try:
        _wait_ready(args.control_port, sim)
        for night, code in (("first", args.first_code or args.code), ("nothing_new", args.code)):
            if night not in args.nights.split(","):
                continue
            _control(args.control_port, "POST", "/reset")
            run = ["run", "--sources", str(sources), "--warehouse", str(work / "warehouse.duckdb"),
                   "--run-id", f"night-{night}-{args.label or 'run'}", *args.extra]
            results[night] = run_night(code.resolve(), run, work / f"night-{night}-{args.label or 'run'}.log", env)
            results[night]["requests"] = {k: v for k, v in _control(args.control_port).items() if k != "sites"}
            print(f"[{args.label}] {night:>11} night, {args.sites} sites: {json.dumps(results[night], ensure_ascii=False)}", flush=True)
    finally:
        sim.terminate()
        sim.wait(timeout=30)
    summary = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": f"{os.cpu_count()} cores, {os.uname().nodename}",
               "sites": args.sites, "delay_s": args.delay, "label": args.label, "code": str(args.code), **results}
    (work / "results.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps(summary, ensure_ascii=False))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
