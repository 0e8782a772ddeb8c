"""The command line as an operator uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scrapers.demo.build import build_all
from scrapers.demo.truth import expected_reports


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapers", *args], capture_output=True, text=True, timeout=120)


def test_extract_prints_one_json_document(tmp_path: Path) -> None:
    report = next(e for e in expected_reports() if e.site_id == "xianning-amr" and not e.synthetic)
    site = next(s for s in build_all() if s.spec.id == report.site_id)
    page = tmp_path / "page.html"
    page.write_bytes(site.pages[report.path].body)  # GBK bytes, as the site serves them

    proc = cli("extract", str(page), "--url", "http://www.example.gov.cn" + report.path, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"url", "title", "agency", "report_year", "published", "body_text", "metrics"}
    assert doc["title"] == report.title
    assert doc["report_year"] == report.report_year
    assert doc["published"] == report.published
    assert "咸宁市市场监督管理局" in doc["agency"]
    assert doc["metrics"], "a real report has metrics"
    for m in doc["metrics"]:
        assert set(m) == {"metric", "domain", "value", "unit", "approx", "period", "yoy_pct", "evidence", "start", "end"}
        assert doc["body_text"][m["start"] : m["end"]] == m["evidence"]
    assert {"metric": "licenses_issued", "domain": "registration", "value": 1158} in [
        {k: m[k] for k in ("metric", "domain", "value")} for m in doc["metrics"]
    ]


def test_extract_bad_page_names_the_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"%PDF-1.4 not a page")
    proc = cli("extract", str(junk))
    assert proc.returncode == 2
    assert str(junk) in proc.stderr and "PDF" in proc.stderr


def test_check_sources_names_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - id: a\n    agency: 某局\n  - id: a\n    agency: 某局\n    list_urls: [http://x/]\n", encoding="utf-8")
    proc = cli("check-sources", str(bad))
    assert proc.returncode == 2
    assert "sources[0] (id 'a'): field 'list_urls' is missing" in proc.stderr
    proc = cli("run", "--sources", str(bad), "--warehouse", str(tmp_path / "w.duckdb"))
    assert proc.returncode == 2 and "list_urls" in proc.stderr
    assert not (tmp_path / "archive").exists()  # nothing was crawled


def test_extract_reads_a_docx_report(tmp_path: Path) -> None:
    from docx import Document

    lines = [
        "某某县市场监督管理局2022年度法治政府建设工作报告",
        "2022年以来，我局深入贯彻习近平法治思想，现将有关情况报告如下。",
        "全年共立案查处各类违法案件128件，罚没款86.5万元。",
        "某某县市场监督管理局",
        "2023年1月10日",
    ]
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(path)

    proc = cli("extract", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["title"] == lines[0] and doc["report_year"] == 2022
    assert doc["agency"] == "某某县市场监督管理局"
    values = {(m["metric"], m["value"]) for m in doc["metrics"]}
    assert ("cases_filed", 128) in values and ("fines", 865000) in values


# ---------------------------------------------------------------- clean errors (issue 9)

NO_BODY = {
    "nav-only.html": '<html><body><div class="nav">首页 机构概况</div></body></html>',
    "cover-only.html": (
        '<html><head><title>2023年法治政府建设情况报告</title></head><body><div class="TRS_Editor"><p>见附件。</p></div>'
        '<a href="/r.pdf">附件：报告.pdf</a></body></html>'
    ),
}


def test_extract_of_a_page_without_report_body_exits_non_zero(tmp_path: Path) -> None:
    for name, html in NO_BODY.items():
        page = tmp_path / name
        page.write_text(html, encoding="utf-8")
        proc = cli("extract", str(page))
        assert proc.returncode != 0 and proc.stdout == ""
        assert proc.stderr.startswith(f"error: {page}:") and "Traceback" not in proc.stderr
    proc = cli("extract", str(tmp_path / "missing.html"))
    assert proc.returncode != 0 and "missing.html: no such file or directory" in proc.stderr and "Traceback" not in proc.stderr


def test_check_sources_and_run_refuse_the_same_file_before_crawling(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n  - id: a\n    agency: 某局\n    region: {city: 7}\n    list_urls: ['http://u:Pw0rd@127.0.0.1:22999/x']\n",
        encoding="utf-8",
    )
    checked = cli("check-sources", str(sources))
    ran = cli("run", "--sources", str(sources), "--warehouse", str(tmp_path / "w" / "warehouse.duckdb"))
    assert checked.returncode == ran.returncode == 2
    assert checked.stderr == ran.stderr
    assert checked.stderr.count("\n") == 2 and "field 'region.city'" in checked.stderr and "field 'list_urls'" in checked.stderr
    assert "Pw0rd" not in checked.stderr and not (tmp_path / "w").exists()


def test_locked_warehouse_is_one_line_naming_the_file(tmp_path: Path) -> None:
    import duckdb

    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,sys,time; c=duckdb.connect({str(warehouse)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        proc = cli("summary", "--warehouse", str(warehouse))
        verbose = cli("-v", "summary", "--warehouse", str(warehouse))
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {warehouse} is locked by another process") and "rerun with -v" in line
    assert verbose.returncode == 1 and "Traceback" in verbose.stderr and duckdb.__name__ in verbose.stderr


def test_full_disk_and_missing_directory_are_one_line(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import errno

    import scrapers.pipeline
    from scrapers.cli import main

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "warehouse.duckdb"))

    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - {id: a, agency: 某局, list_urls: ['http://127.0.0.1:22999/x']}\n", encoding="utf-8")
    monkeypatch.setattr(scrapers.pipeline, "run_all", disk_full)
    assert main(["run", "--sources", str(sources), "--warehouse", str(tmp_path / "warehouse.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: no space left on the device holding {tmp_path / 'warehouse.duckdb'}") and "Traceback" not in err

    assert main(["summary", "--warehouse", str(tmp_path / "nowhere" / "warehouse.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err and "Traceback" not in err, err
