"""On demand: re-parse and re-extract every stored report from the raw archive, no crawling.

Run after a rule change (a new metric, a synonym, a better chrome pattern). The load replaces the
rows of the current extractor version only; older versions' rows stay for comparison. Same pool
and tasks as the nightly DAG below the crawl, so reruns are just as safe.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task

from scrapers.ops.alerts import task_failed
from scrapers.settings import Settings

SETTINGS = Settings.from_env()  # environment only: cheap at parse time


@dag(
    dag_id="mr_reports_reextract",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=SETTINGS.run_timeout_min),
    default_args={"execution_timeout": timedelta(minutes=SETTINGS.task_timeout_min), "on_failure_callback": task_failed},
    tags=["mr-reports"],
    doc_md=__doc__,
)
def mr_reports_reextract():
    @task
    def reextract_from_archive() -> dict[str, int]:
        from scrapers.pipeline import reextract
        from scrapers.settings import Settings
        from scrapers.sources import load_sources
        from scrapers.store import DataDir

        settings = Settings.from_env()
        rebuilt, errors = reextract(load_sources(settings.sources_file), DataDir(settings.data_dir), get_current_context()["run_id"])
        for error in errors:
            print(f"could not re-extract: {error}")
        return {"rebuilt": len(rebuilt), "errors": len(errors)}

    @task(pool="warehouse")
    def load_staging() -> str:
        from scrapers.pipeline import load
        from scrapers.settings import Settings
        from scrapers.sources import load_sources
        from scrapers.store import DataDir

        settings = Settings.from_env()
        return str(load(load_sources(settings.sources_file), DataDir(settings.data_dir), get_current_context()["run_id"], settings.warehouse))

    @task(pool="warehouse")
    def dbt_build_and_publish() -> str:
        from scrapers.pipeline import build_marts
        from scrapers.settings import Settings

        return str(build_marts(Settings.from_env().warehouse))

    reextract_from_archive() >> load_staging() >> dbt_build_and_publish()


mr_reports_reextract()
