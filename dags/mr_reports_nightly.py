"""Nightly: crawl the configured bureaus' sites, load new reports, rebuild the marts.

Thin wiring only; every task calls into `scrapers.pipeline`. Crawl tasks are mapped over batches
of sources and write files only; the warehouse writers (load, dbt) share the 1-slot `warehouse`
pool because DuckDB takes one writer. Every task is safe to clear and rerun.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task

RETRIES = int(os.environ.get("MR_TASK_RETRIES", "2"))


@dag(
    dag_id="mr_reports_nightly",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": RETRIES, "retry_delay": timedelta(minutes=5), "retry_exponential_backoff": True},
    tags=["mr-reports"],
    doc_md=__doc__,
)
def mr_reports_nightly():
    @task
    def plan_batches() -> list[list[str]]:
        from scrapers.pipeline import plan_batches
        from scrapers.settings import Settings
        from scrapers.sources import load_sources

        settings = Settings.from_env()
        return plan_batches(load_sources(settings.sources_file), settings.batch_size)

    @task(max_active_tis_per_dag=4)
    def crawl_batch(source_ids: list[str]) -> dict[str, str]:
        from scrapers.fetch.http import FetchPolicy
        from scrapers.pipeline import crawl_batch
        from scrapers.settings import Settings
        from scrapers.sources import load_sources
        from scrapers.store import DataDir

        settings = Settings.from_env()
        sources = [s for s in load_sources(settings.sources_file) if s.id in set(source_ids)]
        results = crawl_batch(
            sources,
            DataDir(settings.data_dir),
            get_current_context()["run_id"],
            policy=FetchPolicy(requests_per_second=settings.requests_per_second),
            parallel=settings.sources_in_parallel,
        )
        return {r.source_id: r.status for r in results}

    @task(pool="warehouse", trigger_rule="all_done")
    def load_staging() -> str:
        # all_done: the sources that were crawled get loaded even when another batch failed.
        from scrapers.pipeline import load
        from scrapers.settings import Settings
        from scrapers.sources import load_sources
        from scrapers.store import DataDir

        settings = Settings.from_env()
        summary = load(load_sources(settings.sources_file), DataDir(settings.data_dir), get_current_context()["run_id"], settings.warehouse)
        return str(summary)

    @task(pool="warehouse")
    def dbt_build() -> None:
        # `dbt source freshness`, then `dbt build`; fails loudly after the build when a staging
        # table went stale (a loader that silently stopped), so the run turns red.
        from scrapers.pipeline import build_with_freshness_check
        from scrapers.settings import Settings

        build_with_freshness_check(Settings.from_env().warehouse)

    @task(pool="warehouse")
    def publish_marts() -> str:
        from scrapers.pipeline import publish_marts
        from scrapers.settings import Settings

        return str(publish_marts(Settings.from_env().warehouse))

    @task(trigger_rule="one_failed", retries=0)
    def fail_run_on_failed_task() -> None:
        # Without this leaf a failed crawl batch leaves the run green (load_staging is all_done and
        # the leaves succeed), so nobody would rerun the source. Skipped when nothing failed.
        raise RuntimeError("a task of this run failed: clear it (with downstream) once its cause is fixed")

    crawled = crawl_batch.expand(source_ids=plan_batches())
    loaded, built, published = load_staging(), dbt_build(), publish_marts()
    crawled >> loaded >> built >> published
    [crawled, loaded, built, published] >> fail_run_on_failed_task()


mr_reports_nightly()
