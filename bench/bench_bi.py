"""From `make demo` to the dashboard in a browser: the issue's 5-minute target, measured.

    .venv/bin/python bench/bench_bi.py [--fresh-superset-venv]

Times, in one run on this machine: the demo (demo sites → Airflow → dbt → published copy, as
`make demo`); Superset's venv install (scripts/install-superset.sh; already installed unless
--fresh-superset-venv, which installs into a scratch venv with the pip cache as it is); Superset
set up on a fresh home and started (as `make bi`); and headless Chromium opening the dashboard
until every chart has rendered. Prints each step and the total.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.bi.superset import Superset  # noqa: E402
from scrapers.ops.airflow_stack import free_port  # noqa: E402
from scrapers.warehouse.dbt import published_path_for  # noqa: E402

CHARTS = 6


def timed(label: str, fn, times: dict[str, float]):
    started = time.monotonic()
    result = fn()
    times[label] = time.monotonic() - started
    print(f"{label:<55} {times[label]:7.1f} s", flush=True)
    return result


def open_dashboard(bi: Superset) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{bi.url}/login/")
            page.locator("#username").fill("admin")
            page.locator("#password").fill(bi.admin_password())
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/login" not in url)
            page.goto(bi.dashboard_url)
            holders = page.locator(".dashboard-component-chart-holder")
            expect(holders).to_have_count(CHARTS)
            for holder in holders.all():
                holder.scroll_into_view_if_needed()
                expect(holder.locator("canvas, tbody tr").first).to_be_visible()
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh-superset-venv", action="store_true")
    args = parser.parse_args()
    times: dict[str, float] = {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-bi-"))
    try:
        work = scratch / "demo"
        timed("make demo (python -m scrapers demo)", lambda: subprocess.run(
            [sys.executable, "-m", "scrapers", "demo", "--workdir", str(work), "--base-port", str(free_port())],
            cwd=REPO, check=True, capture_output=True), times)
        venv = REPO / ".venv-superset"
        if args.fresh_superset_venv:
            venv = scratch / "venv-superset"

            def install() -> None:
                subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
                subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", "bi/superset/requirements.in",
                                "-c", "bi/superset/constraints.txt"], cwd=REPO, check=True, capture_output=True)
            timed("Superset venv install (fresh venv, pip cache as is)", install, times)
        else:
            timed("scripts/install-superset.sh (already installed: a no-op)", lambda: subprocess.run(
                ["bash", "scripts/install-superset.sh"], cwd=REPO, check=True, capture_output=True), times)
        bi = Superset(scratch / "bi", published_path_for(work / "data" / "warehouse.duckdb"), port=free_port(), venv=venv)
        timed("Superset set up on a fresh home (db upgrade, init, import)", bi.setup, times)
        timed("Superset started (healthy)", bi.start, times)
        try:
            timed("dashboard opened, all 6 charts rendered (Chromium)", lambda: open_dashboard(bi), times)
        finally:
            bi.stop()
        total = sum(times.values())
        print(f"{'total: make demo → dashboard in a browser':<55} {total:7.1f} s  (target: under 300 s)")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
