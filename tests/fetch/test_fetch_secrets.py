"""No password reaches the warehouse or the logs. A list URL with user:password@ is refused by the
sources schema (tests/test_sources.py, tests/test_cli.py); here the site itself links and
redirects to URLs carrying credentials, and the whole run (crawl, load, dbt, publish) is searched
for the password: every column of every table of the published copy, the run's files and the logs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from faultserver import FaultServer, Reply

from scrapers.fetch import FetchPolicy
from scrapers.pipeline import run_all
from scrapers.warehouse.dbt import published_path_for
from scrapers.warehouse.read import query as rows

PORT = 22171
PASSWORD = "Secr3tPw-9f1c"
TITLE = "某某市市场监督管理局{}年度法治政府建设情况报告"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def report(year: int) -> Reply:
    body = f"<html><head><title>{TITLE.format(year)}</title></head><body><div id=zoom><p>{TITLE.format(year)}</p>"
    body += "<p>" + "全年查办各类违法案件256件，罚没款312.6万元。" * 5 + "</p></div></body></html>"
    return Reply(body=body.encode(), headers=HTML)


@pytest.mark.slow
def test_no_password_in_any_table_of_the_published_copy_or_the_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with FaultServer(PORT) as site:
        secret = f"http://reader:{PASSWORD}@127.0.0.1:{PORT}"
        site.route("/list/index.html", Reply(body=(
            "<html><body><ul>"
            f'<li><a href="{secret}/art/t20240312_1.html">{TITLE.format(2023)}</a><span>2024-03-12</span></li>'
            f'<li><a href="/art/t20230312_2.html">{TITLE.format(2022)}</a><span>2023-03-12</span></li>'
            f'<li><a href="/art/t20220312_3.html">{TITLE.format(2021)}</a><span>2022-03-12</span></li>'
            "</ul></body></html>").encode(), headers=HTML))
        site.route("/art/t20240312_1.html", report(2023))
        site.route("/art/t20230312_2.html", Reply(status=302, headers={"Location": f"{secret}/art/moved.html"}))
        site.route("/art/moved.html", report(2022))
        site.route("/art/t20220312_3.html", report(2021))
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            f"sources:\n  - id: someshi-amr\n    agency: 某某市市场监督管理局\n    list_urls: ['{site.url('/list/index.html')}']\n",
            encoding="utf-8",
        )
        with caplog.at_level(logging.DEBUG):
            summary = run_all(sources, tmp_path / "warehouse.duckdb", run_id="secrets",
                              policy=FetchPolicy(requests_per_second=50, attempts=1, respect_robots=False))
        sent_auth = [r for r in site.log if r.header("Authorization")]

    assert sent_auth == []  # never sent as Basic auth either
    [result] = summary.results
    assert len(result.report_ids) == 1  # the clean report loads; the credentialed redirect is refused
    assert "carries credentials" in " ".join(e.reason or "" for e in result.events)

    published = published_path_for(tmp_path / "warehouse.duckdb")
    tables = rows(published, "select table_schema, table_name from information_schema.tables")
    assert len(tables) >= 7  # every mart BI sees (the copy holds the marts only)
    for schema, table in tables:
        for row in rows(published, f'select * from "{schema}"."{table}"'):
            assert PASSWORD not in repr(row), (schema, table, row)
    assert PASSWORD not in caplog.text
    for path in (tmp_path / "runs").rglob("*.json"):
        assert PASSWORD not in path.read_text(encoding="utf-8"), path
    for path in (tmp_path / "documents").rglob("*.json"):
        assert PASSWORD not in path.read_text(encoding="utf-8"), path
