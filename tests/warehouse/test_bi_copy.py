"""The published copy is what a BI tool may see, typed exactly and described in the database.

Real parts: SQLAlchemy load into DuckDB, a real `dbt build` (contracts, dbt tests and unit tests),
`dbt docs generate`, the publish step, and a read of the copy as another OS user.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
import os
import pwd
import stat
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from scrapers.pipeline import SourcesStale, build_with_freshness_check, publish_marts
from scrapers.store import DataDir, SourceResult
from scrapers.warehouse.dbt import docs_dir_for, published_path_for
from scrapers.warehouse.load import load_run
from tests.warehouse.test_load_and_marts import SOURCE, mention, report


@pytest.fixture(scope="module")
def built() -> Iterator[tuple[Path, Path]]:
    # Not under pytest's basetemp: `nobody` must traverse to the copy, and every pytest session on
    # the machine resets /tmp/pytest-of-<user> to 0700.
    root = Path(tempfile.mkdtemp(prefix="mr-bi-copy-"))
    try:
        yield _build(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _build(root: Path) -> tuple[Path, Path]:
    data = DataDir(root / "data")
    warehouse = data.root / "warehouse.duckdb"
    docs = [
        # 2942.29亿元 as the extractor computes it (a float): a 32-bit FLOAT would be 16,192 yuan off
        report(2022, [mention("fines", 2942.29 * 1e8, unit="yuan"), mention("cases_filed", 400)]),
        report(2023, [mention("fines", 1_500_000.37, unit="yuan", yoy=10.0), mention("court_appearance_rate", 98.5, unit="percent")]),
    ]
    for doc in docs:
        data.save_document(doc)
    data.save_source_result("run1", SourceResult(SOURCE.id, report_ids=[d.report_id for d in docs]))
    load_run(warehouse, data, "run1", [SOURCE])
    build_with_freshness_check(warehouse)
    return warehouse, publish_marts(warehouse)


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_copy_holds_the_marts_only(built) -> None:
    _, published = built
    schemas = _rows(published, "select distinct schema_name from duckdb_tables() union select distinct schema_name from duckdb_views() where not internal")
    assert {s for (s,) in schemas} == {"marts"}
    tables = {t for (t,) in _rows(published, "select table_name from duckdb_tables()")}
    assert tables == {"dim_agency", "dim_domain", "dim_metric", "dim_report", "fct_metric_mentions", "mart_metric_yoy", "mart_source_status"}


def test_every_column_and_table_is_described_in_the_database(built) -> None:
    _, published = built
    undescribed = _rows(
        published,
        "select table_name || '.' || column_name from duckdb_columns() where schema_name = 'marts' and coalesce(trim(comment), '') = ''",
    )
    assert undescribed == []
    assert _rows(published, "select table_name from duckdb_tables() where coalesce(comment, '') = ''") == []
    assert _rows(published, "select count(*) from duckdb_columns() where schema_name = 'marts'")[0][0] > 100


def test_types_are_exact_and_yuan_exact_to_the_fen(built) -> None:
    _, published = built
    types = dict(
        ((t, c), d)
        for t, c, d in _rows(published, "select table_name, column_name, data_type from duckdb_columns() where schema_name = 'marts'")
    )
    assert "FLOAT" not in set(types.values())
    assert types[("fct_metric_mentions", "value")] == "DECIMAL(24,4)"
    assert types[("fct_metric_mentions", "value_yuan")] == "DECIMAL(20,2)"
    assert types[("mart_metric_yoy", "pct_change")] == "DOUBLE"
    assert types[("dim_agency", "n_reports")] == "BIGINT"
    assert types[("mart_metric_yoy", "report_year_date")] == "DATE"
    fines = _rows(published, "select report_year, value_yuan from marts.fct_metric_mentions where metric = 'fines' order by 1")
    assert fines == [(2022, Decimal("294229000000.00")), (2023, Decimal("1500000.37"))]
    yoy = _rows(
        published,
        "select metric_name_zh, metric_name_en, unit_name_zh, domain_name_zh, report_year_date, prior_value, abs_change "
        "from marts.mart_metric_yoy where metric = 'fines' and report_year = 2023",
    )
    assert yoy == [("罚没款", "fines and confiscations", "元", "综合", __import__("datetime").date(2023, 1, 1), Decimal("294229000000.0000"), Decimal("-294227499999.6300"))]


def test_copy_is_readable_by_another_os_user(built) -> None:
    _, published = built
    assert stat.S_IMODE(published.stat().st_mode) == 0o644
    if os.geteuid() != 0:
        pytest.skip("reading as another user needs root (CI runs as root)")
    for parent in [published.parent, *published.parents]:  # mkdtemp makes 0700: let `nobody` through
        if parent == Path("/tmp"):
            break
        parent.chmod(parent.stat().st_mode | 0o001)
    nobody = pwd.getpwnam("nobody")
    # Fork and drop to `nobody` (the venv itself may not be reachable for that user): open the copy
    # read-only with DuckDB as a BI service would, report the row count through the exit code.
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            con = duckdb.connect(str(published), read_only=True)
            os._exit(int(con.execute("select count(*) from marts.dim_report").fetchone()[0]))
        except BaseException:
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2  # both reports, read as nobody


def test_dbt_artifacts_are_kept_beside_the_copy(built) -> None:
    warehouse, published = built
    docs = docs_dir_for(published)
    assert {p.name for p in docs.iterdir()} >= {"manifest.json", "run_results.json", "catalog.json", "index.html", "sources.json"}
    run_results = json.loads((docs / "run_results.json").read_text())
    assert run_results["args"]["which"] == "build"
    unit_tests = [r for r in run_results["results"] if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) == 2 and {r["status"] for r in unit_tests} == {"pass"}
    catalog = json.loads((docs / "catalog.json").read_text())
    assert "model.mr_reports.mart_metric_yoy" in catalog["nodes"]
    exposures = json.loads((docs / "manifest.json").read_text())["exposures"]
    assert any(e["type"] == "dashboard" for e in exposures.values())


def test_a_stale_source_fails_loudly_after_the_build(built) -> None:
    warehouse, _ = built
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("update raw.source_runs set loaded_at = loaded_at - interval 3 day")
        con.execute("update raw.sources set loaded_at = loaded_at - interval 3 day")
    finally:
        con.close()
    with pytest.raises(SourcesStale, match="source_runs|sources"):
        build_with_freshness_check(warehouse)
    assert published_path_for(warehouse).exists()


def test_summary_plot_draws_the_yoy_with_chinese_labels(built, tmp_path: Path) -> None:
    import warnings

    from PIL import Image

    from scrapers.warehouse.plot import latest_yoy, plot_yoy

    _, published = built
    agency, year, bars = latest_yoy(published, None)
    assert (agency, year) == (SOURCE.agency, 2023)
    assert [(b.label, b.pct_change, b.stated_yoy_pct, b.conflict) for b in bars] == [("罚没款", -100.0, 10.0, True)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = plot_yoy(published, tmp_path / "yoy.png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []  # every Chinese glyph came from the CJK font
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width > 500
