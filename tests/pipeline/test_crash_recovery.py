"""kill -9 in the middle of a run, rerun: the warehouse ends as an uninterrupted run leaves it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from scrapers.demo.server import DemoSites

# The published copy holds the marts only: compare the reports and mentions BI sees there.
CONTENT = {
    "reports": "select report_id, url, agency_id, title, report_year, published_date, md5(body_text), extractor_version from marts.dim_report",
    "mentions": "select report_id, extractor_version, mention_id, metric, domain, value, approx, period, yoy_pct, evidence from marts.fct_metric_mentions",
    "yoy": "select agency_id, metric, domain, report_year, value, prior_value, prior_value_source from marts.mart_metric_yoy",
}


def content(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in CONTENT.items()}
    finally:
        con.close()


def run_cli(sources: Path, warehouse: Path, run_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scrapers", "run", "--sources", str(sources), "--warehouse", str(warehouse), "--run-id", run_id, "--rps", "8"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )


def test_killed_run_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    with DemoSites() as sites:
        sources = sites.write_sources(tmp_path / "sources.yaml")

        reference = tmp_path / "reference" / "warehouse.duckdb"
        proc = run_cli(sources, reference, "ref")
        assert proc.wait(timeout=300) == 0, proc.stdout.read().decode()

        crashed = tmp_path / "crashed" / "warehouse.duckdb"
        proc = run_cli(sources, crashed, "crash-1")
        documents = crashed.parent / "documents"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(documents.glob("*.json"))) < 2:
            assert proc.poll() is None, "the run ended before it could be killed: " + proc.stdout.read().decode()
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the worker dies mid-crawl, nothing flushed by it
        proc.wait(timeout=30)
        assert not (crashed.parent / "published" / "warehouse.duckdb").exists()

        rerun = run_cli(sources, crashed, "crash-2")
        assert rerun.wait(timeout=300) == 0, rerun.stdout.read().decode()

    assert content(crashed.parent / "published" / "warehouse.duckdb") == content(reference.parent / "published" / "warehouse.duckdb")
