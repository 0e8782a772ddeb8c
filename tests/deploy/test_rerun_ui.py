"""An operator reruns a failed source from the Airflow web UI, in a real headless Chromium.

Same failure as the REST test (one site answers HTTP 500), but the repair is done the way a person
does it: sign in, open the DAG, open the red run, press Clear on the failed task, Confirm, and
watch the run turn green. Screenshots of the failed and the repaired run are kept in .artifacts/ui/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import ARTIFACTS, DAG_ID, RUN_GUARD, RUN_TIMEOUT, Deploy, duplicate_keys, record_artifact, report_urls_by_source

pytestmark = pytest.mark.browser

FAULTY = "fuzhou-amr"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SHOTS = ARTIFACTS / "ui"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def test_failed_source_is_rerun_from_the_web_ui(deploy: Deploy, browser) -> None:
    from playwright.sync_api import expect

    d = deploy
    d.use_data_dir("ui")  # a fresh warehouse: the faulty source's reports appear only after the rerun
    idx = d.map_index(FAULTY)
    d.sites.set_fault(FAULTY, "http500")
    try:
        run_id, state = d.trigger_and_wait()
    finally:
        d.sites.set_fault(FAULTY, None)
    assert state == "failed", d.states(run_id)
    assert FAULTY not in report_urls_by_source(d.published)

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    clear_requests: list[str] = []
    page.on("request", lambda r: clear_requests.append(r.post_data or "") if "clearTaskInstances" in r.url else None)
    try:
        # Sign in with the simple auth manager's admin user.
        page.goto(f"{d.stack.base_url}/auth/login")
        expect(page.get_by_role("heading", name="Sign into Airflow")).to_be_visible()
        page.get_by_label("Username").fill(d.stack.admin_user)
        page.get_by_label("Password").fill(d.stack.admin_password)
        page.get_by_role("button", name="Sign in").click()

        # Dags -> the DAG -> Runs -> the red run.
        page.get_by_role("link", name="Dags", exact=True).click()
        page.get_by_role("link", name=DAG_ID, exact=True).first.click()
        page.get_by_role("link", name="Runs", exact=True).click()
        page.get_by_role("link", name=run_id, exact=True).click()
        expect(page).to_have_url(f"{d.stack.base_url}/dags/{DAG_ID}/runs/{run_id}")
        badge = page.get_by_test_id("header-card").get_by_test_id("state-badge")
        expect(badge).to_contain_text("Failed")

        crawl_rows = page.get_by_role("row").filter(has=page.get_by_role("link", name="crawl_batch", exact=True))
        expect(crawl_rows).to_have_count(len(d.source_ids))
        failed_row = crawl_rows.filter(has_text="Failed")
        expect(failed_row).to_have_count(1)
        expect(failed_row).to_contain_text(FAULTY)  # the mapped task is labelled by its source id
        failed_shot = record_artifact(SHOTS / "rerun-1-failed-run.png")
        page.screenshot(path=str(failed_shot), animations="disabled", full_page=True)

        # Clear that task instance: the dialog lists it and its downstream tasks; Confirm reruns them.
        failed_row.get_by_role("button", name="Clear Task Instance").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Clear Task Instance: crawl_batch")
        for task in ("load_staging", "dbt_build", "publish_marts", RUN_GUARD):
            expect(dialog.get_by_role("cell", name=task, exact=True)).to_be_visible()
        dialog_shot = record_artifact(SHOTS / "rerun-2-clear-dialog.png")
        page.screenshot(path=str(dialog_shot), animations="disabled")
        dialog.get_by_role("button", name="Confirm").click()
        expect(dialog).to_be_hidden()

        # The UI polls every 3 s while the run is active; a reload is the fallback if it stopped.
        try:
            expect(badge).to_contain_text("Success", timeout=RUN_TIMEOUT * 1000)
        except AssertionError:
            page.reload()
            expect(badge).to_contain_text("Success", timeout=15_000)
        row = crawl_rows.filter(has_text=FAULTY)
        expect(row.get_by_test_id("table-cell-state")).to_contain_text("Success")
        expect(row.get_by_test_id("table-cell-try_number")).to_have_text("2")
        repaired_shot = record_artifact(SHOTS / "rerun-3-repaired-run.png")
        page.screenshot(path=str(repaired_shot), animations="disabled", full_page=True)
    finally:
        context.close()

    # What the browser sent is the real clear (dry-run requests only fill the dialog).
    real = [body for body in clear_requests if '"dry_run":false' in body]
    assert len(real) == 1 and f'["crawl_batch",{idx}]' in real[0] and '"include_downstream":true' in real[0], clear_requests

    # And the warehouse agrees: every report, each once.
    assert d.api.dag_run(DAG_ID, run_id)["state"] == "success"
    assert report_urls_by_source(d.published) == d.expected_urls()
    assert duplicate_keys(d.published) == {}
    assert duplicate_keys(d.warehouse) == {}
