"""A retried crawl task crawls again only the sources a retry can help (scrapers/rerun.py)."""

from __future__ import annotations

from pathlib import Path

from scrapers.models import Region, Source
from scrapers.rerun import sources_to_crawl
from scrapers.store import DataDir, SourceResult


def source(source_id: str) -> Source:
    return Source(source_id, "某局", Region(), (f"http://127.0.0.1:22999/{source_id}/index.html",))


def test_a_retry_keeps_done_and_budget_spent_sources(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    saved = [
        SourceResult("fine", status="ok"),
        SourceResult("some-pages", status="partial", reason="1 page(s) failed; first: …"),
        SourceResult("hostile", status="failed", reason="[source hostile] budget max_wall_s=300 spent (300s) at http://…"),
        SourceResult("was-down", status="failed", reason="[source was-down] GET http://…: HTTP 500 after 4 attempts"),
    ]
    for result in saved:
        data.save_source_result("run-1", result)
    sources = [source(s) for s in ("fine", "some-pages", "hostile", "was-down", "new")]

    crawl, kept = sources_to_crawl(sources, data, "run-1")

    assert [s.id for s in crawl] == ["was-down", "new"]
    assert sorted(r.source_id for r in kept) == ["fine", "hostile", "some-pages"]
    crawl, kept = sources_to_crawl(sources, data, "run-2")  # a new run crawls everything
    assert len(crawl) == 5 and kept == []
