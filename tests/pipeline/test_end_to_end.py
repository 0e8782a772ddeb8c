"""The whole path without Airflow: demo sites over real HTTP → archive → documents → warehouse → marts.

Asserts what an analyst would check: exactly the real reports are found, look-alikes are skipped
with a reason, the marts hold the expected year-over-year rows, and a second run loads nothing new.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports, lookalikes
from scrapers.fetch.http import FetchPolicy
from scrapers.pipeline import RunSummary, run_all
from scrapers.warehouse.read import query as rows
from scrapers.warehouse.dbt import published_path_for

FAST = FetchPolicy(requests_per_second=50, attempts=2, backoff_base_s=0.05, backoff_max_s=0.2, timeout_s=5)




@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("e2e")
    with DemoSites() as sites:
        sources = sites.write_sources(work / "sources.yaml")
        first = run_all(sources, work / "warehouse.duckdb", run_id="run-1", policy=FAST)
        counts_after_first = rows(work / "warehouse.duckdb", "select (select count(*) from raw.reports), (select count(*) from raw.metric_mentions)")
        second = run_all(sources, work / "warehouse.duckdb", run_id="run-2", policy=FAST)
        urls = {s.id: s.base_url for s in sites.sites}
    return work, first, second, counts_after_first, urls


def test_finds_exactly_the_real_reports(demo_run) -> None:
    work, first, _, _, urls = demo_run
    assert first.failed == []
    assert {r.status for r in first.results} == {"ok"}
    expected = {urls[e.site_id].rstrip("/") + e.path for e in expected_reports()}
    found = {row[0] for row in rows(work / "warehouse.duckdb", "select url from raw.reports")}
    assert found == expected


def test_lookalikes_are_skipped_with_a_reason(demo_run) -> None:
    work, _, _, _, urls = demo_run
    skipped = dict(rows(work / "warehouse.duckdb", "select url, reason from raw.crawl_events where run_id = 'run-1' and kind = 'skipped'"))
    reports = {row[0] for row in rows(work / "warehouse.duckdb", "select url from raw.reports")}
    for item in lookalikes():
        url = urls[item.site_id].rstrip("/") + item.path
        assert url not in reports, item
        if any(w in item.title for w in ("法治", "报告", "总结")):
            assert skipped.get(url), f"look-alike not recorded as skipped: {item.title}"


def test_reports_carry_metadata(demo_run) -> None:
    work, _, _, _, urls = demo_run
    by_url = {
        r[0]: r[1:]
        for r in rows(work / "published" / "warehouse.duckdb", "select url, agency, report_year, published_date::varchar, title from marts.dim_report")
    }
    for e in expected_reports():
        agency, year, published, title = by_url[urls[e.site_id].rstrip("/") + e.path]
        assert (agency, year, published) == (e.agency, e.report_year, e.published), e
        assert title == e.title


def test_marts_hold_year_over_year(demo_run) -> None:
    work = demo_run[0]
    published = published_path_for(work / "warehouse.duckdb")
    yoy = {
        (r[0], r[1], r[2], r[3]): r[4:]
        for r in rows(
            published,
            "select agency_id, metric, domain, report_year, value, prior_value, prior_value_source, pct_change, stated_yoy_pct, yoy_conflict "
            "from marts.mart_metric_yoy",
        )
    }
    # 河东 2023 (real) against its synthetic 2022 report, which was generated consistent with the
    # stated 同比 change (+10.86%): computed and stated changes agree, no conflict.
    value, prior, source, pct, stated, conflict = yoy[("hedong-amr", "entities_total", "all", 2023)]
    assert value == 73208 and source == "report" and stated == pytest.approx(10.86)
    assert pct == pytest.approx(10.86, abs=0.05) and conflict is False
    # 福州 2020 has no prior report: the prior comes from the stated change (81.38万户, 同比增长14.92%).
    value, prior, source, pct, stated, conflict = yoy[("fuzhou-amr", "entities_total", "all", 2020)]
    assert value == 813800 and source == "implied_from_stated_yoy"
    assert float(prior) == pytest.approx(813800 / 1.1492, rel=1e-6)
    agencies = {k[0] for k in yoy}
    assert agencies == {"hedong-amr", "fuzhou-amr", "xianning-amr"}


def test_second_run_loads_nothing_new(demo_run) -> None:
    work, first, second, counts_after_first, _ = demo_run
    assert sum(len(r.report_ids) for r in first.results) == len(expected_reports())
    assert sum(len(r.report_ids) for r in second.results) == 0
    # Between monthly full walks, a nightly crawl reads only the first pages of each column.
    pages = {r.source_id: r.list_pages for r in first.results}, {r.source_id: r.list_pages for r in second.results}
    assert pages[0]["hedong-amr"] > 3 and all(n <= 3 for n in pages[1].values()), pages
    assert sum(r.reports_known for r in second.results) == len(expected_reports())
    assert second.load is not None and second.load.reports == 0
    assert rows(work / "warehouse.duckdb", "select (select count(*) from raw.reports), (select count(*) from raw.metric_mentions)") == counts_after_first


def test_one_bad_source_does_not_stop_the_others(tmp_path: Path) -> None:
    with DemoSites(faults={"xianning-amr": "http500"}) as sites:
        sources = sites.write_sources(tmp_path / "sources.yaml")
        list_url = sites.site("xianning-amr").list_urls[0]
        seen: list[str] = []  # what a progress bar is told, one call per source as it finishes
        summary: RunSummary = run_all(sources, tmp_path / "warehouse.duckdb", run_id="bad", policy=FAST,
                                      progress=lambda r: seen.append(r.source_id))
    status = {r.source_id: r for r in summary.results}
    assert sorted(seen) == sorted(status)
    assert status["xianning-amr"].status == "failed"
    reason = status["xianning-amr"].reason or ""
    assert "xianning-amr" in reason and list_url in reason and "500" in reason
    assert status["hedong-amr"].status == status["fuzhou-amr"].status == "ok"
    assert len(summary.failed) == 1
    loaded = {r[0] for r in rows(tmp_path / "warehouse.duckdb", "select distinct source_id from raw.reports")}
    assert loaded == {"hedong-amr", "fuzhou-amr"}
    assert rows(tmp_path / "warehouse.duckdb", "select status from raw.source_runs where source_id = 'xianning-amr'") == [("failed",)]


def test_batches_keep_sources_of_one_host_together() -> None:
    from scrapers.models import Region, Source
    from scrapers.pipeline import plan_batches

    def source(i: int, host: str) -> Source:
        return Source(f"s{i}", "某局", Region(), (f"http://{host}/list{i}.html",))

    sources = [source(0, "a.gov.cn"), source(1, "b.gov.cn"), source(2, "www.a.gov.cn"), source(3, "c.gov.cn"), source(4, "b.gov.cn")]
    batches = plan_batches(sources, batch_size=2)
    assert sorted(sum(batches, [])) == ["s0", "s1", "s2", "s3", "s4"]
    assert all(len(b) <= 2 for b in batches)
    assert ["s0", "s2"] in batches and ["s1", "s4"] in batches  # same host, same batch (www. folded)


def test_planned_batches_carry_their_sources_through_json() -> None:
    # An Airflow XCom is JSON: each crawl task gets its batch's sources, not the whole file.
    import json

    from scrapers.models import Region, Source
    from scrapers.pipeline import plan_source_batches

    sources = [
        Source("s0", "甲市市场监督管理局", Region("某省", "甲市", None), ("http://a.gov.cn/l.html", "http://a.gov.cn/m.html"),
               max_list_pages=3, requests_per_second=0.5, agency_aliases=("甲市市场监管局",)),
        Source("s1", "乙市市场监督管理局", Region(), ("http://b.gov.cn/l.html",)),
    ]
    batches = json.loads(json.dumps(plan_source_batches(sources, batch_size=1)))
    assert [[Source.from_dict(d) for d in batch] for batch in batches] == [[sources[0]], [sources[1]]]
