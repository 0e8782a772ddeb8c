"""Staging loads are idempotent and the dbt marts compute year over year as documented.

Real parts: SQLAlchemy into a DuckDB file, then a real `dbt build` (models and dbt tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.models import MetricMention, Region, ReportDocument, Source
from scrapers.store import CrawlEvent, DataDir, SourceResult
from scrapers.warehouse.read import query
from scrapers.warehouse.dbt import published_path_for, publish, run_dbt
from scrapers.warehouse.load import load_run

SOURCE = Source("xianning-amr", "咸宁市市场监督管理局", Region("湖北省", "咸宁市", None), ("http://127.0.0.1:1/list.html",))


def mention(metric: str, value: float, *, domain: str = "all", period: str = "year", yoy: float | None = None, unit: str = "count") -> MetricMention:
    evidence = f"{metric} {value}"
    return MetricMention(metric, domain, value, unit, False, period, yoy, evidence, 0, len(evidence), "test", 1.0)


def report(year: int, metrics: list[MetricMention], *, url: str | None = None, version: str = "v1") -> ReportDocument:
    return ReportDocument(
        url=url or f"http://127.0.0.1:1/{year}.html",
        title=f"咸宁市市场监督管理局{year}年度法治政府建设情况报告",
        agency=SOURCE.agency,
        report_year=year,
        published=f"{year + 1}-03-12",
        body_text="正文" * 10,
        source_id=SOURCE.id,
        metrics=metrics,
        extractor_version=version,
    )




@pytest.fixture()
def data(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def test_load_is_idempotent_and_marts_compute_yoy(data: DataDir) -> None:
    warehouse = data.root / "warehouse.duckdb"
    prior = report(2022, [mention("cases_filed", 400), mention("fines", 1_000_000, unit="yuan")])
    current = report(
        2023,
        [
            # a total and its parts, same metric and domain: the headline is the total
            mention("cases_filed", 500, yoy=25.0),
            mention("cases_filed", 46),
            mention("cases_filed", 19),
            # a cumulative figure is never the year's value
            mention("cases_filed", 9000, period="cumulative"),
            # stated 同比 disagrees with last year's report by far more than 1 point
            mention("fines", 1_500_000, unit="yuan", yoy=10.0),
            # no prior report value: the implied prior comes from the stated change
            mention("entities_total", 73208, yoy=10.86),
            mention("sampling_batches", 120, domain="food"),
        ],
    )
    for doc in (prior, current):
        data.save_document(doc)
    data.save_source_result(
        "run1",
        SourceResult(SOURCE.id, report_ids=[prior.report_id, current.report_id], events=[CrawlEvent(SOURCE.id, "http://127.0.0.1:1/x.html", "skipped", "某某工作要点", "a plan")]),
    )

    first = load_run(warehouse, data, "run1", [SOURCE])
    second = load_run(warehouse, data, "run1", [SOURCE])
    assert (first.reports, first.mentions) == (2, 9)
    assert (second.reports, second.mentions) == (2, 9)  # replaced, not added
    assert query(warehouse, "select count(*) from raw.metric_mentions") == [(9,)]
    assert query(warehouse, "select count(*) from raw.reports") == [(2,)]
    assert query(warehouse, "select count(*) from raw.crawl_events") == [(1,)]

    run_dbt(warehouse, "build")
    rows = {
        (r[0], r[1]): r[2:]
        for r in query(
            warehouse,
            "select metric, domain, value, prior_year, prior_value, prior_value_source, abs_change, pct_change, "
            "stated_yoy_pct, implied_prior_value, yoy_conflict from marts.mart_metric_yoy where report_year = 2023",
        )
    }
    assert rows[("cases_filed", "all")] == (500, 2022, 400, "report", 100, 25.0, 25.0, 400.0, False)
    fines = rows[("fines", "all")]
    assert fines[:6] == (1_500_000, 2022, 1_000_000, "report", 500_000, 50.0)
    assert fines[8] is True  # stated +10% vs +50% from the reports
    entities = rows[("entities_total", "all")]
    assert (entities[1], float(entities[2]), entities[3]) == (2022, pytest.approx(73208 / 1.1086, abs=0.01), "implied_from_stated_yoy")
    assert rows[("sampling_batches", "food")][1:4] == (None, None, None)

    headline = query(warehouse, "select count(*) from marts.fct_metric_mentions where is_headline")
    assert headline == [(6,)]  # 2 in 2022, 4 in 2023
    assert query(warehouse, "select agency_id, n_reports, first_report_year, last_report_year from marts.dim_agency") == [
        ("xianning-amr", 2, 2022, 2023)
    ]

    published = publish(warehouse, published_path_for(warehouse))
    assert query(published, "select count(*) from marts.dim_report") == [(2,)]


def test_reextraction_replaces_only_that_version(data: DataDir) -> None:
    warehouse = data.root / "warehouse.duckdb"
    doc = report(2023, [mention("cases_filed", 500)], version="v1")
    data.save_document(doc)
    load_run(warehouse, data, "run1", [SOURCE])
    doc_v2 = report(2023, [mention("cases_filed", 501), mention("fines", 10, unit="yuan")], version="v2")
    data.save_document(doc_v2)
    load_run(warehouse, data, "reextract", [SOURCE], extra_report_ids=[doc_v2.report_id])
    load_run(warehouse, data, "reextract", [SOURCE], extra_report_ids=[doc_v2.report_id])
    assert query(warehouse, "select extractor_version, count(*) from raw.metric_mentions group by 1 order by 1") == [("v1", 1), ("v2", 2)]
    run_dbt(warehouse, "build")
    # the marts see the current version only
    assert query(warehouse, "select extractor_version, value from marts.fct_metric_mentions where metric = 'cases_filed'") == [("v2", 501)]


def test_documents_never_loaded_are_picked_up_by_the_next_load(data: DataDir) -> None:
    warehouse = data.root / "warehouse.duckdb"
    orphan = report(2021, [mention("complaints", 12)])
    data.save_document(orphan)  # saved by a crawl whose load then failed
    summary = load_run(warehouse, data, "a-later-run", [SOURCE])
    assert summary.reports == 1
    assert query(warehouse, "select report_year from raw.reports") == [(2021,)]


def test_failed_load_leaves_previous_state(data: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = data.root / "warehouse.duckdb"
    data.save_document(report(2022, [mention("cases_filed", 400)]))
    load_run(warehouse, data, "run1", [SOURCE])

    import scrapers.warehouse.load as load_module

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    data.save_document(report(2023, [mention("cases_filed", 500)]))
    monkeypatch.setattr(load_module, "load_source_results", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        load_run(warehouse, data, "run2", [SOURCE])
    assert query(warehouse, "select report_year from raw.reports") == [(2022,)]


def test_nothing_new_night_skips_dbt_but_shows_its_crawl_status(data: DataDir) -> None:
    from scrapers.warehouse.dbt import build_if_changed

    warehouse = data.root / "warehouse.duckdb"
    doc = report(2023, [mention("cases_filed", 500)])
    data.save_document(doc)
    data.save_source_result("night1", SourceResult(SOURCE.id, report_ids=[doc.report_id], finished_at="2026-12-01T02:00:00+00:00"))
    load_run(warehouse, data, "night1", [SOURCE])
    assert build_if_changed(warehouse) is True

    # Night 2 finds nothing new: its status is visible at once, with no dbt build.
    data.save_source_result("night2", SourceResult(SOURCE.id, reports_known=1, finished_at="2026-12-02T02:00:00+00:00"))
    load_run(warehouse, data, "night2", [SOURCE])
    assert build_if_changed(warehouse) is False
    assert query(warehouse, "select last_run_id, reports_known from marts.mart_source_status") == [("night2", 1)]

    # A renamed agency in the sources file, or a report loaded again, rebuilds the marts.
    renamed = Source(SOURCE.id, "咸宁市市场监管局", SOURCE.region, SOURCE.list_urls)
    load_run(warehouse, data, "night3", [renamed])
    assert build_if_changed(warehouse) is True
    assert query(warehouse, "select agency from marts.dim_agency") == [("咸宁市市场监管局",)]
    assert build_if_changed(warehouse) is False
    load_run(warehouse, data, "reextract", [renamed], extra_report_ids=[doc.report_id])
    assert build_if_changed(warehouse) is True


def test_dbt_files_of_a_postgresql_warehouse_go_under_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not into the repo checkout, which the containers' airflow user (docker compose) cannot write."""
    from scrapers.warehouse.dbt import dbt_dir_for

    monkeypatch.setenv("MR_DATA_DIR", str(tmp_path))
    assert dbt_dir_for("postgresql://mr_reports@warehouse-db:5432/mr_reports") == tmp_path / "dbt" / "postgresql-warehouse-db-5432-mr_reports"
    assert dbt_dir_for(tmp_path / "w" / "warehouse.duckdb") == tmp_path / "w" / "warehouse.dbt"  # DuckDB: beside its file
