"""parse_report_page end to end, its errors, and anti-bot challenge detection."""

from __future__ import annotations

import pytest

from scrapers.document import DocumentError, detect_challenge, parse_report_page
from scrapers.models import ReportDocument

from ._pages import HTML_DIR, gold, real_page, report_page, require_shared

URL = "https://scjg.example.gov.cn/zwgk/fzzfjs/202403/t20240312_98765.html"

RS_412 = b"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta id="9DhefwqGPrzGxEp9hPaoag" content="abcDEF123"><script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=48071;$_ts.cd="qhxcrrAlEa";</script>
<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js"></script></head><body></body></html>"""
JSL_521 = b"""<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+('c')+('e')+('=')+(+new Date())+'|0|'+'x';
location.href=location.pathname+location.search</script><script>var __jsl_clearance='1700000000.1|0|abc';</script></body></html>"""
JS_ONLY = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>\xe6\xb3\x95\xe6\xb2\xbb</title>
<script src="/static/js/chunk-vendors.js"></script><script src="/static/js/app.js"></script></head>
<body><noscript>We're sorry but this site doesn't work properly without JavaScript enabled.</noscript><div id="app"></div></body></html>"""


def test_report_page_to_document_gbk() -> None:
    text_lines, meta = gold("000_a8f37f06b62b6b46")
    lines = [l.strip() for l in text_lines if l.strip()]
    paragraphs = lines[lines.index(meta["body_first"].strip()):]
    chrome = "".join(f"<p>{c}</p>" for c in meta["chrome"])  # the disclosure block above the text
    html = report_page(
        meta["title"],
        paragraphs,
        container='<div class="TRS_Editor">' + chrome + "{}</div>",
        meta={"ArticleTitle": meta["title"], "PubDate": "2024-03-12 16:20", "ContentSource": "咸宁市市场监管局"},
        byline="发布日期：2024年03月12日 来源：咸宁市市场监管局",
    )
    doc = parse_report_page(html.encode("gbk"), URL, {"Content-Type": "text/html"})
    assert isinstance(doc, ReportDocument)
    assert doc.title == meta["title"]
    assert doc.published == meta["published"] and doc.published_source == "meta"
    assert doc.agency == meta["agency"]
    assert doc.report_year == meta["report_year"]
    body = doc.body_text.split("\n")
    assert body[0] == meta["body_first"].strip() and body[-1] == meta["body_last"].strip()
    assert doc.metrics == [] and doc.raw_sha256 and doc.extractor_version
    assert "body: TRS_Editor" in doc.notes


@pytest.mark.parametrize("page", [p for p in [f"a{i:02d}" for i in range(1, 26)]])
def test_every_sample_page_parses(page: str) -> None:
    doc = parse_report_page(real_page(page), f"https://example.gov.cn/{page}.html")
    assert doc.body_text and doc.title and doc.published


# --- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"", None, "empty response body"),
        (b"   \n", None, "empty response body"),
        (b"%PDF-1.7\n%...binary", None, "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", None, "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", None, "legacy Office"),
        (b'{"code": 0, "data": []}', {"Content-Type": "application/json"}, "Content-Type application/json"),
        (b"<html><head><title>t</title></head><body><div id='zoom'></div><p>\xe6\x97\xa0</p></body></html>", None, "no body text"),
    ],
)
def test_not_a_report_page_raises_document_error(body: bytes, headers, reason: str) -> None:
    with pytest.raises(DocumentError) as err:
        parse_report_page(body, URL, headers)
    assert URL in str(err.value) and reason in str(err.value)


def test_attachment_only_page_is_a_document_with_a_note() -> None:
    html = report_page("2023年度法治政府建设情况报告", ['附件：<a href="./P020240312.pdf">2023年度法治政府建设情况报告.pdf</a>'])
    doc = parse_report_page(html.encode("utf-8"), URL)
    assert any("attachment link" in note for note in doc.notes)


# --- anti-bot challenges --------------------------------------------------------------------

def test_ruishu_412_challenge() -> None:
    reason = detect_challenge(412, {"Content-Type": "text/html", "Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; path=/"}, RS_412)
    assert reason and "瑞数" in reason and "412" in reason and "$_ts" in reason
    with pytest.raises(DocumentError, match="瑞数"):
        parse_report_page(RS_412, URL, {"Content-Type": "text/html"}, status=412)
    # Without the status the marker alone is enough.
    with pytest.raises(DocumentError, match="anti-bot"):
        parse_report_page(RS_412, URL)


def test_jiasule_521_challenge() -> None:
    reason = detect_challenge(521, {"Set-Cookie": "__jsluid_h=0123456789abcdef; path=/"}, JSL_521)
    assert reason and "加速乐" in reason and "__jsl_clearance" in reason
    with pytest.raises(DocumentError, match="加速乐"):
        parse_report_page(JSL_521, URL, status=521)


def test_javascript_only_page() -> None:
    reason = detect_challenge(200, {"Content-Type": "text/html"}, JS_ONLY)
    assert reason and "JavaScript" in reason
    with pytest.raises(DocumentError, match="JavaScript"):
        parse_report_page(JS_ONLY, URL)


def test_report_written_in_character_references_is_not_a_javascript_page() -> None:
    # Some CMSs write every Chinese character as &#NNNNN;. Counted in the raw text such a page
    # shows nothing and has scripts; the parsed body shows the report, which settles it.
    sentence = "2023年，我局共办理行政复议案件3件，全部在法定期限内办结。"
    encoded = "".join(f"&#{ord(ch)};" for ch in sentence * 5)
    body = (
        "<html><head><title>2023年度法治政府建设情况报告</title><script>var s=1;</script></head>"
        f'<body><div class="TRS_Editor"><p>{encoded}</p></div></body></html>'
    ).encode("utf-8")
    doc = parse_report_page(body, URL)
    assert sentence in doc.body_text
    # A page with no body of its own and the same scripts is still refused.
    with pytest.raises(DocumentError, match="JavaScript"):
        parse_report_page(JS_ONLY, URL)


def test_javascript_redirect_page() -> None:
    body = b"<html><head><script>window.location.href='/zwgk/index.html';</script></head><body></body></html>"
    assert "redirect" in (detect_challenge(200, None, body) or "")


def test_real_pages_are_not_challenges() -> None:
    require_shared(HTML_DIR)
    for path in sorted(HTML_DIR.glob("*.html")):
        assert detect_challenge(200, {"Content-Type": "text/html"}, path.read_bytes()) is None, path.name


def test_hanweb_datastore_list_page_is_not_a_challenge() -> None:
    body = (
        '<html><body><div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/col/2.html"></a>]]></nextgroup>'
        "<recordset><record><![CDATA[<li><a href='/art/2024/3/12/art_1_1.html'>2023年度法治政府建设情况报告</a></li>]]></record>"
        "</recordset></datastore></script></div></body></html>"
    ).encode("utf-8")
    assert detect_challenge(200, None, body) is None


def test_document_error_message_forms() -> None:
    err = DocumentError("https://a.gov.cn/x.html", "no body text found")
    assert str(err) == "https://a.gov.cn/x.html: no body text found" and err.url == "https://a.gov.cn/x.html"
    assert str(DocumentError("[source s1] https://a.gov.cn/x.html: challenge")) == "[source s1] https://a.gov.cn/x.html: challenge"


def test_built_report_page_is_not_a_challenge() -> None:
    html = report_page("标题", ["2023年以来，我局全面推进法治政府建设。"] * 3)
    assert detect_challenge(200, None, html.encode("utf-8")) is None


@pytest.mark.parametrize("padding", ["script", "style", "tag", "entity"])
def test_a_long_script_only_page_is_still_a_challenge(padding: str) -> None:
    """Only the head of a long page is counted when it already shows enough text: a page whose
    head is one long unclosed-in-the-head script (or style, or tag, or run of entities) must not
    read as visible text."""
    filler = {
        "script": "<script>" + "var a=1;" * 4000 + "</script>",
        "style": "<style>" + ".c{color:red}" * 3000 + "</style>",
        "tag": "<div data-x='" + "x" * 30_000 + "'></div>",
        "entity": "&nbsp;" * 6000,
    }[padding]
    body = f"<html><head>{filler}<script src='/app.js'></script></head><body><div id='app'></div></body></html>"
    assert "JavaScript" in (detect_challenge(200, None, body.encode("utf-8")) or "")
