"""Run the dbt project against a warehouse, and publish the result for BI tools.

dbt runs in a subprocess: in-process dbt followed by another DuckDB connection in the same
process fails (STACK-NOTES), and a subprocess also keeps Airflow task memory flat.
"""

from __future__ import annotations

import hashlib
import json
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
    # Target and logs go beside the warehouse, so runs on different warehouses don't share them and
    # the next run on this one reuses dbt's partial-parse cache (one writer at a time anyway).
    scratch = _dbt_dir(warehouse)
    args = [
        dbt_executable(),
        command,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(scratch / "target"),
        "--log-path", str(scratch / "logs"),
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


def _dbt_dir(warehouse: Path) -> Path:
    return warehouse.parent / ".dbt" / warehouse.name


def _project_digest(project_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(project_dir.rglob("*")):
        if path.is_file() and path.suffix in (".sql", ".yml", ".yaml", ".csv") and "target" not in path.parts:
            digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# What the table-materialised marts are built from: every raw table but the crawl's own records
# (source_runs, crawl_events), which only views read. The load stamps loaded_at on every row it
# replaces, so count and max(loaded_at) change whenever a report or mention is loaded again.
_INPUTS_SQL = """
select
    (select count(*) || '/' || coalesce(max(loaded_at)::varchar, '') from raw.reports),
    (select count(*) || '/' || coalesce(max(loaded_at)::varchar, '') from raw.metric_mentions),
    (select coalesce(md5(string_agg(concat_ws('|', source_id, agency, province, city, county, list_urls), '\n'
        order by source_id)), '') from raw.sources),
    (select coalesce(md5(string_agg(concat_ws('|', metric, name_zh, name_en, unit, definition), '\n' order by metric)), '')
        from raw.catalog_metrics),
    (select coalesce(md5(string_agg(concat_ws('|', domain, name_zh, name_en, includes), '\n' order by domain)), '')
        from raw.catalog_domains)
"""


def marts_inputs(warehouse: str | Path, project_dir: Path = DBT_PROJECT_DIR) -> str:
    """A fingerprint of everything the marts' tables depend on: the raw rows and the dbt project."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(_INPUTS_SQL).fetchone()
    finally:
        con.close()
    return hashlib.sha256(json.dumps([_project_digest(project_dir), *row]).encode()).hexdigest()


def build_if_changed(warehouse: str | Path, *, project_dir: Path = DBT_PROJECT_DIR) -> bool:
    """`dbt build` unless the marts were already built from exactly these inputs; True if it ran.

    A nothing-new night loads no report, mention, source or catalog change, so its marts are
    those of the night before; the crawl status it does change is read through views
    (mart_source_status), which need no build. The fingerprint is recorded after a successful
    build only, so a failed or killed build is simply run again.
    """
    warehouse = Path(warehouse).resolve()
    stamp = _dbt_dir(warehouse) / "built-from.txt"
    inputs = marts_inputs(warehouse, project_dir)
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == inputs:
        return False
    run_dbt(warehouse, "build", project_dir=project_dir)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(inputs + "\n", encoding="utf-8")
    return True


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
