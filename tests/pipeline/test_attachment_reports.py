"""Reports that live in an attachment: read from the DOCX/PDF, never loaded empty when scanned."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from docx import Document

from scrapers.crawl import crawl_source
from scrapers.fetch.archive import RawArchive
from scrapers.fetch.http import FetchPolicy, Fetcher
from scrapers.models import Region, Source
from scrapers.pipeline import reextract
from scrapers.store import DataDir

AGENCY = "某某市市场监督管理局"
REPORT_LINES = [
    "2023年以来，我局坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。",
    "一、主要工作举措和成效",
    "全年查办各类违法案件256件，罚没款312.6万元。",
    "办理行政复议案件3件，行政诉讼案件2件，暂无败诉案件。",
    "某某市市场监督管理局",
    "2024年3月11日",
]


def docx_bytes() -> bytes:
    document = Document()
    for line in REPORT_LINES:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    pytest.importorskip("reportlab", reason="reportlab builds the scanned test PDF")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(Image.new("RGB", (300, 400), "white")), 40, 100, width=300, height=400)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def cover_page(title: str, attachment: str) -> bytes:
    return f"""<html><head><meta charset="utf-8"><title>{title}</title>
    <meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2024-03-12 09:00"></head>
    <body><div class="nav">首页 机构概况 政务公开</div><h1>{title}</h1>
    <div class="info">发布时间：2024-03-12 来源：{AGENCY}</div>
    <div class="TRS_Editor"><p>{title}见附件。</p></div>
    <div class="fujian">附件：<a href="{attachment}">{title}.{attachment.rsplit('.', 1)[1]}</a></div>
    <div class="footer">主办单位：{AGENCY} ICP备12345678号</div></body></html>""".encode("utf-8")


@pytest.fixture()
def site():
    pages = {
        "/list/index.html": (
            "text/html; charset=utf-8",
            """<html><body><ul>
            <li><a href="/art/t20240312_1.html">某某市市场监督管理局2023年度法治政府建设情况报告</a><span>2024-03-12</span></li>
            <li><a href="/art/t20230310_2.html">某某市市场监督管理局2022年度法治政府建设情况报告</a><span>2023-03-10</span></li>
            </ul></body></html>""".encode("utf-8"),
        ),
        "/art/t20240312_1.html": ("text/html; charset=utf-8", cover_page("某某市市场监督管理局2023年度法治政府建设情况报告", "/files/report2023.docx")),
        "/art/t20230310_2.html": ("text/html; charset=utf-8", cover_page("某某市市场监督管理局2022年度法治政府建设情况报告", "/files/report2022.pdf")),
        "/files/report2023.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_bytes()),
        "/files/report2022.pdf": ("application/pdf", scanned_pdf()),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            content_type, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_report_read_from_attachment_and_scan_refused(site: str, tmp_path: Path) -> None:
    source = Source("someshi-amr", AGENCY, Region("某省", "某某市", None), (f"{site}/list/index.html",))
    data = DataDir(tmp_path)
    fetcher = Fetcher(RawArchive(data.archive_dir), FetchPolicy(requests_per_second=100, attempts=1), allowed_hosts=[site.split("//")[1]])
    result = crawl_source(source, fetcher, data)

    assert result.status == "partial"
    [report_id] = result.report_ids
    doc = data.load_document(report_id)
    assert doc.source_file == f"{site}/files/report2023.docx"
    assert doc.body_text.splitlines() == REPORT_LINES  # text order kept
    assert doc.report_year == 2023 and doc.title == "某某市市场监督管理局2023年度法治政府建设情况报告"
    assert {m.metric for m in doc.metrics} >= {"cases_filed", "fines", "admin_reconsideration", "litigation_lost"}

    [error] = [e for e in result.events if e.kind == "error"]
    assert error.url == f"{site}/art/t20230310_2.html"
    assert "scanned PDF" in (error.reason or "") and "report2022.pdf" in (error.reason or "")

    # Re-extraction reads the attachment from the archive, not the network.
    rebuilt, errors = reextract([source], data, "re-1")
    assert rebuilt == [report_id] and errors == []
    assert data.load_document(report_id).source_file == doc.source_file
