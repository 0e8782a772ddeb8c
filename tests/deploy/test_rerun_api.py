"""Operating the nightly DAG under a real scheduler through the REST API (what the UI calls).

Two failures an operator meets, each fixed and rerun without duplicates:
1. one government site answers HTTP 500: exactly its mapped crawl task fails with a log that names
   the source, the list URL and the reason; the other sources still reach the warehouse; after the
   site recovers, clearing that task (with its downstream) completes the run with every report.
2. a careless BI tool holds a read-write DuckDB connection on the live warehouse: dbt_build fails
   with DuckDB's lock error in its log; after the tool lets go, clearing dbt_build completes the run.
"""

from __future__ import annotations

import time

import duckdb
import pytest

from .helpers import (
    DAG_ID,
    RUN_GUARD,
    RUN_TIMEOUT,
    Deploy,
    duplicate_keys,
    query,
    report_urls_by_source,
)

FAULTY = "hedong-amr"
WORK_TASKS = ("plan_batches", "crawl_batch", "load_staging", "dbt_build", "publish_marts")


@pytest.fixture(scope="module")
def api_data(deploy: Deploy) -> Deploy:
    """This module's scenarios share one data dir: the second runs on what the first loaded."""
    deploy.use_data_dir("api")
    return deploy


def assert_complete_and_unique(d: Deploy) -> None:
    expected = d.expected_urls()
    for db in (d.published, d.warehouse):  # the BI copy, and the live file now that no run is active
        assert report_urls_by_source(db) == expected, db
        assert duplicate_keys(db) == {}, db
    status = dict(query(d.published, "select source_id, last_status from marts.mart_source_status"))
    assert status == {s: "ok" for s in d.source_ids}


def test_failed_source_is_rerun_through_the_rest_api(api_data: Deploy) -> None:
    d = api_data
    idx = d.map_index(FAULTY)
    list_url = d.sites.site(FAULTY).list_urls[0]
    d.sites.set_fault(FAULTY, "http500")
    try:
        run_id, state = d.trigger_and_wait()
    finally:
        d.sites.set_fault(FAULTY, None)  # the site recovers (the run above is over)

    # The run is red, and exactly the faulty source's mapped crawl task failed.
    states = d.states(run_id)
    assert state == "failed", states
    failed = {k for k, s in states.items() if s == "failed" and k[0] in WORK_TASKS}
    assert failed == {("crawl_batch", idx)}, states
    assert states[(RUN_GUARD, -1)] == "failed"
    assert {k: s for k, s in states.items() if k[0] in WORK_TASKS and k != ("crawl_batch", idx)} == {
        k: "success" for k in states if k[0] in WORK_TASKS and k != ("crawl_batch", idx)
    }
    assert len([k for k in states if k[0] == "crawl_batch"]) == len(d.source_ids)

    # Its log, read through the API as the UI does, says which source, which URL and why.
    ti = d.tis(run_id)[("crawl_batch", idx)]
    log = d.api.task_log(DAG_ID, run_id, "crawl_batch", ti["try_number"], map_index=idx)
    assert FAULTY in log and list_url in log and "HTTP 500" in log, log[-3000:]

    # The other sources were loaded and published all the same; the faulty one is marked failed.
    expected = d.expected_urls()
    loaded = report_urls_by_source(d.published)
    assert loaded == {s: urls for s, urls in expected.items() if s != FAULTY}
    status = dict(query(d.published, "select source_id, last_status from marts.mart_source_status"))
    assert status[FAULTY] == "failed" and all(status[s] == "ok" for s in d.source_ids if s != FAULTY)

    # The trap: only_failed=true leaves the succeeded load/dbt/publish alone, so the repaired
    # source's reports would never reach the warehouse. The UI's Clear has only_failed off.
    dry = d.api.clear(DAG_ID, run_id, [("crawl_batch", idx)], include_downstream=True, only_failed=True, dry_run=True)
    assert {(t["task_id"], t["map_index"]) for t in dry} == {("crawl_batch", idx), (RUN_GUARD, -1)}

    # The UI's Clear: that task instance and everything downstream of it, for real (dry_run false).
    cleared = d.api.clear(DAG_ID, run_id, [("crawl_batch", idx)], include_downstream=True, only_failed=False)
    assert {(t["task_id"], t["map_index"]) for t in cleared} == {
        ("crawl_batch", idx), ("load_staging", -1), ("dbt_build", -1), ("publish_marts", -1), (RUN_GUARD, -1)
    }
    assert d.wait_after_clear(run_id) == "success"
    tis = d.tis(run_id)
    assert tis[("crawl_batch", idx)]["state"] == "success" and tis[("crawl_batch", idx)]["try_number"] == 2
    assert tis[(RUN_GUARD, -1)]["state"] == "skipped"
    assert all(t["state"] == "success" for k, t in tis.items() if k[0] in WORK_TASKS)
    # The other sources were not crawled again.
    assert all(tis[("crawl_batch", d.map_index(s))]["try_number"] == 1 for s in d.source_ids if s != FAULTY)
    assert_complete_and_unique(d)


def _hold_lock_after_load(d: Deploy, run_id: str) -> duckdb.DuckDBPyConnection | None:
    """Once load_staging is done and before dbt opens the file, connect read-write like a BI tool."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        state = d.states(run_id).get(("load_staging", -1))
        if state == "success":
            try:
                return duckdb.connect(str(d.warehouse))  # read-write: DuckDB's exclusive file lock
            except duckdb.IOException:
                return None  # dbt got there first: this attempt cannot show the failure
        assert state not in ("failed", "upstream_failed"), d.states(run_id)
        time.sleep(0.2)
    raise AssertionError(f"load_staging of {run_id} did not finish in {RUN_TIMEOUT} s: {d.states(run_id)}")


def test_dbt_failure_from_a_held_warehouse_lock_is_rerun(api_data: Deploy) -> None:
    d = api_data
    for _attempt in range(2):
        run_id = d.api.trigger(DAG_ID)
        bi_tool = _hold_lock_after_load(d, run_id)
        if bi_tool is not None:
            break
        d.api.wait_for_run(DAG_ID, run_id, RUN_TIMEOUT)
    else:
        pytest.fail("dbt_build opened the warehouse before the test could lock it, twice")
    try:
        assert bi_tool.execute("select count(*) from raw.reports").fetchone()[0] > 0  # the BI query
        state = d.api.wait_for_run(DAG_ID, run_id, RUN_TIMEOUT)
        states = d.states(run_id)
        assert state == "failed", states
        assert states[("dbt_build", -1)] == "failed"
        assert states[("publish_marts", -1)] == "upstream_failed"
        assert states[("load_staging", -1)] == "success"
        assert all(s == "success" for k, s in states.items() if k[0] in ("plan_batches", "crawl_batch"))
        ti = d.tis(run_id)[("dbt_build", -1)]
        log = d.api.task_log(DAG_ID, run_id, "dbt_build", ti["try_number"])
        assert "dbt build failed" in log, log[-3000:]
        assert "Could not set lock on file" in log and str(d.warehouse) in log, log[-3000:]
    finally:
        bi_tool.close()  # the BI tool lets go of the live file

    cleared = d.api.clear(DAG_ID, run_id, ["dbt_build"], include_downstream=True, only_failed=True)
    assert {(t["task_id"], t["map_index"]) for t in cleared} == {("dbt_build", -1), ("publish_marts", -1), (RUN_GUARD, -1)}
    assert d.wait_after_clear(run_id) == "success"
    states = d.states(run_id)
    assert states[("dbt_build", -1)] == "success" and states[("publish_marts", -1)] == "success"
    assert states[(RUN_GUARD, -1)] == "skipped"
    assert_complete_and_unique(d)
