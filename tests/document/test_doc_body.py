"""Body extraction: CMS containers, chrome stripping, tables, trafilatura fallback."""

from __future__ import annotations

import re

import lxml.html
import pytest

from scrapers.document import extract_body, parse_html
from scrapers.document.body import TRAFILATURA
from scrapers.document.chrome import clean_lines
from scrapers.document.htmltext import Line, element_lines

from ._pages import CHROME_BOTTOM, CHROME_TOP, HTML_DIR, gold, real_page, report_page, require_shared


def body_of(html: str, title: str | None = None):
    return extract_body(parse_html(html), title)


# --- real pages: which container, and the body's first/last lines ---------------------------

REAL = [
    # page, method, first body line starts with, last body line ends with
    ("a02", "TRS_Editor", "图为山西品牌丝路行（南美站）启动仪式", "（张巨峰）"),
    ("a03", "UCAP-CONTENT", "（2007年6月29日", "53365.53亿元。"),
    ("a05", "enpcontent", "习近平主持召开深入推进长三角一体化发展座谈会强调", "参加座谈会。"),
    ("a07", "zoomcon", None, None),
    ("a12", "wenzhang-content", "行政处罚决定书文号\t金罚决字〔2024〕36号", "2024年7月8日"),
    ("a13", "zoomcon", "“制造美丽”推动“美丽制造”转型升级", None),
    ("a14", "ivs_content", "索取号\t发布时间\t发布机构\t文件编号\t备注", "2024年5月10日"),
    ("a16", "TRS_UEDITOR", None, None),
    ("a17", "downloadContent", "教思政厅函〔2024〕10号", "2024年5月30日"),
    ("a21", "article-content", None, None),
    ("a24", "con_con", None, None),
    ("a25", "epoint-detail-content", "记者梁爽报道", "入选辽宁乒乓球队集训（特殊打法）"),
]


@pytest.mark.parametrize(("page", "method", "first", "last"), REAL)
def test_real_page_container(page: str, method: str, first: str | None, last: str | None) -> None:
    from scrapers.document.metadata import title_from

    tree = parse_html(real_page(page).decode("utf-8"))
    body = extract_body(tree, title_from(tree)[0])
    assert body.method == method
    lines = body.text.split("\n")
    if first:
        assert lines[0].startswith(first)
    if last:
        assert lines[-1].endswith(last)


def test_word_pasted_body_keeps_table_and_drops_css() -> None:
    # a12: the body is Word HTML with <style>@font-face...</style>, <meta>, <title> inside the div
    body = body_of(real_page("a12").decode("utf-8"))
    assert "@font-face" not in body.text and "mso-" not in body.text
    rows = body.text.split("\n")
    assert "作出处罚决定的日期\t2024年7月8日" in rows
    assert all("\t" in row for row in rows)  # the whole body is one two-column table


def test_empty_attachment_and_related_headings_dropped_at_end() -> None:
    # a25: "附件：" with an empty list and "相关文章:" with no links close the container
    body = body_of(real_page("a25").decode("utf-8"))
    assert not re.search(r"附件|相关文章", body.text.split("\n")[-1])
    assert ("trailing", "相关文章:") in body.removed
    # a13: "相关附件" with nothing under it
    body = body_of(real_page("a13").decode("utf-8"))
    assert body.text.split("\n")[-1] != "相关附件"


def test_attachment_heading_with_a_file_is_kept() -> None:
    lines = ["正文第一段，内容足够长，说明工作情况。", "附件：", "1.2023年度法治政府建设情况统计表"]
    html = report_page("标题", lines, container='<div id="zoom">{}</div>')
    assert body_of(html).text.split("\n") == lines


def test_byline_inside_container_is_metadata_not_body() -> None:
    # a11: title + "2021年06月10日 17:35 来源： 【打印】" sit inside the chosen container
    from scrapers.document.metadata import title_from

    tree = parse_html(real_page("a11").decode("utf-8"))
    body = extract_body(tree, title_from(tree)[0])
    assert body.text.split("\n")[0] == "公告概要："
    assert [rule for rule, _ in body.removed][:2] == ["title", "dated-byline"]


# --- gold corpus: the chrome lines real report pages carry ----------------------------------

@pytest.mark.parametrize("name", ["000_a8f37f06b62b6b46", "001_b4761d77e6b5b755", "002_cfe5856917785c2e"])
def test_gold_corpus_chrome_removed_signature_kept(name: str) -> None:
    text_lines, meta = gold(name)
    lines = [Line(re.sub(r"\s+", " ", l).strip()) for l in text_lines if l.strip()]
    result = clean_lines(lines, meta["title"])
    kept = [l.text for l in result.lines]
    assert kept[0] == meta["body_first"].strip()
    assert kept[-1] == meta["body_last"].strip()  # the signature date (or last paragraph) stays
    removed = {re.sub(r"\s+", "", text) for _, text in result.removed}
    for chrome in meta["chrome"]:
        assert re.sub(r"\s+|\{\{el\}\}", "", chrome) in removed, chrome
    if meta.get("signed"):
        assert meta["agency"].endswith(kept[-2]) or kept[-2] in meta["agency"]


def test_report_page_built_from_gold_corpus_002() -> None:
    text_lines, meta = gold("002_cfe5856917785c2e")
    body_lines = [l.strip() for l in text_lines if l.strip()]
    start = body_lines.index(meta["body_first"].strip())
    end = body_lines.index(meta["body_last"].strip())
    paragraphs = body_lines[start:end + 1]
    html = report_page(meta["title"], paragraphs, byline="发布时间:2021-03-15 信息来源: {{el}} 字号:【大 中 小】")
    body = body_of(html, meta["title"])
    assert body.method == "TRS_Editor"
    assert body.text.split("\n") == paragraphs


# --- chrome inside the container, one failure mode each -------------------------------------

CHROME_INSIDE = [
    "当前位置：首页 > 政务公开 > 通知公告",
    "首页 > 市局工作 > 通知公告",
    "分享到：",
    "扫一扫在手机打开当前页",
    "【我要纠错】",
    "【打印】【关闭】",
    "字号：大 中 小",
    "【字体：大 中 小】",
    "网站标识码：3501000033 闽ICP备05023651号",
    "闽公网安备 35010202000001号",
    "版权所有：福州市市场监督管理局",
    "主办：福州市市场监督管理局 承办：福州市大数据发展管理委员会",
    "技术支持：某某信息技术有限公司",
    "上一篇：关于开展2023年质量月活动的通知",
    "浏览次数：1024",
]


@pytest.mark.parametrize("chrome", CHROME_INSIDE)
def test_chrome_line_inside_container_is_dropped(chrome: str) -> None:
    paragraphs = ["2023年以来，我局全面推进法治政府建设，取得明显成效。", "一、主要举措", "（一）强化组织领导。"]
    html = report_page("标题", [paragraphs[0], chrome, *paragraphs[1:]], container='<div id="zoom">{}</div>')
    assert body_of(html).text.split("\n") == paragraphs


BODY_LOOKALIKES = [  # each would match a chrome word, none is chrome
    "主办单位：教育部思想政治工作司",  # activity organisers in a notice, not a footer
    "承办单位：教育部宣传教育中心、上海交通大学",
    "持续开展打击侵犯知识产权和制售假冒伪劣商品专项行动，维护权利人的版权所有权益和消费者合法权益，全年查办案件42件。",
    "来源追溯体系覆盖全市83家食品生产企业。",
    "开展“扫一扫”查询电梯安全信息试点，覆盖全区1200台电梯，群众满意度明显提升。",
]


@pytest.mark.parametrize("line", BODY_LOOKALIKES)
def test_body_lines_that_look_like_chrome_are_kept(line: str) -> None:
    paragraphs = ["2023年以来，我局全面推进法治政府建设，取得明显成效。", line, "河东区市场监督管理局", "2023年12月31日"]
    html = report_page("标题", paragraphs, container='<div id="zoom">{}</div>')
    assert body_of(html).text.split("\n") == paragraphs


def test_template_junk_removed_inline() -> None:
    lines = [Line("发布时间:2021-03-15 信息来源: {{el}} 字号:【"), Line("正文内容，{{el}}足够长的一段话。")]
    result = clean_lines(lines)
    assert [l.text for l in result.lines] == ["正文内容，足够长的一段话。"]


def test_related_link_list_at_end_dropped_with_its_heading() -> None:
    lines = [
        Line("正文最后一段，说明下一步工作安排。"),
        Line("某某市市场监督管理局"),
        Line("2024年3月11日"),
        Line("相关链接"),
        Line("2022年度法治政府建设情况报告", link_chars=14),
        Line("2021年度法治政府建设情况报告", link_chars=14),
    ]
    assert [l.text for l in clean_lines(lines).lines] == ["正文最后一段，说明下一步工作安排。", "某某市市场监督管理局", "2024年3月11日"]


# --- text convention ------------------------------------------------------------------------

def test_tables_are_rows_with_tab_separated_cells() -> None:
    table = (
        "<table><tr><th>指标</th><th>2023年</th><th>同比</th></tr>"
        "<tr><td><p>立案</p><p>（件）</p></td><td>938</td><td>12.5%</td></tr>"
        "<tr><td></td><td></td><td></td></tr>"
        "<tr><td>罚没款（万元）</td><td></td><td>-3.1%</td></tr></table>"
    )
    html = report_page("标题", ["表1 主要执法数据如下："], container='<div class="TRS_UEDITOR">{}' + table + "<p>以上数据截至12月31日。</p></div>")
    assert body_of(html).text.split("\n") == [
        "表1 主要执法数据如下：",
        "指标\t2023年\t同比",
        "立案 （件）\t938\t12.5%",
        "罚没款（万元）\t\t-3.1%",
        "以上数据截至12月31日。",
    ]


def test_layout_table_is_read_as_blocks() -> None:
    el = lxml.html.fromstring("<div><table><tr><td><p>第一段正文。</p><p>第二段正文。</p></td></tr></table></div>")
    assert [l.text for l in element_lines(el)] == ["第一段正文。", "第二段正文。"]


def test_hidden_and_script_content_skipped_br_splits_lines() -> None:
    el = lxml.html.fromstring(
        '<div><p>第一行<br>第二行</p><div style="display:none">隐藏的弹窗</div><script>var a="脚本";</script>'
        "<style>p{}</style><p hidden>也隐藏</p><p>第三行\u3000 有\xa0空格</p></div>"
    )
    assert [l.text for l in element_lines(el)] == ["第一行", "第二行", "第三行 有 空格"]


# --- fallback -------------------------------------------------------------------------------

def test_trafilatura_fallback_when_no_container_matches() -> None:
    paragraphs = [
        "2023年以来，某某县市场监督管理局坚持以习近平法治思想为指导，深入推进法治政府建设，现将有关情况报告如下。",
        "一、主要工作举措和成效",
        "全年办理行政处罚案件256件，罚没款合计312.6万元，同比增长8.5%，办理行政复议案件3件，无被纠错案件。",
        "二、存在的不足和下一步打算",
        "执法人员专业能力有待提升，下一步将加强培训，健全执法监督机制，持续提升依法行政水平和执法规范化水平。",
    ]
    html = report_page("某某县市场监督管理局2023年法治政府建设年度报告", paragraphs, container='<div class="unknown-cms-body">{}</div>')
    body = body_of(html, "某某县市场监督管理局2023年法治政府建设年度报告")
    assert body.method == TRAFILATURA
    assert body.text.split("\n") == paragraphs


def test_container_that_is_a_link_list_is_rejected() -> None:
    links = "".join(f'<li><a href="/n/{i}.html">新闻标题第{i}条，关于法治政府建设的报道</a></li>' for i in range(10))
    article = "<p>" + "正文内容说明法治政府建设情况。" * 6 + "</p>"
    html = f"<html><head><title>t</title></head><body>{CHROME_TOP}<div id='zoom'><ul>{links}</ul></div><div class='art'>{article}</div>{CHROME_BOTTOM}</body></html>"
    assert body_of(html).method != "zoom"


def test_all_sample_pages_pick_a_container() -> None:
    require_shared(HTML_DIR)
    for path in sorted(HTML_DIR.glob("a*.html")):
        assert body_of(path.read_bytes().decode("utf-8")).method != TRAFILATURA, path.name
