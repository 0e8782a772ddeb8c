"""BUILT list pages (tests/discover/built/): hand-written imitations of common government CMS column
pages (TRS 海云 / 集约化, 开普云, 大汉 JCMS, NFCMS, 东软, 信息公开目录 tables, script-only pagers), not
real pages — see built/README.md. The parser was improved against them, so they check coverage of
those shapes; they are not a held-out measurement."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scrapers.discover.identify import classify_title
from scrapers.discover.listing import parse_list_page
from scrapers.models import Region, Source

BUILT = Path(__file__).parent / "built"
PAGES = json.loads((BUILT / "expected.json").read_text(encoding="utf-8"))["pages"]
IDS = [p["file"] for p in PAGES]


def _ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _parse(spec: dict):
    return parse_list_page((BUILT / spec["file"]).read_text(encoding="utf-8"), spec["url"])


def test_there_are_eight_built_pages() -> None:
    assert len(PAGES) == 8


@pytest.mark.parametrize("spec", PAGES, ids=IDS)
def test_item_recall_is_one_with_titles_and_dates(spec: dict) -> None:
    page = _parse(spec)
    got = {i.url: i for i in page.items}
    expected = spec["items"]
    assert [e["url"] for e in expected if e["url"] not in got] == []  # recall 1.0
    assert [e["url"] for e in expected if _ws(got[e["url"]].title) != _ws(e["title"])] == []
    assert [(e["url"], got[e["url"]].date) for e in expected if got[e["url"]].date != e["date"]] == []
    assert len(page.items) <= len(expected) + 2  # navigation, breadcrumb and footer are not items


@pytest.mark.parametrize("spec", PAGES, ids=IDS)
def test_pagination_is_found(spec: dict) -> None:
    page = _parse(spec)
    assert spec["pagination"]
    assert [u for u in spec["pagination"] if u not in page.next_pages] == []
    assert spec["url"] not in page.next_pages
    assert not set(page.next_pages) & {i.url for i in page.items}  # pager links are not items


@pytest.mark.parametrize("spec", PAGES, ids=IDS)
def test_no_lookalike_is_taken_for_a_report_and_reports_are(spec: dict) -> None:
    kinds = {k: [e["title"] for e in spec["items"] if e["kind"] == k] for k in ("report", "lookalike", "other")}
    assert [t for t in kinds["lookalike"] + kinds["other"] if classify_title(t).is_report] == []
    assert [t for t in kinds["report"] if not classify_title(t).is_report] == []


def test_another_agencys_report_is_not_this_bureaus() -> None:
    source = Source("built02", "某某区市场监督管理局", Region("某某省", "某某市", "某某区"), ("http://x/",))
    others = [e["title"] for p in PAGES for e in p["items"] if e["kind"] == "other_agency"]
    assert others
    assert [t for t in others if classify_title(t, source).is_report] == []


def test_a_script_that_builds_document_links_is_not_a_pager() -> None:
    html = """<ul><li><a href="./t20240105_9.html">关于开展2024年质量抽查的通知</a></li></ul>
    <script>var pageCount = 9; function open(id){ location.href = 'detail_' + id + '.html'; }</script>"""
    assert parse_list_page(html, "http://h/zwgk/index.html").next_pages == ()


def test_query_pager_window_is_filled_and_other_parameters_kept() -> None:
    html = """<ul><li><a href="/art/2024/1/5/art_1_9.html">关于开展2024年质量抽查的通知</a></li></ul>
    <div><a href="list.jsp?cid=7&amp;pageNo=2">2</a><a href="list.jsp?cid=7&amp;pageNo=4">尾页</a></div>"""
    page = parse_list_page(html, "http://h/web/list.jsp?cid=7")
    assert page.next_pages == tuple(f"http://h/web/list.jsp?cid=7&pageNo={n}" for n in (2, 3, 4))
