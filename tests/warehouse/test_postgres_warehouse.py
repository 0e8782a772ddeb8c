"""The PostgreSQL warehouse: same staging load, same dbt models, the same marts row for row.

Real parts: a private PostgreSQL cluster from Debian's binaries (scrapers.ops.warehouse_postgres),
the demo sites over HTTP, SQLAlchemy loads into both warehouses from one crawl's data dir, and
`dbt build` with dbt-duckdb and with dbt-postgres (contracts, tests and unit tests on both).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg2
import pytest

from scrapers.demo.server import DemoSites
from scrapers.fetch.http import FetchPolicy
from scrapers.ops.airflow_stack import find_pg_bindir, free_port
from scrapers.ops.warehouse_postgres import PostgresWarehouse
from scrapers.pipeline import build_marts, load, run_all
from scrapers.sources import load_sources
from scrapers.store import DataDir
from scrapers.warehouse.load import warehouse_url

pytestmark = pytest.mark.slow

FAST = FetchPolicy(requests_per_second=50, attempts=2, backoff_base_s=0.05, backoff_max_s=0.2, timeout_s=5)
MARTS = ("dim_agency", "dim_domain", "dim_metric", "dim_report", "fct_metric_mentions", "mart_metric_yoy", "mart_source_status")


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresWarehouse]:
    try:
        find_pg_bindir()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{exc}: run `bash scripts/install-system-deps.sh`")
    # Not under pytest's basetemp: the `postgres` user must traverse to its data dir, and every pytest
    # session on the machine resets /tmp/pytest-of-<user> to 0700.
    home = Path(tempfile.mkdtemp(prefix="mr-pg-warehouse-"))
    try:
        with PostgresWarehouse(home / "pg", port=free_port()) as pg:
            yield pg
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def both(postgres: PostgresWarehouse, monkeypatch_module) -> tuple[Path, str]:
    work = postgres.home.parent / "two_warehouses"  # a private dir, not pytest's shared basetemp
    monkeypatch_module.setenv("MR_WAREHOUSE_PASSWORD", postgres.password())
    with DemoSites() as sites:
        sources_file = sites.write_sources(work / "sources.yaml")
        summary = run_all(sources_file, work / "warehouse.duckdb", run_id="run-1", policy=FAST)
    assert summary.failed == []
    # the same crawl's files into PostgreSQL: the one setting (a URL) selects the warehouse
    load(load_sources(sources_file), DataDir(work), "run-1", postgres.url)
    build_marts(postgres.url)
    return work / "warehouse.duckdb", postgres.url


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _normalise(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _duckdb_rows(path: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted((tuple(_normalise(v) for v in row) for row in con.execute(f"select * from marts.{table}").fetchall()), key=repr)
    finally:
        con.close()


def _postgres_rows(url: str, table: str) -> list[tuple]:
    u = warehouse_url(url)
    con = psycopg2.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database)
    try:
        with con.cursor() as cur:
            cur.execute(f"select * from marts.{table}")
            return sorted((tuple(_normalise(v) for v in row) for row in cur.fetchall()), key=repr)
    finally:
        con.close()


@pytest.mark.parametrize("table", MARTS)
def test_marts_are_equal_row_for_row(both, table: str) -> None:
    duck, pg = both
    duck_rows, pg_rows = _duckdb_rows(duck, table), _postgres_rows(pg, table)
    assert duck_rows, f"marts.{table} is empty: nothing compared"
    only_pg = [r for r in pg_rows if r not in duck_rows]
    only_duck = [r for r in duck_rows if r not in pg_rows]
    differing = [
        {i: (a, b) for i, (a, b) in enumerate(zip(p, d, strict=True)) if a != b}
        for p, d in zip(only_pg, only_duck, strict=False)
    ]
    assert (only_pg, only_duck) == ([], []), f"rows that differ between PostgreSQL and DuckDB (column: (pg, duckdb)): {differing}"
    assert pg_rows == duck_rows  # and the same multiplicity


def test_postgres_columns_are_described_and_typed(both) -> None:
    _, pg = both
    u = warehouse_url(pg)
    con = psycopg2.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database)
    try:
        with con.cursor() as cur:
            cur.execute(
                "select c.table_name, c.column_name, c.data_type, col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position) "
                "from information_schema.columns c where c.table_schema = 'marts'"
            )
            columns = cur.fetchall()
    finally:
        con.close()
    assert len(columns) > 100
    assert [f"{t}.{c}" for t, c, _, d in columns if not d] == []
    types = {(t, c): ty for t, c, ty, _ in columns}
    assert types[("fct_metric_mentions", "value_yuan")] == "numeric"
    assert types[("mart_metric_yoy", "pct_change")] == "double precision"
    assert "real" not in set(types.values())
