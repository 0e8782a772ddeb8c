"""Real list pages saved in public repositories (tests/discover/heldout*/), against expected.json
written by reading each page. Only one real page could be gathered so far (the stats.gov.cn list
region); the listing changes were made after seeing it, so it is a regression check, not a
held-out measurement."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scrapers.discover.identify import classify_title
from scrapers.discover.listing import parse_list_page

HERE = Path(__file__).parent
FOLDERS = [f for f in (HERE / "heldout", HERE / "heldout2") if (f / "expected.json").exists()]
PAGES = [(f, p) for f in FOLDERS for p in json.loads((f / "expected.json").read_text(encoding="utf-8"))["pages"]]


def _ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.mark.parametrize(("folder", "spec"), PAGES, ids=[p["file"] for _, p in PAGES])
def test_items_titles_dates_and_pages(folder: Path, spec: dict) -> None:
    page = parse_list_page((folder / spec["file"]).read_text(encoding="utf-8"), spec["url"])
    got = {i.url: i for i in page.items}
    expected = spec["items"]
    assert [e["url"] for e in expected if e["url"] not in got] == []
    assert [e["url"] for e in expected if _ws(got[e["url"]].title) != _ws(e["title"])] == []
    assert [e["url"] for e in expected if e.get("date") and got[e["url"]].date != e["date"]] == []
    assert set(spec["pagination"]) - set(page.next_pages) == set()
    assert len(page.items) <= len(expected) + 2  # no sidebar/footer links taken as items


@pytest.mark.parametrize(("folder", "spec"), PAGES, ids=[p["file"] for _, p in PAGES])
def test_no_heldout_item_is_taken_for_a_report(folder: Path, spec: dict) -> None:
    assert [e["title"] for e in spec["items"] if classify_title(e["title"]).is_report] == []


def test_date_inside_the_anchor_is_not_part_of_the_title() -> None:
    html = '<ul><li><a href="./202401/t20240105_9.html"><font>关于开展2024年质量抽查的通知</font><font>2024-01-05</font></a></li></ul>'
    item = parse_list_page(html, "http://h/zwgk/").items[0]
    assert (item.title, item.date) == ("关于开展2024年质量抽查的通知", "2024-01-05")


def test_a_title_that_mentions_a_date_keeps_it() -> None:
    html = '<ul><li><a href="./t20240105_9.html">关于2024年3月15日召开推进会的通知</a><span>2024-03-01</span></li></ul>'
    item = parse_list_page(html, "http://h/zwgk/index.html").items[0]
    assert (item.title, item.date) == ("关于2024年3月15日召开推进会的通知", "2024-03-01")


def test_pager_window_with_tail_fills_the_pages_between() -> None:
    html = """<ul><li><a href="./t20240105_9.html">关于开展2024年质量抽查的通知</a></li></ul>
    <div>共9页 <span>1</span><a href="index_1.html">2</a><a href="index_2.html">3</a>
    <a href="index_1.html">下一页</a><a href="index_5.html">下5页</a><a href="index_8.html">尾页</a></div>"""
    page = parse_list_page(html, "http://h/zwgk/tzgg/")
    assert page.next_pages == tuple(f"http://h/zwgk/tzgg/index_{i}.html" for i in range(1, 9))
