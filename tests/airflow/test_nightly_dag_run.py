"""The nightly DAG run end to end by real Airflow (`airflow dags test`) against the demo sites."""

from __future__ import annotations


import pytest

from scrapers import local_airflow
from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports
from scrapers.warehouse.read import query as rows
from scrapers.warehouse.dbt import published_path_for




@pytest.fixture(scope="module")
def airflow_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("airflow_run")
    data_dir = work / "data"
    with DemoSites(faults={"fuzhou-amr": "http500"}) as sites:
        sources = sites.write_sources(work / "sources.yaml")
        env = local_airflow.airflow_env(work / "home", data_dir=data_dir, sources_file=sources)
        local_airflow.prepare(env)
        failing = local_airflow.dags_test(env)
        sites.set_fault("fuzhou-amr", None)
        healthy = local_airflow.dags_test(env)
        again = local_airflow.dags_test(env)
    mentions_before = rows(data_dir / "warehouse.duckdb", "select count(*) from raw.metric_mentions")
    reextract = local_airflow.dags_test(env, "mr_reports_reextract")  # no sites needed: the archive
    return data_dir, failing, healthy, again, sites, mentions_before, reextract


def test_failing_source_fails_its_own_task_and_others_load(airflow_run) -> None:
    data_dir, failing, *_ = airflow_run
    log = failing.stdout + failing.stderr
    assert "DagRun Finished" in log and "state=failed" in log
    assert "[source fuzhou-amr]" in log and "HTTP 500" in log
    first_run = rows(
        data_dir / "warehouse.duckdb",
        "select source_id, status, reports_new from raw.source_runs "
        "where run_id = (select run_id from raw.source_runs where status = 'failed') order by source_id",
    )
    # all_done: the healthy sources of the failing run were loaded all the same
    assert [(s, st) for s, st, _ in first_run] == [("fuzhou-amr", "failed"), ("hedong-amr", "ok"), ("xianning-amr", "ok")]
    assert all(new > 0 for s, _, new in first_run if s != "fuzhou-amr")


def test_repaired_run_succeeds_with_every_report(airflow_run) -> None:
    data_dir, _, healthy, *_ = airflow_run
    log = healthy.stdout + healthy.stderr
    assert healthy.returncode == 0 and "state=success" in log, log[-3000:]
    published = published_path_for(data_dir / "warehouse.duckdb")
    assert rows(published, "select count(*) from marts.dim_report") == [(len(expected_reports()),)]
    assert rows(published, "select count(distinct agency_id) from marts.mart_metric_yoy where prior_value is not null") == [(3,)]


def test_third_run_loads_nothing_new_and_no_duplicates(airflow_run) -> None:
    data_dir, _, _, again, *_ = airflow_run
    assert again.returncode == 0
    db = data_dir / "warehouse.duckdb"
    assert rows(db, "select count(*), count(distinct report_id) from raw.reports") == [(len(expected_reports()), len(expected_reports()))]
    assert rows(db, "select count(*) = count(distinct (report_id, extractor_version, mention_seq)) from raw.metric_mentions") == [(True,)]
    last = rows(db, "select run_id from raw.source_runs order by finished_at desc limit 1")[0][0]
    assert rows(db, f"select sum(reports_new), sum(reports_known) from raw.source_runs where run_id = '{last}'") == [(0, len(expected_reports()))]


def test_reextract_dag_rebuilds_from_the_archive_without_duplicates(airflow_run) -> None:
    data_dir, *_, mentions_before, reextract = airflow_run
    log = reextract.stdout + reextract.stderr
    assert reextract.returncode == 0 and "state=success" in log, log[-3000:]
    db = data_dir / "warehouse.duckdb"
    # same extractor version: its rows are replaced, not added
    assert rows(db, "select count(*) from raw.metric_mentions") == mentions_before
    assert rows(db, "select count(*) = count(distinct (report_id, extractor_version, mention_seq)) from raw.metric_mentions") == [(True,)]
    assert rows(db, "select count(*) from raw.reports") == [(len(expected_reports()),)]
