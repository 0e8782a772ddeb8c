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
