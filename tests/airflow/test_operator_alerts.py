"""The operator is told and can act from the UI (real Airflow, `airflow dags test`, demo sites):
a run triggered with chosen sources crawls only those; a failing crawl task is labelled by its
source id, logs one alert line naming DAG, task, source and reason, and POSTs it to the webhook
set by the Airflow connection mr_reports_alerts."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapers import local_airflow
from scrapers.demo.server import DemoSites
from scrapers.warehouse.read import query as rows

HOOK_PORT, SITES_PORT = 22150, 22161  # this worktree's range (22000-22999)


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", HOOK_PORT), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield received
    server.shutdown()
    server.server_close()


@pytest.mark.airflow
def test_chosen_sources_only_and_a_failure_is_announced(tmp_path, webhook) -> None:
    data_dir = tmp_path / "data"
    with DemoSites(base_port=SITES_PORT, faults={"fuzhou-amr": "http500"}) as sites:
        sources = sites.write_sources(tmp_path / "sources.yaml")
        env = local_airflow.airflow_env(
            tmp_path / "home", data_dir=data_dir, sources_file=sources,
            extra={"AIRFLOW_CONN_MR_REPORTS_ALERTS": f"http://127.0.0.1:{HOOK_PORT}/hook"},
        )
        local_airflow.prepare(env)
        run = local_airflow.dags_test(env, conf={"source_ids": ["fuzhou-amr", "hedong-amr"]})
        refetch = local_airflow.dags_test(env, conf={"source_ids": ["hedong-amr"], "refetch_known": True})
    log = run.stdout + run.stderr
    assert "state=failed" in log

    crawled = rows(
        data_dir / "warehouse.duckdb",
        "select source_id, status from raw.source_runs "
        "where run_id = (select run_id from raw.source_runs where status = 'failed') order by source_id",
    )
    assert crawled == [("fuzhou-amr", "failed"), ("hedong-amr", "ok")]  # xianning-amr was not chosen

    line = next((ln for ln in log.splitlines() if "MR-REPORTS TASK FAILED" in ln and "task=crawl_batch" in ln), "")
    assert "dag=mr_reports_nightly" in line and "source=fuzhou-amr" in line and "HTTP 500" in line, log[-4000:]
    [hook] = [h for h in webhook if h["task_id"] == "crawl_batch"]
    assert hook["source"] == "fuzhou-amr" and hook["dag_id"] == "mr_reports_nightly" and "HTTP 500" in hook["reason"]

    # The second run, from the Trigger form: hedong-amr only, its known reports fetched again.
    assert refetch.returncode == 0, (refetch.stdout + refetch.stderr)[-3000:]
    [(runs, new, known)] = rows(
        data_dir / "warehouse.duckdb",
        "select count(*), sum(reports_new), sum(reports_known) from raw.source_runs "
        "where run_id = (select max(run_id) from raw.source_runs where source_id = 'hedong-amr')",
    )
    assert (runs, known) == (1, 0) and new > 0
