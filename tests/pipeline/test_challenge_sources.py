"""Anti-bot challenge pages are reported per source with a clear reason, never parsed as reports."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scrapers.fetch.http import FetchPolicy
from scrapers.pipeline import run_all

RUISHU = b"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd="qqqqrr";</script>
<script type="text/javascript" src="/abc/def.js" r='m'></script></head><body></body></html>"""
JIASULE = b"""<html><body><script>document.cookie=('_')+('_jsl')+('_clearance')+('=1700000000.123|0|abc');
var __jsl_clearance=1;location.href=location.pathname+location.search</script></body></html>"""
JS_ONLY_REPORT = """<html><head><meta charset="utf-8"><title>某某市市场监督管理局2023年度法治政府建设情况报告</title></head>
<body><div id="app"></div><script src="/static/js/app.8c1e.js"></script>
<noscript>请开启JavaScript以浏览本页</noscript></body></html>""".encode("utf-8")
LIST = """<html><body><ul><li><a href="/art/t20240312_1.html">某某市市场监督管理局2023年度法治政府建设情况报告</a>
<span>2024-03-12</span></li></ul></body></html>""".encode("utf-8")

ROUTES = {
    "/ruishu/list.html": (412, RUISHU),
    "/jsl/list.html": (521, JIASULE),
    "/spa/list.html": (200, LIST),
    "/art/t20240312_1.html": (200, JS_ONLY_REPORT),
}


@pytest.fixture()
def server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            status, body = ROUTES.get(self.path, (404, b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_challenges_are_reported_per_source(server: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    entries = [("ruishu-amr", "/ruishu/list.html"), ("jsl-amr", "/jsl/list.html"), ("spa-amr", "/spa/list.html")]
    sources.write_text(
        "sources:\n"
        + "".join(
            f"  - id: {sid}\n    agency: 某某市市场监督管理局\n    region: {{province: 某省, city: 某某市}}\n    list_urls: ['{server}{path}']\n"
            for sid, path in entries
        ),
        encoding="utf-8",
    )
    summary = run_all(sources, tmp_path / "w.duckdb", run_id="r", policy=FetchPolicy(requests_per_second=100, attempts=1))
    by_id = {r.source_id: r for r in summary.results}

    assert by_id["ruishu-amr"].status == "failed"
    assert "瑞数" in by_id["ruishu-amr"].reason and f"{server}/ruishu/list.html" in by_id["ruishu-amr"].reason
    assert by_id["jsl-amr"].status == "failed"
    assert "加速乐" in by_id["jsl-amr"].reason and "jsl-amr" in by_id["jsl-amr"].reason

    spa = by_id["spa-amr"]
    assert spa.status == "partial" and spa.report_ids == []
    [error] = [e for e in spa.events if e.kind == "error"]
    assert error.url == f"{server}/art/t20240312_1.html" and "JavaScript" in (error.reason or "")
    assert summary.load is not None and summary.load.reports == 0  # nothing empty or garbage loaded
