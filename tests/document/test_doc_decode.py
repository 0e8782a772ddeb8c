"""Encoding: GB2312/GBK/GB18030 and UTF-8 decoded right whatever the declarations say.

The HTTP tests serve the bytes from a real loopback server and read them with requests, so the
headers are what a real crawl sees (including requests' own defaults).
"""

from __future__ import annotations

import codecs

import pytest
import requests

from scrapers.document import decode_html, parse_report_page
from scrapers.document.decode import normalize_encoding

from ._pages import report_page

BODY = ["2023年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设。", "咸宁市市场监督管理局", "2024年3月11日"]
# Characters outside GBK: only GB18030 (4-byte sequences) encodes them.
GB18030_ONLY = "䶮𠀀𪚥"


def fetch(http_server, path: str, status: int, headers: dict[str, str], body: bytes) -> requests.Response:
    base, routes = http_server
    routes[path] = (status, headers, body)
    response = requests.get(base + path, timeout=5)
    assert response.content == body
    return response


def test_gbk_page_with_charset_meta_after_title_over_http(http_server) -> None:
    html = report_page("咸宁市市场监管局2023年度法治政府建设情况报告", BODY, charset_after_title=True)
    body = html.encode("gbk")
    assert body.index(b"<title>") < body.index(b"charset=gb2312")
    # No charset in the header: requests would guess; we must not.
    response = fetch(http_server, "/gbk-meta-after-title", 200, {"Content-Type": "text/html"}, body)
    decoded = decode_html(response.content, response.headers)
    assert decoded.encoding == "gb18030"
    assert "法治政府建设情况报告" in decoded.text and "咸宁市市场监督管理局" in decoded.text
    doc = parse_report_page(response.content, response.url, response.headers)
    assert doc.title == "咸宁市市场监管局2023年度法治政府建设情况报告"
    assert doc.body_text.splitlines()[0] == BODY[0]


def test_header_says_utf8_but_bytes_are_gbk_over_http(http_server) -> None:
    html = report_page("关于2023年度法治政府建设情况的报告", BODY)
    body = html.encode("gbk")
    response = fetch(http_server, "/lying-header", 200, {"Content-Type": "text/html; charset=utf-8"}, body)
    decoded = decode_html(response.content, response.headers)
    assert decoded.encoding == "gb18030"
    assert "HTTP header=utf-8" in decoded.evidence
    assert BODY[0] in decoded.text
    assert "\ufffd" not in decoded.text


def test_stray_gb2312_meta_in_utf8_body_over_http(http_server) -> None:
    # A Word-pasted body carries its own <meta charset=gb2312> deep inside a UTF-8 page.
    word_paste = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta name="Generator" content="Microsoft Word 15">'
    html = report_page(
        "2023年法治政府建设工作总结",
        BODY,
        charset_meta='<meta charset="utf-8">',
        container='<div class="TRS_Editor">' + word_paste + "{}</div>",
    )
    body = html.encode("utf-8")
    response = fetch(http_server, "/stray-meta", 200, {"Content-Type": "text/html"}, body)
    decoded = decode_html(response.content, response.headers)
    assert decoded.encoding == "utf-8"
    assert "meta in body=gb2312" in decoded.evidence
    doc = parse_report_page(response.content, response.url, response.headers)
    assert doc.body_text.splitlines() == BODY


def test_gb18030_only_characters_over_http(http_server) -> None:
    lines = [f"本年度办理涉及{GB18030_ONLY}等生僻字的登记事项12件。", *BODY]
    html = report_page("2023年度法治政府建设情况报告", lines, charset_meta='<meta charset="gb2312">')
    with pytest.raises(UnicodeEncodeError):
        html.encode("gbk")  # the page really needs GB18030
    body = html.encode("gb18030")
    response = fetch(http_server, "/gb18030", 200, {"Content-Type": "text/html; charset=GBK"}, body)
    decoded = decode_html(response.content, response.headers)
    assert decoded.encoding == "gb18030"
    assert GB18030_ONLY in decoded.text
    doc = parse_report_page(response.content, response.url, response.headers)
    assert GB18030_ONLY in doc.body_text


def test_requests_latin1_default_is_not_trusted(http_server) -> None:
    # requests reports ISO-8859-1 for text/html without charset; decoding with it is mojibake.
    body = report_page("2023年度法治政府建设情况报告", BODY, charset_meta="").encode("gbk")
    response = fetch(http_server, "/no-charset", 200, {"Content-Type": "text/html; charset=ISO-8859-1"}, body)
    decoded = decode_html(response.content, response.headers)
    assert decoded.encoding == "gb18030"
    assert BODY[0] in decoded.text


def test_utf8_bom_wins_over_gbk_declarations() -> None:
    html = report_page("标题", BODY, charset_meta='<meta charset="gbk">')
    decoded = decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), {"Content-Type": "text/html; charset=gbk"})
    assert decoded.encoding == "utf-8" and decoded.evidence.startswith("BOM")
    assert BODY[0] in decoded.text and not decoded.text.startswith("\ufeff")


def test_header_gbk_but_bytes_utf8() -> None:
    html = report_page("标题", BODY, charset_meta='<meta charset="gbk">')
    decoded = decode_html(html.encode("utf-8"), {"content-type": "text/html;charset=GBK"})
    assert decoded.encoding == "utf-8"
    assert BODY[0] in decoded.text


def test_one_corrupt_byte_in_gbk_page_loses_one_character_not_the_page() -> None:
    body = report_page("标题", BODY).encode("gbk")
    cut = body.index("法治思想".encode("gbk"))
    damaged = body[:cut] + b"\xff" + body[cut:]
    decoded = decode_html(damaged, None)
    assert decoded.encoding == "gb18030" and "lossy" in decoded.evidence
    assert "法治思想" in decoded.text and "咸宁市市场监督管理局" in decoded.text


@pytest.mark.parametrize(
    ("label", "codec"),
    [("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("cp936", "gb18030"), ("UTF8", "utf-8"), ("nonsense", None)],
)
def test_normalize_encoding(label: str, codec: str | None) -> None:
    assert normalize_encoding(label) == codec
