"""Helpers of the deployment tests: warehouse checks and the Deploy handle the fixture yields."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports
from scrapers.ops.airflow_stack import (
    AirflowAPI,
    AirflowStack,
)
from scrapers.settings import REPO_ROOT
from scrapers.warehouse.read import query

DAG_ID = "mr_reports_nightly"
RUN_GUARD = "fail_run_on_failed_task"  # the leaf that turns a run red when any task failed
RUN_TIMEOUT = 300  # s; one run takes ~30-40 s on 2 cores
ARTIFACTS = REPO_ROOT / ".artifacts"

artifacts_written: list[Path] = []


def record_artifact(path: Path) -> Path:
    artifacts_written.append(path)
    print(f"artifact: {path}")
    return path


# -- warehouse checks -------------------------------------------------------------------------


def report_urls_by_source(db: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    # marts.dim_report: in the live file and in the published copy (which holds the marts only)
    for source_id, url in query(db, "select agency_id, url from marts.dim_report"):
        out.setdefault(source_id, set()).add(url)
    return out


# (table, key columns): what must be unique after any number of reruns
UNIQUE_KEYS = [
    ("raw.reports", "report_id"),
    ("raw.metric_mentions", "report_id, extractor_version, mention_seq"),
    ("marts.dim_report", "report_id"),
    ("marts.dim_agency", "agency_id"),
    ("marts.dim_metric", "metric"),
    ("marts.dim_domain", "domain"),
    ("marts.fct_metric_mentions", "mention_id"),
    ("marts.mart_metric_yoy", "agency_id, metric, domain, report_year"),
    ("marts.mart_source_status", "source_id"),
]


def duplicate_keys(db: Path) -> dict[str, int]:
    """Table -> number of key values that occur more than once (empty dict: no duplicates)."""
    out = {}
    schemas = {s for (s,) in query(db, "select distinct schema_name from duckdb_tables()")}
    for table, keys in UNIQUE_KEYS:
        if table.split(".")[0] not in schemas:  # the published copy has no raw layer
            continue
        [(dupes,)] = query(db, f"select count(*) from (select {keys} from {table} group by {keys} having count(*) > 1)")
        [(rows,)] = query(db, f"select count(*) from {table}")
        assert rows > 0, f"{table} is empty in {db}"
        if dupes:
            out[table] = dupes
    return out


# -- the deployment ---------------------------------------------------------------------------


@dataclass
class Deploy:
    root: Path
    stack: AirflowStack
    api: AirflowAPI
    sites: DemoSites
    data_link: Path
    source_ids: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    # data dirs ---------------------------------------------------------------------------------

    def use_data_dir(self, name: str) -> Path:
        """Point MR_DATA_DIR at ROOT/data/NAME (created empty if new). Only between runs."""
        active = self.api.request("GET", f"/dags/{DAG_ID}/dagRuns", params={"state": ["queued", "running"]})
        assert active["total_entries"] == 0, f"a run is active; not switching data dirs: {active}"
        target = self.root / "data" / name
        target.mkdir(parents=True, exist_ok=True)
        tmp = self.data_link.with_name(".data-link.tmp")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target)
        os.replace(tmp, self.data_link)
        return target

    @property
    def data_dir(self) -> Path:
        return self.data_link.resolve()

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.data_dir / "published" / "warehouse.duckdb"

    def expected_urls(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for e in expected_reports():
            out.setdefault(e.site_id, set()).add(self.sites.site(e.site_id).base_url.rstrip("/") + e.path)
        return out

    # runs ---------------------------------------------------------------------------------------

    def map_index(self, source_id: str) -> int:
        """MR_BATCH_SIZE=1: plan_batches keeps the sources file's order, one source per mapped task."""
        return self.source_ids.index(source_id)

    def trigger_and_wait(self) -> tuple[str, str]:
        t0 = time.monotonic()
        run_id = self.api.trigger(DAG_ID)
        state = self.api.wait_for_run(DAG_ID, run_id, RUN_TIMEOUT)
        print(f"run {run_id}: {state} in {time.monotonic() - t0:.0f} s")
        return run_id, state

    def tis(self, run_id: str) -> dict[tuple[str, int], dict[str, Any]]:
        return {(t["task_id"], t["map_index"]): t for t in self.api.task_instances(DAG_ID, run_id)}

    def states(self, run_id: str) -> dict[tuple[str, int], str]:
        return {k: t["state"] for k, t in self.tis(run_id).items()}

    def wait_after_clear(self, run_id: str) -> str:
        """The clear re-queues the run at once (reset_dag_runs); wait for it to end again."""
        t0 = time.monotonic()
        state = self.api.dag_run(DAG_ID, run_id)["state"]
        assert state in ("queued", "running"), f"run {run_id} not re-queued by the clear: {state}"
        state = self.api.wait_for_run(DAG_ID, run_id, RUN_TIMEOUT)
        print(f"run {run_id} after clear: {state} in {time.monotonic() - t0:.0f} s")
        return state


