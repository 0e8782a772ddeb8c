"""The operator's alert line and webhook (scrapers/ops/alerts.py); the Airflow run that fires them
is tests/airflow/test_operator_alerts.py."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scrapers.ops import alerts

PORT = 22151


def test_deadline_alert_logs_and_posts(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", PORT), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AIRFLOW_CONN_MR_REPORTS_ALERTS", f"http://127.0.0.1:{PORT}/hook")
    try:
        asyncio.run(alerts.night_overran(within="360 minutes"))
    finally:
        server.shutdown()
        server.server_close()
    assert "MR-REPORTS DEADLINE MISSED: dag=mr_reports_nightly" in caplog.text and "360 minutes" in caplog.text
    assert [r["kind"] for r in received] == ["deadline_missed"]


def test_a_dead_webhook_never_fails_the_callback(caplog) -> None:  # type: ignore[no-untyped-def]
    assert alerts.send_webhook({"text": "x"}, url="http://127.0.0.1:22152/nothing-listens") is False
    assert "alert webhook mr_reports_alerts failed" in caplog.text
