"""Run this repo's DAGs with a real local Airflow (metadata DB, pools), as the demo and tests do.

Production uses docker-compose.yml (PostgreSQL, scheduler, api-server …); locally
`airflow dags test` runs a whole DAG run in one process against a SQLite metadata DB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scrapers.settings import REPO_ROOT

NIGHTLY_DAG = "mr_reports_nightly"


def airflow_env(home: Path, *, data_dir: Path, sources_file: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__PARALLELISM": "4",  # a 2-core machine: the default pre-forks ~40 processes
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        "MR_DATA_DIR": str(data_dir),
        "MR_SOURCES_FILE": str(sources_file),
        "MR_WAREHOUSE": str(data_dir / "warehouse.duckdb"),
        "MR_TASK_RETRIES": "0",  # a local run reports failures at once instead of waiting to retry
        # Loopback demo sites take more than the gentle 1 request/s a real government site gets.
        "MR_REQUESTS_PER_SECOND": "20",
        # One source a batch here, so a failing demo site fails exactly its own mapped task.
        "MR_BATCH_SIZE": "1",
        # No deadline alert: Airflow 3.3.2's `dags test` crashes when a run with a DAG deadline
        # succeeds (DagRun.update_state looks the alerts up by id but holds their definitions:
        # "'dict' object has no attribute 'hex'"). The scheduler stores ids and is not affected.
        "MR_RUN_DEADLINE_MIN": "0",
    }
    env.update(extra or {})
    return env


def _airflow(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    airflow = str(Path(sys.executable).parent / "airflow")
    return subprocess.run([airflow, *args], env=env, capture_output=True, text=True, check=check)


def prepare(env: dict[str, str]) -> None:
    """Create or upgrade the metadata DB, the 1-slot pool the warehouse writers share and the
    pool that bounds how many crawl tasks run at once."""
    Path(env["AIRFLOW_HOME"]).mkdir(parents=True, exist_ok=True)
    _airflow(env, "db", "migrate")
    _airflow(env, "pools", "set", "warehouse", "1", "DuckDB warehouse: one writer at a time")
    _airflow(env, "pools", "set", "crawl", env.get("MR_CRAWL_SLOTS", "4"), "crawl tasks at once (each runs many sources)")


def dags_test(
    env: dict[str, str], dag_id: str = NIGHTLY_DAG, logical_date: str | None = None, conf: dict | None = None
) -> subprocess.CompletedProcess[str]:
    """`conf`: the Trigger form's params, e.g. {"source_ids": ["hedong-amr"], "refetch_known": True}."""
    import json

    args = ["dags", "test", dag_id] + ([logical_date] if logical_date else []) + (["-c", json.dumps(conf)] if conf else [])
    return _airflow(env, *args, check=False)


def list_import_errors(env: dict[str, str]) -> str:
    return _airflow(env, "dags", "list-import-errors", "-o", "plain", check=False).stdout
