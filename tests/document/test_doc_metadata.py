"""Title, publication date (and which evidence won), agency, report year."""

from __future__ import annotations

import datetime as dt

import pytest

from scrapers.document import parse_report_page
from scrapers.document.metadata import choose_published, info_table, parse_date, report_year_from, url_date

from ._pages import real_page, report_page

D = dt.date
REPORT = ["2023年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设。", "一、主要工作", "咸宁市市场监督管理局", "2024年3月11日"]


def parse(html: str, url: str = "https://scjg.example.gov.cn/zwgk/202403/t20240312_123.html"):
    return parse_report_page(html.encode("utf-8"), url, {"Content-Type": "text/html; charset=utf-8"})


# --- published ------------------------------------------------------------------------------

def test_pubdate_meta_agreeing_with_visible_line_wins_as_meta() -> None:
    html = report_page("咸宁市市场监管局2023年度法治政府建设情况报告", REPORT, meta={"PubDate": "2024-03-12 09:30"}, byline="发布时间：2024-03-12 来源：本局")
    doc = parse(html)
    assert (doc.published, doc.published_source) == ("2024-03-12", "meta")


def test_migration_pubdate_loses_to_visible_line() -> None:
    html = report_page("2023年度法治政府建设情况报告", REPORT, meta={"PubDate": "2025-11-02 10:00:43"}, byline="发布日期：2024-03-12 信息来源：市场监管局")
    doc = parse(html, "https://example.gov.cn/art/detail/123.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "visible")
    assert any("migration" in note for note in doc.notes)


def test_migration_pubdate_without_visible_line_loses_to_url_date() -> None:
    html = report_page("2023年度法治政府建设情况报告", REPORT, meta={"PubDate": "2025-11-02"})
    doc = parse(html, "https://example.gov.cn/zwgk/tzgg/202403/t20240312_4567.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "url")


def test_url_date_alone() -> None:
    doc = parse(report_page("2023年度法治政府建设情况报告", REPORT), "https://example.gov.cn/art/2024/3/12/art_1229_5678.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "url")


def test_real_page_migration_date_a24() -> None:
    # miit: PubDate 2023-05-12 (migration); the page shows 发布时间：2009-09-30
    doc = parse_report_page(real_page("a24"), "https://www.miit.gov.cn/x/art_1.html")
    assert (doc.published, doc.published_source) == ("2009-09-30", "visible")


def test_real_page_meta_kept_when_generation_date_differs_a17() -> None:
    # moe: 生成日期 2024-06-04 in the disclosure table is not the publication date
    doc = parse_report_page(real_page("a17"), "https://www.moe.gov.cn/srcsite/A12/s7060/202406/t20240613_1135386.html")
    assert (doc.published, doc.published_source) == ("2024-06-13", "meta")


def test_sidebar_dates_do_not_win_a23() -> None:
    # kjt.yn: a sidebar of other articles dated 2024-01-25 sits right above the article
    doc = parse_report_page(real_page("a23"), "https://kjt.yn.gov.cn/html/2022/meitijujiao_1114/1.html")
    assert doc.published == "2022-11-14"


@pytest.mark.parametrize(
    ("meta", "visible", "url", "expected"),
    [
        (D(2024, 3, 12), D(2024, 3, 12), None, (D(2024, 3, 12), "meta")),
        (D(2022, 4, 24), D(2017, 5, 15), None, (D(2017, 5, 15), "visible")),
        (D(2024, 3, 14), None, D(2024, 3, 12), (D(2024, 3, 14), "meta")),  # TRS URL date = creation day
        (D(2025, 1, 1), None, D(2024, 3, 12), (D(2024, 3, 12), "url")),
        (None, None, None, (None, None)),
    ],
)
def test_choose_published(meta, visible, url, expected) -> None:
    assert choose_published(meta, visible, url)[:2] == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [("2024-03-12 09:30", D(2024, 3, 12)), ("2024年3月12日", D(2024, 3, 12)), ("二〇二四年三月十一日", D(2024, 3, 11)),
     ("二○二三年十二月三十一日", D(2023, 12, 31)), ("2024/13/45", None), ("无", None)],
)
def test_parse_date(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("url", "date"),
    [("https://a.gov.cn/c/202403/t20240312_1.html", D(2024, 3, 12)), ("https://a.gov.cn/art/2024/3/12/art_1_2.html", D(2024, 3, 12)),
     ("https://a.gov.cn/politics/2023-12/01/content_1755244.html", D(2023, 12, 1)), ("https://a.gov.cn/x/index.html", None)],
)
def test_url_date(url: str, date: dt.date | None) -> None:
    assert url_date(url)[0] == date


# --- title ----------------------------------------------------------------------------------

def test_title_from_article_title_meta() -> None:
    html = report_page("页面标题", REPORT, meta={"ArticleTitle": "咸宁市市场监管局2023年度法治政府建设情况报告"})
    assert parse(html).title == "咸宁市市场监管局2023年度法治政府建设情况报告"


def test_title_from_title_tag_minus_site_suffix() -> None:
    doc = parse_report_page(real_page("a05"), "https://www.kepu.gov.cn/politics/2023-12/01/content_1755244.html")
    assert doc.title == "习近平主持召开深入推进长三角一体化发展座谈会"
    assert doc.published == "2023-12-01"


def test_truncated_article_title_is_completed_from_a_heading() -> None:
    full = "福州市市场监督管理局关于2020年度法治政府建设工作情况和2021年工作安排的报告"
    html = report_page(full, REPORT, meta={"ArticleTitle": full[:24]})
    doc = parse(html)
    assert doc.title == full
    assert "title from meta+heading" in doc.notes


def test_title_with_a_hyphen_is_not_cut() -> None:
    doc = parse_report_page(real_page("a01"), "https://fgw.zj.gov.cn/art/2016/11/22/art_1.html")
    assert doc.title == "1-10月德清县固定资产投资结构趋稳趋优"


def test_title_not_repeated_in_body() -> None:
    title = "福州市市场监督管理局2020年度法治政府建设工作总结"
    doc = parse(report_page(title, [title, *REPORT], container='<div id="zoom">{}</div>'))
    assert doc.body_text.split("\n")[0] == REPORT[0]


# --- agency ---------------------------------------------------------------------------------

def test_agency_signature_full_name_beats_abbreviated_content_source() -> None:
    html = report_page("咸宁市市场监管局2023年度法治政府建设情况报告", REPORT, meta={"ContentSource": "咸宁市市场监管局"})
    doc = parse(html)
    assert doc.agency == "咸宁市市场监督管理局"


def test_agency_from_content_source_meta() -> None:
    html = report_page("2023年度法治政府建设情况报告", REPORT[:2], meta={"ContentSource": "福州市市场监督管理局"})
    assert parse(html).agency == "福州市市场监督管理局"


def test_agency_from_visible_source_line() -> None:
    html = report_page("2023年度法治政府建设情况报告", REPORT[:2], byline="发布时间：2024-03-12 信息来源：天津市河东区市场监督管理局")
    assert parse(html).agency == "天津市河东区市场监督管理局"


def test_agency_media_source_rejected_then_title() -> None:
    html = report_page("福州市市场监督管理局2020年度法治政府建设工作总结", REPORT[:2], meta={"ContentSource": "福州日报"})
    assert parse(html).agency == "福州市市场监督管理局"


def test_agency_from_signature_with_chinese_numeral_date() -> None:
    lines = [*REPORT[:2], "河东区市场监督管理局", "二〇二三年十二月三十一日"]
    assert parse(report_page("2023年度法治政府建设情况报告", lines)).agency == "河东区市场监督管理局"


# --- report year ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("title", "lines", "published", "year", "source"),
    [
        ("咸宁市市场监管局2023年度法治政府建设情况报告", [], D(2024, 3, 12), 2023, "title"),
        ("关于二〇二三年法治政府建设情况的报告", [], D(2024, 1, 5), 2023, "title"),
        ("法治政府建设情况报告", ["2022年以来，我局……"], D(2023, 2, 1), 2022, "body"),
        ("法治政府建设情况报告", ["一、2023年度推进法治政府建设的主要举措和成效"], D(2023, 12, 31), 2023, "body"),
        ("法治政府建设工作总结", ["我局坚持依法行政。"], D(2024, 3, 1), 2023, "published"),
        ("2025年工作计划", [], D(2024, 12, 1), 2023, "published"),  # a future year is a plan, not the covered year
        ("法治政府建设工作总结", [], None, None, None),
        # no year in the title, the first body lines say which year, published early next year
        ("法治政府建设情况报告", ["2023年以来，我局坚持依法行政。"], D(2024, 1, 20), 2023, "body"),
        ("年度工作总结", ["2023年度，我局全面推进法治政府建设。"], D(2024, 2, 5), 2023, "body"),
        ("法治政府建设工作总结", ["今年以来，我局坚持依法行政。"], D(2024, 1, 15), 2023, "body"),
        ("法治政府建设工作总结", ["本年度我局坚持依法行政。"], D(2024, 2, 28), 2023, "body"),
        # 今年以来 later in the year: that year (a half-year summary)
        ("上半年工作总结", ["今年以来，我局坚持依法行政。"], D(2024, 7, 10), 2024, "body"),
        # published in December of the same year: a year-end 工作总结 covers that year
        ("法治政府建设工作总结", ["今年以来，我局坚持依法行政。"], D(2023, 12, 20), 2023, "body"),
        ("法治政府建设工作总结", ["我局坚持依法行政。"], D(2023, 12, 20), 2023, "published"),
        ("法治政府建设情况报告", ["我局坚持依法行政。"], D(2023, 12, 28), 2023, "published"),
        ("工作计划", ["我局将坚持依法行政。"], D(2024, 12, 1), 2023, "published"),  # a plan is no year-end summary
        ("法治政府建设工作总结", ["我局坚持依法行政。"], D(2024, 11, 20), 2023, "published"),  # December only
        # a signing date in the head is when it was written, not what it covers
        ("国民经济和社会发展统计公报", ["某某市统计局", "（2024年3月12日）", "全市经济运行稳中向好。"], D(2024, 3, 20), 2023, "published"),
        ("国民经济和社会发展统计公报", ["某某市统计局", "（二〇二四年三月十二日）", "2023年，全市经济运行稳中向好。"], D(2024, 3, 20), 2023, "body"),
    ],
)
def test_report_year(title, lines, published, year, source) -> None:
    assert report_year_from(title, lines, published) == (year, source)


def test_report_year_published_next_year_is_previous_year() -> None:
    html = report_page("咸宁市市场监管局2023年度法治政府建设情况报告", REPORT, meta={"PubDate": "2024-03-12"})
    doc = parse(html)
    assert (doc.report_year, doc.published[:4]) == (2023, "2024")


def test_report_year_year_end_summary_published_in_december() -> None:
    lines = ["今年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设。", "一、主要工作", "咸宁市市场监督管理局", "2023年12月20日"]
    doc = parse(report_page("咸宁市市场监管局法治政府建设工作总结", lines, meta={"PubDate": "2023-12-25"}), "https://example.gov.cn/art/detail/9.html")
    assert (doc.report_year, doc.published) == (2023, "2023-12-25")


# --- the 信息公开 information table -------------------------------------------------------------

DIV_TABLE = (
    '<div class="xxgk"><div>索 引 号：</div><div>014717475N/2024-0040295</div><div>发布机构：</div><div>咸宁市市场监督管理局</div>'
    "<div>发文日期：</div><div>2024-03-12</div><div>公开方式：</div><div>主动公开</div><div>分类：</div><div>法治政府</div></div>"
)
CELL_TABLE = (
    "<table><tr><td>索 引 号</td><td>002482330/2024-10091</td><td>公开分类</td><td></td></tr>"
    "<tr><td>发布机构</td><td>咸宁市市场监督管理局</td><td>成文日期</td><td>{signed}</td></tr>"
    "<tr><td>文 号</td><td></td><td>发布日期</td><td>{published}</td></tr></table>"
)


def _above_title(html: str, block: str) -> str:
    return html.replace('<div class="article">', f'<div class="article">{block}', 1)


def test_info_table_above_title_gives_the_visible_date_and_agency() -> None:
    # div label/value lines above the title; PubDate is the CMS migration date
    html = _above_title(report_page("法治政府建设情况报告", REPORT, meta={"PubDate": "2025-11-02"}), DIV_TABLE)
    doc = parse(html, "https://example.gov.cn/art/detail/123.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "visible")
    assert any("information table (发文日期)" in note for note in doc.notes)
    assert doc.agency == "咸宁市市场监督管理局"


def test_info_table_published_date_preferred_over_signed_date() -> None:
    table = CELL_TABLE.format(signed="2024-03-01", published="2024-03-12")
    doc = parse(_above_title(report_page("法治政府建设情况报告", REPORT), table), "https://example.gov.cn/art/detail/123.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "visible")


def test_info_table_signed_date_only_when_nothing_else_is_shown() -> None:
    table = CELL_TABLE.format(signed="2024-03-01", published="")
    page = report_page("法治政府建设情况报告", REPORT)
    doc = parse(_above_title(page, table), "https://example.gov.cn/art/detail/123.html")
    assert (doc.published, doc.published_source) == ("2024-03-01", "visible")
    assert any("成文日期" in note for note in doc.notes)
    # a byline date below the title is a publication date: it beats 成文日期
    page = report_page("法治政府建设情况报告", REPORT, byline="发布时间：2024-03-12")
    doc = parse(_above_title(page, table), "https://example.gov.cn/art/detail/123.html")
    assert doc.published == "2024-03-12"


def test_info_table_below_body_header_row_layout() -> None:
    table = (
        "<table><tr><td>索取号</td><td>发布时间</td><td>发布机构</td><td>文件编号</td></tr>"
        "<tr><td>076478684Q/2024-00112</td><td>2024-03-12</td><td>咸宁市市场监督管理局</td><td>咸市监〔2024〕5号</td></tr></table>"
    )
    doc = parse(report_page("法治政府建设情况报告", REPORT, extra_body=table), "https://example.gov.cn/art/detail/123.html")
    assert (doc.published, doc.published_source) == ("2024-03-12", "visible")


def test_info_table_cross_check_kept() -> None:
    # PubDate agrees with the URL date, the table does not: PubDate stays, as with a byline
    html = _above_title(report_page("法治政府建设情况报告", REPORT, meta={"PubDate": "2024-03-14"}), DIV_TABLE.replace("2024-03-12", "2021-01-05"))
    doc = parse(html)
    assert (doc.published, doc.published_source) == ("2024-03-14", "meta")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # label line, value line (a08)
        (["索 引 号：", "0147/2023-1", "发布机构：", "宜春市统计局", "发文日期：", "2023-04-18", "公开方式：", "主动公开"],
         {"索引号": "0147/2023-1", "发布机构": "宜春市统计局", "发文日期": "2023-04-18", "公开方式": "主动公开"}),
        # "label: value" cells, an empty one among them (a15)
        (["索引号: 0024/2024-1\t文件编号:\t发布机构: 省教育厅", "生成日期: 2024-10-21\t主题分类: 教育"],
         {"索引号": "0024/2024-1", "文件编号": "", "发布机构": "省教育厅", "生成日期": "2024-10-21", "主题分类": "教育"}),
        # several labels on one line
        (["索引号：0024/2024-1 发布机构：省教育厅 发布日期：2024-10-21"],
         {"索引号": "0024/2024-1", "发布机构": "省教育厅", "发布日期": "2024-10-21"}),
    ],
)
def test_info_table_layouts(lines, expected) -> None:
    table = info_table(["首页 > 政务公开", *lines, "正文第一段。"])
    assert table is not None and {k: table.fields.get(k) for k in expected} == expected


def test_info_table_not_a_listing_or_a_byline() -> None:
    listing = ["索引号\t名称\t发布日期\t文号", "0001\t关于甲的通知\t2024-01-02\t甲〔2024〕1号", "0002\t关于乙的通知\t2024-02-03\t甲〔2024〕2号"]
    table = info_table(listing)
    assert table is None or not table.fields.get("发布日期")
    assert info_table(["发布日期：2024-03-12 来源：本局 浏览次数：3"]) is None
    assert info_table(["行政处罚决定书文号\t金罚决字〔2024〕36号", "被处罚当事人\t某公司"]) is None


def test_real_pages_info_table_above_title_a08_a09() -> None:
    # yichun: 发文日期 in the disclosure table above the title; PubDate 2023-05-16 is later
    doc = parse_report_page(real_page("a08"), "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/abc.shtml")
    assert (doc.published, doc.published_source) == ("2023-04-18", "visible")
    doc = parse_report_page(real_page("a09"), "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/def.shtml")
    assert (doc.published, doc.published_source) == ("2023-03-31", "visible")


def test_real_page_generation_date_is_not_a_publication_date_a07() -> None:
    # wanzai: the table shows only 生成日期 (2023-05-11, not used), and PubDate is the page's
    # regeneration time (<meta name="others" content="页面生成时间 2023-08-16 10:33:59">): with
    # nothing else dating the page it stays, marked as an upper bound
    doc = parse_report_page(real_page("a07"), "https://www.wanzai.gov.cn/x/abc.shtml")
    assert (doc.published, doc.published_source) == ("2023-08-16", "regenerated")
    assert any("regeneration time" in note for note in doc.notes)
