"""Attachments: 附件 links in a page, PDF (pdfplumber) and DOCX (python-docx) text.

The PDFs are generated with reportlab (pip install reportlab; 5.1.0 here) using the CID font
STSong-Light, which needs no font file and gives a real Chinese text layer.
"""

from __future__ import annotations

import io

import pytest

from scrapers.document import DocumentError, document_from_attachment, extract_attachment_text, find_attachment_links, parse_report_page

from ._pages import real_page, report_page

PARAS = [
    "2023年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。",
    "一、主要工作举措和成效",
    "全年办理行政处罚案件256件，罚没款合计312.6万元，同比增长8.5%。",
]


# --- links ----------------------------------------------------------------------------------

def test_find_attachment_links_in_body_and_attachment_box() -> None:
    body = [
        '附件：1.<a href="./P020240312_1.pdf">2023年度法治政府建设情况报告.pdf</a>',
        '2.<a href="/module/download/downfile.jsp?classid=0&filename=abc.docx">统计表</a>',
        '<a href="https://other.gov.cn/files/report.WPS">附表</a> <a href="./P020240312_1.pdf">同一文件</a>',
        '<a href="./index.html">不是附件</a>',
    ]
    extra = '<div class="fujian"><a href="../att/2023.doc">附件下载</a></div><div class="footer"><a href="/guide.pdf">政府信息公开指南</a></div>'
    html = report_page("标题", PARAS + body, extra_body=extra)
    links = find_attachment_links(html, "https://scjg.example.gov.cn/zwgk/202403/t20240312_1.html")
    assert links == [
        "https://scjg.example.gov.cn/zwgk/202403/P020240312_1.pdf",
        "https://scjg.example.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.docx",
        "https://other.gov.cn/files/report.WPS",
        "https://scjg.example.gov.cn/zwgk/att/2023.doc",
    ]


def test_find_attachment_links_real_page() -> None:
    html = real_page("a17").decode("utf-8")
    links = find_attachment_links(html, "http://www.moe.gov.cn/srcsite/A12/s7060/202406/t20240613_1135386.html")
    assert links == [
        "http://www.moe.gov.cn/srcsite/A12/s7060/202406/W020240613556663716813.docx",
        "http://www.moe.gov.cn/srcsite/A12/s7060/202406/W020240613556663720310.docx",
        "http://www.moe.gov.cn/srcsite/A12/s7060/202406/W020240613556663730435.docx",
    ]


def test_template_placeholder_link_ignored() -> None:
    links = find_attachment_links(real_page("a10").decode("utf-8"), "http://www.ccgp-hebei.gov.cn/x/y.html")
    assert links == ["http://www.ccgp-hebei.gov.cn/BidWinAnncFiles/4b211afc-3a82-4fce-8ffb-11126a95def1.docx"]


# --- DOCX -----------------------------------------------------------------------------------

def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("咸宁市市场监管局2023年度法治政府建设情况报告", level=1)
    document.add_paragraph(PARAS[0])
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "2023年", "同比"], ["立案（件）", "938", "12.5%"], ["合计", "", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "罚没款126万元"
    document.add_paragraph(PARAS[2])
    document.add_paragraph("咸宁市市场监督管理局")
    document.add_paragraph("2024年3月11日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_document_order() -> None:
    text = extract_attachment_text(make_docx(), "https://a.gov.cn/W1.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert text.kind == "docx" and not text.scanned
    assert text.text.split("\n") == [
        "咸宁市市场监管局2023年度法治政府建设情况报告",
        PARAS[0],
        "指标\t2023年\t同比",
        "立案（件）\t938\t12.5%",
        "合计\t罚没款126万元",  # the merged cell is read once
        PARAS[2],
        "咸宁市市场监督管理局",
        "2024年3月11日",
    ]


def test_wps_file_that_is_really_docx() -> None:
    assert extract_attachment_text(make_docx(), "https://a.gov.cn/report.wps", None).kind == "docx"


# --- PDF ------------------------------------------------------------------------------------

def make_pdf(pages: list[list[str]], *, image_only: bool = False) -> bytes:
    pytest.importorskip("reportlab", reason="reportlab builds the test PDFs: .venv/bin/pip install reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        if image_only:
            from PIL import Image, ImageDraw
            from reportlab.lib.utils import ImageReader

            image = Image.new("RGB", (600, 800), "white")
            ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill="black")  # a "scanned" page
            pdf.drawImage(ImageReader(image), 40, 100, width=500, height=660)
        else:
            pdf.setFont("STSong-Light", 12)
            y = 780
            for line in lines:
                pdf.drawString(60, y, line)
                y -= 20
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_chinese_text_in_order_with_wrapped_lines_rejoined() -> None:
    # One paragraph wrapped at the margin (first two lines), headings, a signature block.
    page1 = [
        "2023年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设，各项工作",
        "取得明显成效，现将有关情况报告如下。",
        "一、主要工作举措和成效",
        "全年办理行政处罚案件256件，罚没款合计312.6万元。",
    ]
    page2 = ["二、存在的不足和下一步打算", "咸宁市市场监督管理局", "2024年3月11日"]
    text = extract_attachment_text(make_pdf([page1, page2]), "https://a.gov.cn/P1.pdf", "application/pdf")
    assert text.kind == "pdf" and not text.scanned and text.pages == 2
    assert text.text.split("\n") == [
        page1[0] + page1[1],
        page1[2],
        page1[3],
        *page2,
    ]


def test_pdf_paragraph_cut_by_page_end_is_rejoined() -> None:
    page1 = ["一、主要工作举措和成效", "全年办理行政处罚案件256件，罚没款合计312.6万元，同比增长8.5%，办理行政复议"]
    page2 = ["案件3件，无被纠错案件。", "二、存在的不足"]
    text = extract_attachment_text(make_pdf([page1, page2]), "https://a.gov.cn/P2.pdf", "application/pdf")
    assert text.text.split("\n") == [page1[0], page1[1] + page2[0], page2[1]]


def test_scanned_pdf_is_flagged_not_returned_as_empty_report() -> None:
    text = extract_attachment_text(make_pdf([[], []], image_only=True), "https://a.gov.cn/scan.pdf", "application/pdf")
    assert text.scanned is True and text.text == "" and text.pages == 2
    page = parse_report_page(report_page("2023年度法治政府建设情况报告", PARAS).encode("utf-8"), "https://a.gov.cn/t.html")
    doc = document_from_attachment(page, text, "https://a.gov.cn/scan.pdf", b"%PDF")
    assert doc.source_file == "https://a.gov.cn/scan.pdf" and "scanned PDF, no text layer: needs OCR" in doc.notes
    assert doc.report_year == page.report_year and doc.title == page.title


# --- what is not an attachment --------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "url", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "https://a.gov.cn/a.doc", "legacy binary Word/WPS"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "https://a.gov.cn/a.pdf", "HTML page"),
        (b"%PDF-1.4\n garbage that is not a pdf", "https://a.gov.cn/a.pdf", "unreadable PDF"),
        (b"", "https://a.gov.cn/a.pdf", "empty attachment"),
        (b"PK\x03\x04 not really a zip", "https://a.gov.cn/a.docx", "unsupported attachment type"),
    ],
)
def test_bad_attachments_raise_document_error(body: bytes, url: str, reason: str) -> None:
    with pytest.raises(DocumentError) as err:
        extract_attachment_text(body, url, None)
    assert url in str(err.value) and reason in str(err.value)
