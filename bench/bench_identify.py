"""Report identification measured: false reports and missed reports, on the demo sites (crawled
over HTTP with the real crawler) and on real list pages (../shared/html/l01*, l02*).

Run: .venv/bin/python bench/bench_identify.py     Target: zero false reports, zero missed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from scrapers.crawl import crawl_source
from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports, lookalikes
from scrapers.discover.identify import classify_title
from scrapers.discover.listing import parse_list_page
from scrapers.fetch.archive import RawArchive
from scrapers.fetch.http import FetchPolicy, Fetcher
from scrapers.sources import load_sources
from scrapers.store import DataDir

SHARED_HTML = Path(__file__).resolve().parents[2] / "shared" / "html"
REAL_LISTS = {
    "l01_yzq_trs_list.html": "http://www.yzq.gov.cn/zwgk/zwdt/zwyw/index.html",
    "l02_wanzai_list.html": "http://www.wanzai.gov.cn/news-list-wanzaiyaowen.html",
}


def demo_figures() -> list[tuple[str, int, int, int, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, DemoSites() as sites:
        sources = load_sources(sites.write_sources(Path(tmp) / "sources.yaml"))
        data = DataDir(tmp)
        archive = RawArchive(data.archive_dir)
        for source in sources:
            base = sites.site(source.id).base_url.rstrip("/")
            truth = {base + e.path for e in expected_reports() if e.site_id == source.id}
            fetcher = Fetcher(archive, FetchPolicy(requests_per_second=100), allowed_hosts=[base.split("//")[1]])
            result = crawl_source(source, fetcher, data)
            found = {e.url for e in result.events if e.kind == "report"}
            items = len(truth) + sum(1 for item in lookalikes() if item.site_id == source.id)
            rows.append((f"demo:{source.id}", items, len(truth), len(found - truth), len(truth - found)))
    return rows


def real_list_figures() -> list[tuple[str, int, int, int, int]]:
    rows = []
    for name, url in REAL_LISTS.items():
        path = SHARED_HTML / name
        if not path.exists():
            continue
        page = parse_list_page(path.read_text(encoding="utf-8"), url)
        taken = [i for i in page.items if classify_title(i.title).is_report]
        # None of these news columns carries a law-based-government report.
        rows.append((f"real:{name}", len(page.items), 0, len(taken), 0))
    return rows


def main() -> None:
    rows = demo_figures() + real_list_figures()
    print(f"{'list':<32} {'items':>6} {'reports':>8} {'false':>6} {'missed':>7}")
    for name, items, reports, false, missed in rows:
        print(f"{name:<32} {items:>6} {reports:>8} {false:>6} {missed:>7}")
    false = sum(r[3] for r in rows)
    missed = sum(r[4] for r in rows)
    print(f"\ntotal: {sum(r[1] for r in rows)} list items, {false} false reports, {missed} missed (target 0 and 0)")


if __name__ == "__main__":
    main()
