"""Superset, the bundled BI, shows the dashboard kept in the repo on a real published copy.

Real parts: the demo sites over HTTP → the pipeline → dbt → the published copy (marts only);
Superset 6.1.0 from its own venv (scripts/install-superset.sh), set up and started the way
`make bi` does; Debian's chromium driven by Playwright opens the dashboard as an analyst would.
Screenshots go to .artifacts/bi/.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from scrapers.bi.superset import BUNDLE_DIR, Superset
from scrapers.demo.server import DemoSites
from scrapers.fetch.http import FetchPolicy
from scrapers.ops.airflow_stack import free_port
from scrapers.pipeline import run_all
from scrapers.settings import REPO_ROOT
from scrapers.warehouse.dbt import published_path_for, publish

pytestmark = pytest.mark.slow

FAST = FetchPolicy(requests_per_second=50, attempts=2, backoff_base_s=0.05, backoff_max_s=0.2, timeout_s=5)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SHOTS = REPO_ROOT / ".artifacts" / "bi"
CHARTS = 6  # bi/superset/dashboard/charts


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    # Not pytest's basetemp: pytest sessions running at the same time on this machine prune each
    # other's numbered dirs (only the newest 3 stay), which a 4-minute module cannot survive.
    root = Path(tempfile.mkdtemp(prefix="mr-bi-test-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def warehouse(scratch: Path) -> Path:
    work = scratch / "demo"
    with DemoSites() as sites:
        sources = sites.write_sources(work / "sources.yaml")
        summary = run_all(sources, work / "warehouse.duckdb", run_id="run-1", policy=FAST)
    assert summary.failed == []
    return work / "warehouse.duckdb"


@pytest.fixture(scope="module")
def superset(warehouse: Path, scratch: Path) -> Iterator[Superset]:
    subprocess.run(["bash", str(REPO_ROOT / "scripts" / "install-superset.sh")], check=True, timeout=900)
    bi = Superset(scratch / "superset_home", published_path_for(warehouse), port=free_port())
    bi.setup()
    with bi:
        yield bi


@pytest.fixture(scope="module")
def page(superset: Superset):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "run `bash scripts/install-system-deps.sh` (Debian's chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{superset.url}/login/")
            page.locator("#username").fill("admin")
            page.locator("#password").fill(superset.admin_password())
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/login" not in url)
            yield page
        finally:
            browser.close()


def open_dashboard(page, superset: Superset) -> list:
    """Open the dashboard and wait until every chart finished loading; return the chart holders."""
    from playwright.sync_api import expect

    page.goto(superset.dashboard_url)
    holders = page.locator(".dashboard-component-chart-holder")
    expect(holders).to_have_count(CHARTS)
    for holder in holders.all():
        holder.scroll_into_view_if_needed()
        expect(holder.locator(".loading")).to_have_count(0)
        expect(holder.locator("canvas, tbody tr").first).to_be_visible()
    return holders.all()


def test_every_chart_renders_with_data_and_chinese_labels(page, superset: Superset) -> None:
    from playwright.sync_api import expect

    holders = open_dashboard(page, superset)
    expect(page.get_by_text("市场监管法治政府建设报告", exact=False).first).to_be_visible()
    titles = []
    for holder in holders:
        text = holder.inner_text()
        titles.append(text.splitlines()[0])
        for failure in ("No results were returned", "Unexpected error", "Error:", "DB engine Error", "Data error"):
            assert failure not in text, f"{text.splitlines()[0]}: {failure}"
        assert holder.locator(".ant-alert-error, [data-test='chart-alert']").count() == 0, text.splitlines()[0]
        if holder.locator("tbody tr").count():  # a table: rows of data, never the empty placeholder
            assert holder.locator("tbody tr").count() >= 3, text[:200]
        else:  # an ECharts chart draws on a canvas sized to its holder
            box = holder.locator("canvas").first.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100
    assert any("同比" in t for t in titles) and any("证据" in t for t in titles)
    # the mentions table links each number to its report page
    link = page.locator("a", has_text="报告原文").first
    assert (link.get_attribute("href") or "").startswith("http://127.0.0.1:")
    # the browser has a CJK font, so the Chinese labels render as glyphs, not boxes
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: run `bash scripts/install-system-deps.sh` (fonts-wqy-zenhei)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True, animations="disabled")


def test_a_new_publish_shows_without_a_restart(page, superset: Superset, warehouse: Path) -> None:
    from playwright.sync_api import expect

    pid = superset._proc.pid
    marker = "新发布 NEW PUBLISH"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("update marts.mart_metric_yoy set agency = ?", [marker])
    finally:
        con.close()
    publish(warehouse, published_path_for(warehouse))  # the atomic swap the pipeline does
    holders = open_dashboard(page, superset)
    expect(holders[0].get_by_text(marker).first).to_be_visible()
    assert superset._proc.pid == pid and superset._proc.poll() is None
    page.screenshot(path=str(SHOTS / "dashboard-after-publish.png"), full_page=True, animations="disabled")


def test_bundle_datasets_match_the_marts(warehouse: Path) -> None:
    """The committed dataset YAMLs list every mart column with its type and dbt description
    (regenerate with bi/superset/sync_datasets.py after changing a mart)."""
    published = published_path_for(warehouse)
    con = duckdb.connect(str(published), read_only=True)
    try:
        for path in sorted((BUNDLE_DIR / "datasets").rglob("*.yaml")):
            dataset = yaml.safe_load(path.read_text(encoding="utf-8"))
            actual = con.execute(
                "select column_name, data_type, comment from duckdb_columns() "
                "where schema_name = 'marts' and table_name = ? order by column_index",
                [dataset["table_name"]],
            ).fetchall()
            committed = [(c["column_name"], c["type"], c["description"]) for c in dataset["columns"] if not c.get("expression")]
            assert committed == actual, f"{path.name} is out of date: run bi/superset/sync_datasets.py"
    finally:
        con.close()


def test_the_same_dashboard_on_the_postgresql_warehouse(page, superset: Superset, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Superset can point at either warehouse: the bundle re-imported with the PostgreSQL URL."""
    from playwright.sync_api import expect

    from scrapers.ops.warehouse_postgres import PostgresWarehouse
    from scrapers.pipeline import build_marts, load
    from scrapers.sources import load_sources
    from scrapers.store import DataDir

    home = Path(tempfile.mkdtemp(prefix="mr-bi-pg-"))  # outside pytest's 0700 basetemp: postgres must reach it
    try:
        with PostgresWarehouse(home / "pg", port=free_port()) as pg:
            monkeypatch.setenv("MR_WAREHOUSE_PASSWORD", pg.password())
            data = DataDir(warehouse.parent)
            load(load_sources(warehouse.parent / "sources.yaml"), data, "run-1", pg.url)
            build_marts(pg.url)
            superset.published = pg.url
            superset.import_dashboard()
            holders = open_dashboard(page, superset)
            for holder in holders:
                assert "Error" not in holder.inner_text(), holder.inner_text()[:300]
            expect(holders[0].get_by_text("市场监督管理局").first).to_be_visible()  # rows from PostgreSQL
            page.screenshot(path=str(SHOTS / "dashboard-postgresql.png"), full_page=True, animations="disabled")
    finally:
        shutil.rmtree(home, ignore_errors=True)
