"""Nightly: crawl the configured bureaus' sites, load new reports, rebuild the marts.

Thin wiring only; every task calls into `scrapers.pipeline`. The sources file is read once, by
plan_batches; each mapped crawl task gets its batch of sources (not the whole file) and crawls
them with many threads, and several crawl tasks run at once (the `crawl` pool, MR_CRAWL_SLOTS).
Crawl tasks write files only; the warehouse writers (load, dbt) share the 1-slot `warehouse`
pool because DuckDB takes one writer. Every task is safe to clear and rerun.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import AsyncCallback, DeadlineAlert, DeadlineReference, Param, dag, get_current_context, task

from scrapers.budgets import Budgets
from scrapers.ops.alerts import night_overran, task_failed
from scrapers.settings import Settings

RETRIES = int(os.environ.get("MR_TASK_RETRIES", "2"))
SETTINGS = Settings.from_env()  # environment only: cheap at parse time
TASK_TIMEOUT = timedelta(minutes=SETTINGS.task_timeout_min)
CRAWL_TIMEOUT = timedelta(minutes=SETTINGS.crawl_timeout_min(Budgets.from_env().max_wall_s))


@dag(
    dag_id="mr_reports_nightly",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    # A stuck night must not block the next one; the deadline alert comes well before the timeout.
    dagrun_timeout=timedelta(minutes=SETTINGS.run_timeout_min),
    # MR_RUN_DEADLINE_MIN=0 turns it off (local `airflow dags test` runs: see scrapers/local_airflow.py).
    deadline=DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=timedelta(minutes=SETTINGS.run_deadline_min),
        callback=AsyncCallback(night_overran, kwargs={"within": f"{SETTINGS.run_deadline_min:g} minutes"}),
    )
    if SETTINGS.run_deadline_min > 0
    else None,
    default_args={
        "retries": RETRIES,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
        "execution_timeout": TASK_TIMEOUT,
        "on_failure_callback": task_failed,
    },
    # From the Trigger form: crawl chosen sources only, or refetch reports already known.
    params={
        "source_ids": Param([], type="array", items={"type": "string"}, title="Sources to crawl",
                            description="Source ids from the sources file; empty = all sources."),
        "refetch_known": Param(False, type="boolean", title="Refetch known reports",
                               description="Fetch and re-parse reports already stored (e.g. corrected pages)."),
    },
    tags=["mr-reports"],
    doc_md=__doc__,
)
def mr_reports_nightly():
    @task
    def plan_batches() -> list[list[dict]]:
        from scrapers.pipeline import plan_source_batches, select_sources
        from scrapers.sources import load_sources

        chosen = get_current_context()["params"].get("source_ids") or []
        sources = select_sources(load_sources(SETTINGS.sources_file), chosen)
        return plan_source_batches(sources, SETTINGS.batch_size)

    # Mapped tasks are labelled by their source ids in the UI, not 0..N.
    @task(pool="crawl", execution_timeout=CRAWL_TIMEOUT, map_index_template="{{ source_ids_label }}")
    def crawl_batch(sources: list[dict]) -> dict[str, str]:
        from scrapers.crawl import CrawlOptions
        from scrapers.pipeline import batch_label, crawl_planned_batch

        context = get_current_context()
        context["source_ids_label"] = batch_label([s["id"] for s in sources])  # type: ignore[typeddict-unknown-key]
        options = CrawlOptions(refetch_known=bool(context["params"].get("refetch_known")), budgets=Budgets.from_env())
        results = crawl_planned_batch(sources, SETTINGS, context["run_id"], options=options)
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
    def dbt_build() -> bool:
        # `dbt source freshness`, then `dbt build`; fails loudly after the build when a staging
        # table went stale (a loader that silently stopped), so the run turns red.
        from scrapers.pipeline import build_with_freshness_check
        from scrapers.settings import Settings

        # Skipped when the marts' inputs are unchanged: a nothing-new night's marts are already built.
        return build_with_freshness_check(Settings.from_env().warehouse)

    @task(pool="warehouse")
    def publish_marts(built: bool) -> str:
        from scrapers.pipeline import publish_marts
        from scrapers.settings import Settings

        # dbt docs are regenerated only when the build ran; the BI copy is published every night.
        return str(publish_marts(Settings.from_env().warehouse, docs=built))

    @task(trigger_rule="one_failed", retries=0)
    def fail_run_on_failed_task() -> None:
        # Without this leaf a failed crawl batch leaves the run green (load_staging is all_done and
        # the leaves succeed), so nobody would rerun the source. Skipped when nothing failed.
        raise RuntimeError("a task of this run failed: clear it (with downstream) once its cause is fixed")

    crawled = crawl_batch.expand(sources=plan_batches())
    loaded, built = load_staging(), dbt_build()
    published = publish_marts(built)
    crawled >> loaded >> built
    [crawled, loaded, built, published] >> fail_run_on_failed_task()


mr_reports_nightly()
