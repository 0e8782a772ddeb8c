"""Where things are, from the environment (Airflow workers, compose, CLI all set the same names).

Secrets never live here or in the repo: a warehouse URL with a password comes from the
environment or an Airflow connection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    sources_file: Path
    data_dir: Path
    # A DuckDB file, or a SQLAlchemy URL (postgresql://mr_reports@host:5432/mr_reports) whose
    # password comes from MR_WAREHOUSE_PASSWORD: the one setting that selects the warehouse.
    warehouse: Path | str
    batch_size: int
    requests_per_second: float
    sources_in_parallel: int  # threads of one crawl task = its cap on requests in flight
    crawl_slots: int  # crawl tasks at once (the Airflow `crawl` pool)
    # Airflow limits (minutes): every task has an execution_timeout, the run a dagrun_timeout, and
    # the deadline alert tells the operator when a night runs long (scrapers/ops/alerts.py).
    task_timeout_min: float = 60
    crawl_task_timeout_min: float | None = None  # None: from the batch size and the source budget
    run_timeout_min: float = 10 * 60
    run_deadline_min: float = 6 * 60
    # The published BI copy: file mode (octal) and, optionally, the group a BI service reads it as.
    publish_mode: int = 0o644
    publish_group: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("MR_DATA_DIR", REPO_ROOT / "var" / "data")).resolve()
        return cls(
            sources_file=Path(os.environ.get("MR_SOURCES_FILE", REPO_ROOT / "sources.yaml")).resolve(),
            data_dir=data_dir,
            warehouse=_warehouse(os.environ.get("MR_WAREHOUSE", str(data_dir / "warehouse.duckdb"))),
            batch_size=int(os.environ.get("MR_BATCH_SIZE", "250")),
            requests_per_second=float(os.environ.get("MR_REQUESTS_PER_SECOND", "1")),
            sources_in_parallel=int(os.environ.get("MR_SOURCES_IN_PARALLEL", "64")),
            crawl_slots=int(os.environ.get("MR_CRAWL_SLOTS", "4")),
            task_timeout_min=float(os.environ.get("MR_TASK_TIMEOUT_MIN", "60")),
            crawl_task_timeout_min=float(os.environ["MR_CRAWL_TASK_TIMEOUT_MIN"]) if os.environ.get("MR_CRAWL_TASK_TIMEOUT_MIN") else None,
            run_timeout_min=float(os.environ.get("MR_RUN_TIMEOUT_MIN", str(10 * 60))),
            run_deadline_min=float(os.environ.get("MR_RUN_DEADLINE_MIN", str(6 * 60))),
            publish_mode=int(os.environ.get("MR_PUBLISH_MODE", "644"), 8),
            publish_group=os.environ.get("MR_PUBLISH_GROUP") or None,
        )

    def crawl_timeout_min(self, source_wall_s: float) -> float:
        """A crawl task's limit: its batch's sources, `sources_in_parallel` at a time, each spending
        at most its wall-time budget, plus half again for start-up and the last requests."""
        if self.crawl_task_timeout_min:
            return self.crawl_task_timeout_min
        rounds = -(-self.batch_size // max(1, self.sources_in_parallel))
        return rounds * source_wall_s * 1.5 / 60


def _warehouse(value: str) -> Path | str:
    return value if "://" in value else Path(value).resolve()
