"""A PubDate that is only the page's regeneration time loses to the visible publication date.

TRS and 开普云 templates write the time the static page was last generated into both
<meta name="PubDate"> and <meta name="others" content="页面生成时间 …"> (real pages a06-a09 and
a21 of ../shared/html, heldout h09, heldout2 h04); others print 页面生成时间：… in the footer.
Issue 8 (document classes) met such pages among unseen real ones.
"""

from __future__ import annotations

import datetime as dt

from scrapers.document import parse_report_page
from scrapers.document.metadata import choose_published, is_regeneration_time

from ._pages import real_page, report_page

D = dt.date
REPORT = ["2023年，我局坚持以习近平法治思想为指导，全面推进法治政府建设。", "一、主要工作", "万载县市场监督管理局", "2024年3月18日"]
TITLE = "万载县市场监督管理局2023年法治政府建设年度报告"
REGENERATED = {"PubDate": "2024-11-05 09:12:40", "others": "页面生成时间 2024-11-05 09:12:40"}


def parse(html: str, url: str):
    return parse_report_page(html.encode("utf-8"), url, {"Content-Type": "text/html; charset=utf-8"})


def test_regeneration_pubdate_loses_to_the_byline_even_when_the_url_agrees() -> None:
    # a page regenerated (and re-filed) on 2024-11-05: the URL carries the new date too
    html = report_page(TITLE, REPORT, meta=REGENERATED, byline="发布时间：2024-03-20 来源：县市场监管局")
    doc = parse(html, "https://www.wanzai.gov.cn/zwgk/fzzfjs/202411/t20241105_5120001.html")
    assert (doc.published, doc.published_source) == ("2024-03-20", "visible")
    assert any("regeneration time" in note for note in doc.notes)


def test_pubdate_later_than_the_labelled_publication_date_loses_even_when_the_url_agrees() -> None:
    # no regeneration stamp on the page, but PubDate is months after 发布日期
    html = report_page(TITLE, REPORT, meta={"PubDate": "2024-11-05 09:12:40"}, byline="发布日期：2024-03-20")
    doc = parse(html, "https://www.wanzai.gov.cn/zwgk/fzzfjs/202411/t20241105_5120001.html")
    assert (doc.published, doc.published_source) == ("2024-03-20", "visible")


def test_page_generation_time_in_the_footer_and_the_publication_date_below_the_body() -> None:
    # neither date in the byline: 发布日期 sits in an info block under the body, 页面生成时间 in
    # the footer; PubDate equals the latter to the minute
    extra = '<div class="xxgk-foot"><span>发布日期：2024-03-20</span><span>浏览次数：326</span></div>'
    html = report_page(TITLE, REPORT, meta={"PubDate": "2024-11-05 09:12"}, extra_body=extra)
    html = html.replace("</body>", '<div class="copy">页面生成时间：2024-11-05 09:12:40</div></body>')
    doc = parse(html, "https://www.wanzai.gov.cn/art/detail/5120001.html")
    assert (doc.published, doc.published_source) == ("2024-03-20", "visible")


def test_regeneration_pubdate_without_a_visible_date_gives_way_to_the_url_date() -> None:
    doc = parse(report_page(TITLE, REPORT, meta=REGENERATED), "https://www.wanzai.gov.cn/art/2024/3/20/art_1_2.html")
    assert (doc.published, doc.published_source) == ("2024-03-20", "url")


def test_regeneration_pubdate_alone_is_kept_as_an_upper_bound() -> None:
    doc = parse(report_page(TITLE, REPORT, meta=REGENERATED), "https://www.wanzai.gov.cn/art/detail/5120001.html")
    assert (doc.published, doc.published_source) == ("2024-11-05", "regenerated")
    assert doc.report_year == 2023  # from the title, not from the regeneration year


def test_catalog_generation_day_equal_to_pubdate_is_not_a_regeneration_time() -> None:
    # a15 (浙江省教育厅, Hanweb): the 信息公开 table's 生成日期 is the publication day; PubDate
    # 2024-10-21 12:51 is the real publication time, not a regeneration
    doc = parse_report_page(real_page("a15"), "https://jyt.zj.gov.cn/art/2024/10/21/art_1543973_58943915.html")
    assert doc.published == "2024-10-21"
    assert not any("regeneration time" in note for note in doc.notes)


def test_real_trs_page_regeneration_meta_a21() -> None:
    # sctcm.sc.gov.cn: PubDate 2024-04-15 14:53:51 = 页面生成时间; the page shows 2023-07-19
    doc = parse_report_page(real_page("a21"), "https://sctcm.sc.gov.cn/sctcm/x/2023/7/19/abc.shtml")
    assert (doc.published, doc.published_source) == ("2023-07-19", "visible")
    assert any("PubDate 2024-04-15 14:53:51 is the page's regeneration time" in note for note in doc.notes)


def test_is_regeneration_time() -> None:
    page = [(D(2024, 11, 5), "09:12", True)]
    generic_day = [(D(2024, 10, 21), None, False)]
    generic_minute = [(D(2024, 10, 21), "12:51", False)]
    assert is_regeneration_time("2024-11-05 09:12:40", page)
    assert is_regeneration_time("2024-11-05", page)
    assert not is_regeneration_time("2024-11-05 10:00:00", page)
    assert not is_regeneration_time("2024-11-04 09:12:40", page)
    assert not is_regeneration_time("2024-10-21 12:51", generic_day)
    assert is_regeneration_time("2024-10-21 12:51:07", generic_minute)
    assert not is_regeneration_time(None, page)


def test_choose_published_later_pubdate_and_labelled_visible_date() -> None:
    meta, visible, url = D(2024, 11, 5), D(2024, 3, 20), D(2024, 11, 5)
    assert choose_published(meta, visible, url, visible_labelled=True)[:2] == (visible, "visible")
    # an unlabelled or 发文日期 date months earlier than PubDate and URL is not trusted over both
    assert choose_published(meta, visible, url, visible_labelled=False)[:2] == (meta, "meta")
    # a PubDate earlier than the labelled date is not a regeneration time: URL agreement keeps it
    assert choose_published(visible, meta, visible, visible_labelled=True)[:2] == (visible, "meta")
