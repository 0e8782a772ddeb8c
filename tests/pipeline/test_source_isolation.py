"""One source breaking at any stage costs only that source: the others are loaded, built and
published in the same run, and the broken one is recorded with its stage, URL and reason.

The failure is injected into the real crawl (demo sites over loopback HTTP, real dbt) for one
source only: a wrapper around crawl_source marks which source the current thread crawls, and the
stage's function raises for that source.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import scrapers.crawl as crawl
import scrapers.pipeline as pipeline
from scrapers.demo.server import DemoSites
from scrapers.fetch.http import Fetcher, FetchPolicy
from scrapers.pipeline import run_all
from scrapers.warehouse.dbt import published_path_for
from scrapers.warehouse.read import query as rows

FAST = FetchPolicy(requests_per_second=50, attempts=2, backoff_base_s=0.05, backoff_max_s=0.2, timeout_s=5)
BAD = "xianning-amr"
BASE_PORT = 22110  # this worktree's port range (22000-22999)

# stage -> (object, attribute) whose call raises while the bad source is crawled
INJECT = {
    "discovery": (crawl, "parse_list_page"),
    "fetch": (Fetcher, "fetch"),
    "decode": (crawl, "decode_html"),
    "parse": (crawl, "parse_report_page"),
    "extract": (crawl, "extract_metrics"),
    "attachments": (crawl, "_attachment_urls"),
}


@pytest.mark.slow
@pytest.mark.parametrize("stage", list(INJECT))
def test_a_failure_at_any_stage_stays_with_its_source(stage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crawling = threading.local()
    real_crawl_source = pipeline.crawl_source

    def marked_crawl_source(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        crawling.source_id = source.id
        try:
            return real_crawl_source(source, *args, **kwargs)
        finally:
            crawling.source_id = None

    owner, name = INJECT[stage]
    real = getattr(owner, name)

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        if getattr(crawling, "source_id", None) == BAD:
            raise ZeroDivisionError(f"injected {stage} failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "crawl_source", marked_crawl_source)
    monkeypatch.setattr(owner, name, failing)

    warehouse = tmp_path / "warehouse.duckdb"
    with DemoSites(base_port=BASE_PORT) as sites:
        sources = sites.write_sources(tmp_path / "sources.yaml")
        bad_base = sites.site(BAD).base_url
        summary = run_all(sources, warehouse, run_id="isolation", policy=FAST)

    status = {r.source_id: r for r in summary.results}
    assert status["hedong-amr"].status == status["fuzhou-amr"].status == "ok"
    bad = status[BAD]
    assert bad.status in ("failed", "partial") and not bad.report_ids
    reason = bad.reason or ""
    assert f"{stage} failed at {bad_base}" in reason and "ZeroDivisionError: injected" in reason, reason
    assert "\n" not in reason

    # Recorded where an operator looks: the run's rows and the published status mart.
    [(run_status, run_reason)] = rows(warehouse, "select status, reason from raw.source_runs where source_id = ?", [BAD])
    assert (run_status, run_reason) == (bad.status, reason)
    events = rows(warehouse, "select url, reason from raw.crawl_events where source_id = ? and kind = 'error'", [BAD])
    assert events and all(url.startswith(bad_base) and f"injected {stage} failure" in why for url, why in events)
    published = published_path_for(warehouse)
    [(last_status, last_reason)] = rows(published, "select last_status, last_reason from marts.mart_source_status where source_id = ?", [BAD])
    assert (last_status, last_reason) == (bad.status, reason)

    # Everyone else was loaded, built and published in the same run.
    loaded = dict(rows(published, "select agency_id, count(*) from marts.dim_report group by all"))
    assert set(loaded) == {"hedong-amr", "fuzhou-amr"} and min(loaded.values()) > 0
