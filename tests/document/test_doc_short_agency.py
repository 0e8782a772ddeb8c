"""An agency given short on the page becomes its full official name; townships are agencies.

Issue 8 (document classes): on unseen real pages a county site's ContentSource said 县市场监管局,
a city's 市市场监管局, and township and subdistrict reports named only 某某镇 / 某某街道. The pages
below are real ones of ../shared/html with one <meta> changed to that short form, and pages in
the shape of the TRS/Hanweb article template (tests/document/_pages.py) with the texts of real
county, township and station reports.
"""

from __future__ import annotations

import pytest

from scrapers.document import parse_report_page
from scrapers.document.agency import complete_agency, place_tokens, short_name

from ._pages import real_page, report_page

OPENING = "2023年，我局坚持以习近平法治思想为指导，全面推进法治政府建设，取得了积极成效。"
BODY = [OPENING, "一、主要工作", "（一）深化“放管服”改革", "全年办理行政许可事项1260件。"]


def parse(html: str, url: str = "https://www.example.gov.cn/art/2024/3/20/art_1_1.html", **kwargs):
    return parse_report_page(html.encode("utf-8"), url, {"Content-Type": "text/html; charset=utf-8"}, **kwargs)


def page(title: str, meta: dict[str, str], lines: list[str] = BODY, byline: str = "发布时间：2024-03-20") -> str:
    return report_page(title, lines, meta=meta, byline=byline)


# --- real pages, ContentSource given short ----------------------------------------------------

def test_real_county_page_short_content_source_takes_the_site_name_a07() -> None:
    # 万载县人民政府 (TRS): ContentSource 万载县统计局 given as 县统计局
    raw = real_page("a07").replace('content="万载县统计局"'.encode(), 'content="县统计局"'.encode())
    doc = parse_report_page(raw, "https://www.wanzai.gov.cn/x/abc.shtml")
    assert doc.agency == "万载县统计局"
    assert "agency from meta+site" in doc.notes


def test_real_city_page_short_content_source_takes_the_full_name_the_page_shows_a08() -> None:
    # SiteName 中国宜春 names no level; the information table's 发布机构 says 宜春市统计局
    raw = real_page("a08").replace('content="宜春市统计局"'.encode(), 'content="市统计局"'.encode())
    doc = parse_report_page(raw, "https://www.yichun.gov.cn/x/abc.shtml")
    assert doc.agency == "宜春市统计局"
    assert "agency from meta+page" in doc.notes


def test_real_city_page_short_content_source_takes_the_title_place_a08() -> None:
    # the same page without the table's 发布机构: the title 宜春市2022年…统计公报 gives the place
    raw = real_page("a08").replace('content="宜春市统计局"'.encode(), 'content="市统计局"'.encode())
    raw = raw.replace("宜春市统计局".encode(), "".encode())
    doc = parse_report_page(raw, "https://www.yichun.gov.cn/x/abc.shtml")
    assert doc.agency == "宜春市统计局"
    assert "agency from meta+title" in doc.notes


# --- the place from the site, the sources entry, the title, the body --------------------------

@pytest.mark.parametrize(
    ("content_source", "site_name", "expected"),
    [
        ("县市场监管局", "万载县人民政府", "万载县市场监督管理局"),
        ("区市场监管局", "天津市河东区人民政府", "河东区市场监督管理局"),
        ("市市场监管局", "咸宁市人民政府", "咸宁市市场监督管理局"),
        ("市场监管局", "德清县人民政府门户网站", "德清县市场监督管理局"),
        ("县市监局", "宁化县人民政府", "宁化县市场监督管理局"),
        ("自治区市场监管局", "广西壮族自治区人民政府", "广西壮族自治区市场监督管理局"),
    ],
)
def test_short_content_source_completed_from_the_site_name(content_source: str, site_name: str, expected: str) -> None:
    doc = parse(page("2023年法治政府建设工作情况报告", {"SiteName": site_name, "ContentSource": content_source}))
    assert doc.agency == expected
    assert "agency from meta+site" in doc.notes


def test_short_content_source_completed_from_the_sources_region() -> None:
    # SiteName 中国宜春 names no level; the configured region does
    html = page("法治政府建设工作情况报告", {"SiteName": "中国宜春", "ContentSource": "市场监管局"})
    doc = parse(html, places=("江西省", "宜春市", None))
    assert doc.agency == "宜春市市场监督管理局"
    assert "agency from meta+region" in doc.notes


def test_short_visible_source_completed_from_the_title() -> None:
    doc = parse(page("万载县2023年法治政府建设工作情况报告", {}, byline="发布时间：2024-03-20 来源：县市场监管局"))
    assert doc.agency == "万载县市场监督管理局"


def test_short_content_source_completed_from_the_body() -> None:
    lines = ["2023年，万载县市场监督管理局在县委、县政府的坚强领导下，扎实推进法治政府建设。", *BODY[1:]]
    doc = parse(page("2023年法治政府建设工作情况报告", {"ContentSource": "县市场监管局"}, lines))
    assert doc.agency == "万载县市场监督管理局"
    assert "agency from meta+body" in doc.notes


def test_full_visible_source_completes_a_short_content_source() -> None:
    html = page("2023年法治政府建设工作情况报告", {"ContentSource": "市场监管局"}, byline="发布时间：2024-03-20 来源：万载县市场监督管理局")
    assert parse(html).agency == "万载县市场监督管理局"


def test_short_name_of_another_level_than_the_site_is_left_alone() -> None:
    # a county bureau's report on the city's site: the city is not its place
    doc = parse(page("2023年法治政府建设工作情况报告", {"SiteName": "咸宁市人民政府", "ContentSource": "县市场监管局"}))
    assert doc.agency == "县市场监管局"


def test_full_content_source_is_not_touched() -> None:
    doc = parse(page("2023年法治政府建设工作情况报告", {"SiteName": "万载县人民政府", "ContentSource": "沙市区市场监管局"}))
    assert doc.agency == "沙市区市场监管局"


# --- townships, subdistricts, stations -----------------------------------------------------------

def test_township_report_title_names_the_agency() -> None:
    # the shape of xuwen.gov.cn's 下洋镇2023年法治政府建设年度报告 (a township of 徐闻县)
    lines = ["2023年以来，下洋镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。", "一、2023年法治政府建设主要举措和成效"]
    doc = parse(page("下洋镇2023年法治政府建设年度报告", {"SiteName": "徐闻县人民政府"}, lines))
    assert doc.agency == "下洋镇"
    assert "agency from title" in doc.notes


@pytest.mark.parametrize("source", ["下洋镇", "东城街道", "城关镇人民政府", "东城街道办事处", "城关市场监管所"])
def test_township_subdistrict_and_station_sources_are_agencies(source: str) -> None:
    doc = parse(page("2023年法治政府建设工作情况报告", {"SiteName": "徐闻县人民政府", "ContentSource": source}))
    assert doc.agency == source


def test_bare_station_source_completed_from_the_body() -> None:
    lines = ["2023年，城关市场监管所在县局党组的领导下，坚持依法行政。", *BODY[1:]]
    doc = parse(page("2023年法治政府建设工作总结", {"SiteName": "万载县人民政府", "ContentSource": "市场监管所"}, lines))
    assert doc.agency == "城关市场监督管理所"  # a station is named after its town, not the county


# --- the parts -----------------------------------------------------------------------------------

def test_short_name() -> None:
    assert short_name("县市场监管局").level == "县"
    assert short_name("市场监管局").level is None
    assert short_name("自治区市场监管局").level == "自治区"
    assert short_name("沙市市场监管局") is None  # 沙市 is a place
    assert short_name("万载县市场监督管理局") is None
    assert short_name("市场监管所").station


def test_place_tokens() -> None:
    assert place_tokens("天津市河东区") == ["天津市", "河东区"]
    assert place_tokens("广西壮族自治区") == ["广西壮族自治区"]
    assert place_tokens("中国宜春") == []
    assert place_tokens("全市") == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("万载县2023年法治政府建设工作报告", ("万载县市场监督管理局", "title")),
        ("关于万载县二〇二三年法治政府建设情况的报告", ("万载县市场监督管理局", "title")),
        ("深入推进法治县域建设的报告", None),  # words ending like a place, no year or 关于 after them
    ],
)
def test_title_place(title: str, expected) -> None:
    assert complete_agency("县市场监管局", title=title) == expected


def test_closing_block_beats_a_superior_bureau_in_the_opening() -> None:
    lines = ["2023年，在江西省市场监督管理局的指导下，我局扎实推进法治政府建设。", "一、主要工作", "万载县市场监督管理局", "2024年3月18日"]
    assert complete_agency("市场监管局", body_lines=lines) == ("万载县市场监督管理局", "body")


def test_opening_words_are_not_part_of_the_place() -> None:
    lines = ["现将万载县市场监管局2023年法治政府建设工作情况报告如下："]
    assert complete_agency("县市场监管局", body_lines=lines) == ("万载县市场监督管理局", "body")
    assert complete_agency("县市场监管局", body_lines=["全县市场监督管理局系统共办理案件58件。"]) is None
