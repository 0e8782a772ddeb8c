"""List pages: items and further pages, in the CMS shapes seen on government sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.discover.listing import parse_list_page

SHARED_HTML = Path(__file__).resolve().parents[2].parent / "shared" / "html"


def test_plain_links_with_dates_and_next_page() -> None:
    html = """<html><body><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
    <ul class="list">
      <li><a href="./202403/t20240312_1.html" title="咸宁市市场监管局2023年度法治政府建设情况报告">咸宁市市场监管局2023年度法治…</a><span>2024-03-12</span></li>
      <li><a href="./202402/t20240201_2.html">关于开展2024年双随机抽查工作的通知</a><span>2024/02/01</span></li>
    </ul>
    <div class="page"><a href="list_2.html">2</a><a href="list_2.html">下一页</a><a href="javascript:void(0)">尾页</a></div>
    </body></html>"""
    page = parse_list_page(html, "http://127.0.0.1:1/zwgk/list.html")
    assert [i.title for i in page.items] == [
        "咸宁市市场监管局2023年度法治政府建设情况报告",
        "关于开展2024年双随机抽查工作的通知",
    ]
    assert page.items[0].url == "http://127.0.0.1:1/zwgk/202403/t20240312_1.html"
    assert [i.date for i in page.items] == ["2024-03-12", "2024-02-01"]
    assert page.next_pages == ("http://127.0.0.1:1/zwgk/list_2.html",)


def test_links_to_other_hosts_are_not_items() -> None:
    html = '<ul><li><a href="http://other.gov.cn/t20240312_1.html">某某局2023年度法治政府建设情况报告</a></li></ul>'
    assert parse_list_page(html, "http://127.0.0.1:1/list.html").items == ()


def test_trs_create_page_html_pagination() -> None:
    html = """<ul><li><a href="./202401/t20240105_9.html">关于2023年度法治政府建设情况的报告</a></li></ul>
    <script>var _nPageCount = 3;</script>
    <script language="JavaScript">createPageHTML(3, 0, "index", "html");</script>"""
    page = parse_list_page(html, "http://h/zwgk/fzzfjs/index.html")
    assert page.next_pages == ("http://h/zwgk/fzzfjs/index_1.html", "http://h/zwgk/fzzfjs/index_2.html")


def test_hanweb_datastore_records_and_dataproxy_pages() -> None:
    html = """<div id="4141"><script type="text/xml"><datastore>
    <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=7&path=/&columnid=4141&unitid=1&webname=x&permissiontype=0"></a>]]></nextgroup>
    <recordset>
    <record><![CDATA[<li><a href="/art/2024/1/5/art_4141_1.html" title="河东区市场监管局2023年法治政府建设工作报告">河东区…</a><span>2024-01-05</span></li>]]></record>
    <record><![CDATA[<li><a href="/art/2023/12/1/art_4141_2.html" title="关于召开法治建设推进会的通知">关于…</a><span>2023-12-01</span></li>]]></record>
    </recordset><totalrecord>5</totalrecord></datastore></script>
    <script>$('#4141').jpage({perPage: 2});</script></div>"""
    page = parse_list_page(html, "http://h:9/col/col4141/index.html")
    assert [i.url for i in page.items] == ["http://h:9/art/2024/1/5/art_4141_1.html", "http://h:9/art/2023/12/1/art_4141_2.html"]
    assert page.items[0].date == "2024-01-05"
    assert len(page.next_pages) == 2
    assert "startrecord=3&endrecord=4&perpage=2" in page.next_pages[0]
    assert "columnid=4141" in page.next_pages[0]
    assert "startrecord=5&endrecord=5" in page.next_pages[1]


@pytest.mark.skipif(not SHARED_HTML.exists(), reason="../shared/html not present")
def test_real_trs_list_page() -> None:
    html = (SHARED_HTML / "l01_yzq_trs_list.html").read_text(encoding="utf-8")
    page = parse_list_page(html, "http://www.yzq.gov.cn/zwgk/zwdt/zwyw/index.html")
    articles = [i for i in page.items if "/t2017" in i.url]
    assert len(articles) >= 20
    assert page.next_pages[0] == "http://www.yzq.gov.cn/zwgk/zwdt/zwyw/index_1.html"
    assert len(page.next_pages) == 119  # createPageHTML(120, 0, ...)


@pytest.mark.skipif(not SHARED_HTML.exists(), reason="../shared/html not present")
def test_real_plain_list_page() -> None:
    html = (SHARED_HTML / "l02_wanzai_list.html").read_text(encoding="utf-8")
    page = parse_list_page(html, "http://www.wanzai.gov.cn/news-list-wanzaiyaowen.html")
    shows = [i for i in page.items if "news-show-" in i.url]
    assert len(shows) >= 15
    assert all(i.date for i in shows)
    assert "http://www.wanzai.gov.cn/news-list-wanzaiyaowen-2.html" in page.next_pages


@pytest.mark.skipif(not SHARED_HTML.exists(), reason="../shared/html not present")
@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("l01_yzq_trs_list.html", "http://www.yzq.gov.cn/zwgk/zwdt/zwyw/index.html"),
        ("l02_wanzai_list.html", "http://www.wanzai.gov.cn/news-list-wanzaiyaowen.html"),
    ],
)
def test_no_item_of_real_news_lists_is_taken_for_a_report(name: str, url: str) -> None:
    from scrapers.discover.identify import classify_title

    page = parse_list_page((SHARED_HTML / name).read_text(encoding="utf-8"), url)
    assert len(page.items) >= 20
    assert [i.title for i in page.items if classify_title(i.title).is_report] == []
