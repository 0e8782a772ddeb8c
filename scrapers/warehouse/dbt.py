"""Run the dbt project against a warehouse, and publish the result for BI tools.

dbt runs in a subprocess: in-process dbt followed by another DuckDB connection in the same
process fails (STACK-NOTES), and a subprocess also keeps Airflow task memory flat.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scrapers.warehouse.leftovers import PUBLISH_TMP_PREFIX, remove_publish_leftovers

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"


class DbtError(RuntimeError):
    pass


def dbt_executable() -> str:
    # The dbt next to this interpreter (the project venv), then PATH.
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(warehouse: str | Path, command: str = "build", *, project_dir: Path = DBT_PROJECT_DIR, extra_args: tuple[str, ...] = ()) -> str:
    """Run `dbt <command>` on the warehouse file; return its log, raise DbtError on failure."""
    warehouse = Path(warehouse).resolve()
    env = {
        **os.environ,
        "MR_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    # Target and logs go to a scratch dir so parallel runs of different warehouses don't share them.
    with tempfile.TemporaryDirectory(prefix="dbt-") as scratch:
        args = [
            dbt_executable(),
            command,
            "--project-dir", str(project_dir),
            "--profiles-dir", str(project_dir),
            "--target-path", str(Path(scratch) / "target"),
            "--log-path", str(Path(scratch) / "logs"),
            *extra_args,
        ]
        proc = subprocess.run(args, env=env, capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        lines = log.splitlines()
        # The cause first (a lock held by another process, a failing test, a SQL error), then the tail.
        causes = [line.strip() for line in lines if re.search(r"\b(Error|ERROR|FAIL)\b", line)]
        causes = list(dict.fromkeys(causes))[:10]
        tail = "\n".join(lines[-30:])
        raise DbtError(
            f"dbt {command} failed on {warehouse} (exit {proc.returncode}):\n" + "\n".join(causes) + f"\n--- last lines of dbt's log ---\n{tail}"
        )
    return log


def published_path_for(warehouse: str | Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.parent / "published" / warehouse.name


def publish(warehouse: str | Path, published: str | Path) -> Path:
    """Copy the warehouse to where BI tools read it, swapped in atomically.

    BI tools never hold the live file: a reader there would block the next load (one writer).
    """
    warehouse, published = Path(warehouse), Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_publish_leftovers(published.parent)
    fd, tmp = tempfile.mkstemp(dir=published.parent, prefix=f"{PUBLISH_TMP_PREFIX}{os.getpid()}-", suffix=".duckdb")
    os.close(fd)
    try:
        shutil.copyfile(warehouse, tmp)
        os.replace(tmp, published)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return published
