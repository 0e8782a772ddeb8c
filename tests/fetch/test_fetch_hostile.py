"""Hostile sites against the whole crawl of one source (real HTTP on loopback, real parsers).

One test per class of the fault matrix's hardening rows (scrapers/fetch/README.md): another port of
the same host, pagination bombs, DOCX and PDF bombs, trickling pages against the source's wall-time
budget, the request budget. Each asserts what an operator reads: the source's status and reason,
and that nothing outside its budget or scope was spent.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from faultserver import FaultServer, Reply

from scrapers.budgets import Budgets
from scrapers.crawl import CrawlOptions, crawl_source
from scrapers.fetch import FetchPolicy, RawArchive
from scrapers.models import Region, Source
from scrapers.pipeline import _fetcher_for
from scrapers.store import DataDir

PORT_A, PORT_B = 22121, 22122  # this worktree's range (22000-22999)
AGENCY = "某某市市场监督管理局"
TITLE = "某某市市场监督管理局2023年度法治政府建设情况报告"
POLICY = FetchPolicy(requests_per_second=200, attempts=1, timeout_s=5, max_concurrency_per_host=4, respect_robots=False)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def list_page(*links: tuple[str, str], extra: str = "") -> Reply:
    items = "".join(f'<li><a href="{href}">{title}</a><span>2024-03-12</span></li>' for href, title in links)
    return Reply(body=f"<html><body><ul>{items}</ul>{extra}</body></html>".encode(), headers=HTML)


def cover_page(attachment: str) -> Reply:
    return Reply(
        body=f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h1>{TITLE}</h1>
        <div class="info">发布时间：2024-03-12 来源：{AGENCY}</div>
        <div class="TRS_Editor"><p>{TITLE}见附件。</p></div>
        <div class="fujian">附件：<a href="{attachment}">{TITLE}</a></div></body></html>""".encode(),
        headers=HTML,
    )


def crawl(server: FaultServer, tmp_path: Path, budgets: dict | None = None, max_list_pages: int = 20):
    source = Source(
        "hostile-amr", AGENCY, Region("某省", "某某市", None), (server.url("/list/index.html"),),
        max_list_pages=max_list_pages, budgets=tuple((budgets or {}).items()),
    )
    data = DataDir(tmp_path)
    fetcher = _fetcher_for(source, RawArchive(data.archive_dir), POLICY)
    started = time.monotonic()
    result = crawl_source(source, fetcher, data, CrawlOptions(budgets=Budgets()))
    return result, time.monotonic() - started


@pytest.fixture
def two_ports():
    with FaultServer(PORT_A) as a, FaultServer(PORT_B) as b:
        yield a, b


def errors(result) -> list[str]:
    return [f"{e.url} {e.reason}" for e in result.events if e.kind == "error"]


# ---------------------------------------------------------------- scope: scheme + host + port


def test_redirect_and_attachment_to_another_port_are_refused_before_connecting(two_ports, tmp_path: Path) -> None:
    a, b = two_ports
    a.route("/list/index.html", list_page(("/art/t20240312_1.html", TITLE), ("/art/t20240313_2.html", TITLE.replace("2023", "2022"))))
    a.route("/art/t20240312_1.html", Reply(status=302, headers={"Location": b.url("/internal/report.html")}))
    a.route("/art/t20240313_2.html", cover_page(b.url("/internal/report.docx")))
    b.route("/internal/report.html", Reply(body=b"<html>internal</html>", headers=HTML))

    result, _ = crawl(a, tmp_path)

    assert b.log == []  # not one request reached the other port
    reasons = errors(result)
    assert len(reasons) == 2 and all(f"http://127.0.0.1:{PORT_B} is outside the source's scope" in r for r in reasons), reasons
    assert result.status == "partial" and result.report_ids == []


# ---------------------------------------------------------------- pagination bombs


def test_hanweb_pager_claiming_millions_of_pages_costs_max_list_pages(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    datastore = (
        '<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1">]]></nextgroup>'
        "<recordset><record><![CDATA[<li><a href='/art/t20240312_1.html'>a</a></li>]]></record></recordset>"
        "</datastore></script><script>var perpage = 1; totalrecord</script><totalrecord>8000000</totalrecord>"
    )
    a.route("/list/index.html", list_page(extra=datastore))
    a.route("/module/web/jpage/dataproxy.jsp", list_page())

    result, elapsed = crawl(a, tmp_path, max_list_pages=5)

    assert result.list_pages == 5 and len(a.log) == 5
    assert elapsed < 10


def test_perpage_zero_is_not_a_crash(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    a.route("/list/index.html", list_page(
        ("/art/t20240312_1.html", TITLE),
        extra="<script>perpage:0</script><totalrecord>40</totalrecord><a href='/module/web/jpage/dataproxy.jsp?col=1'>x</a>",
    ))
    a.route("/art/t20240312_1.html", Reply(body=f"<html><body><div id=zoom><p>{TITLE}</p><p>{'全年查办各类违法案件256件。' * 10}</p></div></body></html>".encode(), headers=HTML))
    a.route("/module/web/jpage/dataproxy.jsp", list_page())

    result, _ = crawl(a, tmp_path)

    assert result.status == "ok" and len(result.report_ids) == 1


# ---------------------------------------------------------------- attachment bombs


def docx_bomb(unpacked_mb: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(unpacked_mb):
                member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def pdf_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mb` MB of text operators."""
    packer = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 712 Td (a) Tj ET\n" * (1024 * 1024 // 34)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_docx_zip_bomb_is_refused_from_its_zip_directory(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    bomb = docx_bomb(300)
    assert len(bomb) < 1024 * 1024
    a.route("/list/index.html", list_page(("/art/t20240312_1.html", TITLE)))
    a.route("/art/t20240312_1.html", cover_page("/files/report.docx"))
    a.route("/files/report.docx", Reply(body=bomb, headers={"Content-Type": "application/octet-stream"}))

    result, elapsed = crawl(a, tmp_path)

    [reason] = errors(result)
    assert "attachment_max_unpacked_bytes" in reason and "report.docx" in reason
    assert elapsed < 10


@pytest.mark.slow
def test_pdf_bomb_is_stopped_by_the_pdf_budgets(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    a.route("/list/index.html", list_page(("/art/t20240312_1.html", TITLE)))
    a.route("/art/t20240312_1.html", cover_page("/files/report.pdf"))
    a.route("/files/report.pdf", Reply(body=pdf_bomb(300), headers={"Content-Type": "application/pdf"}))

    result, elapsed = crawl(a, tmp_path, budgets={"attachment_max_s": 8, "attachment_max_memory_bytes": 512 * 1024 * 1024})

    [reason] = errors(result)
    assert "report.pdf" in reason and ("attachment_max_s" in reason or "attachment_max_memory_bytes" in reason), reason
    assert elapsed < 20


# ---------------------------------------------------------------- per-source budgets


def test_trickling_report_pages_end_at_the_sources_wall_time(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    links = [(f"/art/t20240312_{i}.html", TITLE.replace("2023", str(2000 + i))) for i in range(10)]
    a.route("/list/index.html", list_page(*links))
    for href, _ in links:
        a.route(href, Reply(body=b"<html>" + b" " * 1000, headers=HTML, trickle_s=0.5, trickle_chunk=1))

    result, elapsed = crawl(a, tmp_path, budgets={"max_wall_s": 6})

    assert elapsed < 9, elapsed  # the 90 s per-attempt deadline was cut to what the source had left
    assert result.status == "failed"
    assert "budget max_wall_s=6 spent" in (result.reason or "") or "wall-time budget" in " ".join(errors(result))


def test_request_budget_ends_the_source_partial_with_what_it_found(two_ports, tmp_path: Path) -> None:
    a, _ = two_ports
    body = f"<html><body><div id=zoom><p>{TITLE}</p><p>{'全年查办各类违法案件256件。' * 10}</p></div></body></html>".encode()
    links = [(f"/art/t2024031{i}_{i}.html", TITLE.replace("2023", str(2010 + i))) for i in range(8)]
    a.route("/list/index.html", list_page(*links))
    for href, _ in links:
        a.route(href, Reply(body=body, headers=HTML))

    result, _ = crawl(a, tmp_path, budgets={"max_requests": 4})

    assert len(a.log) == 4
    assert result.status == "partial" and len(result.report_ids) == 3
    assert "budget max_requests=4 spent" in (result.reason or "")
