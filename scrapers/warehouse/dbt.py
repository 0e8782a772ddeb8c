"""Run the dbt project against a warehouse, and publish the result for BI tools.

dbt runs in a subprocess: in-process dbt followed by another DuckDB connection in the same
process fails (STACK-NOTES), and a subprocess also keeps Airflow task memory flat. Its artifacts
(manifest, run_results, catalog, sources, the docs page) are kept per warehouse and published
beside the BI copy.
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

import duckdb
from sqlalchemy import make_url

from scrapers.settings import Settings
from scrapers.warehouse.load import is_url, warehouse_url
from scrapers.warehouse.leftovers import PUBLISH_TMP_PREFIX, remove_publish_leftovers

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"


class DbtError(RuntimeError):
    pass


def dbt_executable() -> str:
    # The dbt next to this interpreter (the project venv), then PATH.
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


# The artifacts BI users and operators read, copied beside the published copy after each build:
# from the build's target dir, then from the docs run's (`dbt docs generate` writes its own
# run_results.json, which must not replace the build's).
BUILD_ARTIFACTS = ("manifest.json", "run_results.json", "sources.json")
DOCS_ARTIFACTS = ("catalog.json", "index.html")


def dbt_dir_for(warehouse: str | Path) -> Path:
    """dbt's target and logs for one warehouse (so runs on different warehouses never share them):
    beside a DuckDB file; for a PostgreSQL warehouse under the data dir (MR_DATA_DIR/dbt/…), which
    the pipeline writes anyway (the repo checkout may be read-only to it, as in docker compose)."""
    if is_url(warehouse):
        url = make_url(str(warehouse))
        return Settings.from_env().data_dir / "dbt" / f"{url.get_backend_name()}-{url.host}-{url.port}-{url.database}"
    warehouse = Path(warehouse).resolve()
    return warehouse.parent / f"{warehouse.stem}.dbt"


def target_env(warehouse: str | Path) -> tuple[str, dict[str, str]]:
    """The dbt target (profiles.yml) and the variables it reads for this warehouse."""
    if not is_url(warehouse):
        return "duckdb", {"MR_WAREHOUSE": str(Path(warehouse).resolve())}
    url = warehouse_url(warehouse)
    if url.get_backend_name() != "postgresql":
        raise DbtError(f"no dbt target for {url.get_backend_name()} warehouses (DuckDB files and postgresql:// URLs are supported)")
    env = {
        "MR_PG_HOST": url.host or "127.0.0.1",
        "MR_PG_PORT": str(url.port or 5432),
        "MR_PG_USER": url.username or "",
        "MR_PG_DATABASE": url.database or "",
    }
    if url.password is not None:
        env["MR_WAREHOUSE_PASSWORD"] = url.password
    return "postgres", env


def run_dbt(
    warehouse: str | Path,
    command: str = "build",
    *,
    project_dir: Path = DBT_PROJECT_DIR,
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> str:
    """Run `dbt <command>` (a subcommand, or "source freshness", "docs generate") on the warehouse
    file; return its log, raise DbtError on failure. `env` adds variables (a PostgreSQL target)."""
    target_name_in_profile, target_vars = target_env(warehouse)
    env = {
        **os.environ,
        **target_vars,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        **(env or {}),
    }
    # Target and logs go beside the warehouse, so runs on different warehouses don't share them and
    # the next run on this one reuses dbt's partial-parse cache (one writer at a time anyway).
    target = dbt_dir_for(warehouse)
    target_name = "docs-target" if command.startswith("docs") else "target"
    args = [
        dbt_executable(),
        *command.split(),
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(target / target_name),
        "--log-path", str(target / "logs"),
        "--target", target_name_in_profile,
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
            f"dbt {command} failed on {_shown(warehouse)} (exit {proc.returncode}):\n" + "\n".join(causes) + f"\n--- last lines of dbt's log ---\n{tail}"
        )
    return log


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
    build only, so a failed or killed build is simply run again. A PostgreSQL warehouse is always
    built (the fingerprint reads the DuckDB file).
    """
    if is_url(warehouse):
        run_dbt(warehouse, "build", project_dir=project_dir)
        return True
    warehouse = Path(warehouse).resolve()
    stamp = dbt_dir_for(warehouse) / "built-from.txt"
    try:
        inputs: str | None = marts_inputs(warehouse, project_dir)
    except duckdb.Error:
        inputs = None  # unreadable now (another process holds the file): build, and let dbt say why not
    if inputs is not None and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == inputs:
        return False
    run_dbt(warehouse, "build", project_dir=project_dir)
    if inputs is not None:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(inputs + "\n", encoding="utf-8")
    return True


def _shown(warehouse: str | Path) -> str:
    return warehouse_url(warehouse).render_as_string(hide_password=True) if is_url(warehouse) else str(warehouse)


def published_path_for(warehouse: str | Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.parent / "published" / warehouse.name


def docs_dir_for(published: str | Path) -> Path:
    return Path(published).parent / "dbt-docs"


def publish(warehouse: str | Path, published: str | Path, *, mode: int = 0o644, group: str | None = None) -> Path:
    """Write what BI sees (the `marts` schema, with its column descriptions) to a new DuckDB file
    and swap it in atomically where BI tools read it; then copy dbt's artifacts beside it.

    BI tools never hold the live file: a reader there would block the next load (one writer).
    Raw, staging and intermediate layers stay behind. The file is readable by other users (`mode`,
    0644 by default; with `group`, owned by that group): a BI service runs as another OS user.
    """
    warehouse, published = Path(warehouse).resolve(), Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_publish_leftovers(published.parent)
    fd, tmp_name = tempfile.mkstemp(dir=published.parent, prefix=f"{PUBLISH_TMP_PREFIX}{os.getpid()}-", suffix=".duckdb")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB creates the file itself; mkstemp only reserved a unique name
    try:
        copy_schemas(warehouse, tmp, PUBLISHED_SCHEMAS)
        if group is not None:
            shutil.chown(tmp, group=group)
        os.chmod(tmp, mode)
        os.replace(tmp, published)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    publish_docs(warehouse, docs_dir_for(published), mode=mode)
    return published


PUBLISHED_SCHEMAS = ("marts",)


def copy_schemas(source: Path, destination: Path, schemas: tuple[str, ...]) -> None:
    """Copy the tables and views of `schemas` (views as tables of their rows), with table and column
    comments, to a new DuckDB file."""
    con = duckdb.connect(str(destination))
    try:
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
        for schema in schemas:
            con.execute(f'CREATE SCHEMA "{schema}"')
            # Views too (mart_source_status reads layers the copy leaves behind): BI gets their rows.
            relations = con.execute(
                "select table_name, comment from duckdb_tables() where database_name = 'src' and schema_name = ? "
                "union all select view_name, comment from duckdb_views() "
                "where database_name = 'src' and schema_name = ? and not internal order by 1",
                [schema, schema],
            ).fetchall()
            for name, comment in relations:
                con.execute(f'CREATE TABLE "{schema}"."{name}" AS SELECT * FROM src."{schema}"."{name}"')
                if comment:
                    con.execute(f'COMMENT ON TABLE "{schema}"."{name}" IS {_sql_string(comment)}')
            columns = con.execute(
                "select table_name, column_name, comment from duckdb_columns() "
                "where database_name = 'src' and schema_name = ? and comment is not null",
                [schema],
            ).fetchall()
            for table, column, comment in columns:
                con.execute(f'COMMENT ON COLUMN "{schema}"."{table}"."{column}" IS {_sql_string(comment)}')
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def publish_docs(warehouse: Path, docs_dir: Path, *, mode: int = 0o644) -> list[Path]:
    """Copy dbt's artifacts of the warehouse beside the published copy, each swapped in atomically."""
    base = dbt_dir_for(warehouse)
    docs_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    sources = [base / "target" / name for name in BUILD_ARTIFACTS] + [base / "docs-target" / name for name in DOCS_ARTIFACTS]
    for source in sources:
        if not source.exists():
            continue
        tmp = docs_dir / f".{source.name}.tmp"
        shutil.copyfile(source, tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, docs_dir / source.name)
        copied.append(docs_dir / source.name)
    return copied
