"""One real deployment for every test in tests/deploy: PostgreSQL + the four Airflow 3 services,
started by the project's own script (scripts/airflow_stack.py up) and stopped by it (down), with
the bundled demo government sites served from this process over loopback.

The services' environment is fixed when they start, so each scenario gets its own data dir by
re-pointing the symlink MR_DATA_DIR names (the pipeline resolves it when a task starts); it is only
re-pointed while no run is active.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scrapers import local_airflow
from scrapers.demo.server import DemoSites
from scrapers.ops.airflow_stack import (
    INSTALL_HINT,
    AirflowAPI,
    AirflowStack,
    missing_system_deps,
    stack_processes,
)
from scrapers.settings import REPO_ROOT

from .helpers import ARTIFACTS, DAG_ID, Deploy, artifacts_written

STACK_SCRIPT = REPO_ROOT / "scripts" / "airflow_stack.py"
DEPLOY_DIR = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the Airflow UI in headless Chromium (tests/deploy)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture starts the stack: the system packages must be there, or say how to get them."""
    if DEPLOY_DIR not in Path(str(item.fspath)).resolve().parents:
        return
    missing = missing_system_deps(browser=item.get_closest_marker("browser") is not None)
    if os.environ.get("MR_SKIP_DEPLOY_TESTS") == "1":
        pytest.skip("MR_SKIP_DEPLOY_TESTS=1" + (f" (and missing: {'; '.join(missing)})" if missing else ""))
    if missing:
        pytest.fail(
            f"the deployment tests need {'; '.join(missing)}. Fix: {INSTALL_HINT}. "
            "To skip these tests deliberately, set MR_SKIP_DEPLOY_TESTS=1.",
            pytrace=False,
        )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if artifacts_written:
        terminalreporter.write_sep("-", "deployment test artifacts")
        for path in artifacts_written:
            terminalreporter.write_line(str(path))


def _stack_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(STACK_SCRIPT), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO_ROOT, stdin=subprocess.DEVNULL)


def _save_logs(home: Path) -> None:
    """Service and task logs next to the screenshots, for a person or CI to read afterwards."""
    dest = ARTIFACTS / "deploy" / "logs"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True, exist_ok=True)
    if (home / "logs").is_dir():
        shutil.copytree(home / "logs", dest / "services")
    if (home / "airflow" / "logs").is_dir():
        shutil.copytree(home / "airflow" / "logs", dest / "tasks", ignore=shutil.ignore_patterns("*.lock"))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def deploy() -> Iterator[Deploy]:
    root = Path(tempfile.mkdtemp(prefix="mr-deploy-"))
    os.chmod(root, 0o711)  # PostgreSQL runs as `postgres` under root and must reach its data dir
    home = root / "stack"
    data_link = root / "current-data"
    (root / "data" / "initial").mkdir(parents=True)
    data_link.symlink_to(root / "data" / "initial")
    # SIGTERM (a CI timeout) would skip every finally: turn it into KeyboardInterrupt so teardown runs.
    previous = signal.getsignal(signal.SIGTERM)
    if previous in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _interrupt)
    sites = DemoSites().start()
    stack = AirflowStack(home)
    try:
        sources = sites.write_sources(root / "sources.yaml")
        env = local_airflow.airflow_env(home, data_dir=data_link, sources_file=sources)
        mr_env = [f"--env={k}={v}" for k, v in sorted(env.items()) if k.startswith("MR_")]
        t0 = time.monotonic()
        up = _stack_cli("up", "--home", str(home), "--no-schedule", *mr_env)
        assert up.returncode == 0, f"scripts/airflow_stack.py up failed:\n{up.stdout[-3000:]}\n{up.stderr[-5000:]}"
        stack = AirflowStack(home)
        api = AirflowAPI.for_stack(stack)
        api.wait_for_dag(DAG_ID)
        api.unpause(DAG_ID)
        d = Deploy(root, stack, api, sites, data_link, [s["id"] for s in sites.sources()])
        d.timings["stack_up_s"] = time.monotonic() - t0
        print(f"stack up and DAG ready in {d.timings['stack_up_s']:.0f} s at {stack.base_url}")
        yield d
    finally:
        down = _stack_cli("down", "--home", str(home), timeout=300)
        print(f"scripts/airflow_stack.py down: {down.stdout.strip()} {down.stderr.strip()[-2000:]}")
        sites.stop()
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        _save_logs(home)
        left = stack_processes(home)
        if os.environ.get("MR_KEEP_DEPLOY_HOME") == "1":
            print(f"kept {root} (MR_KEEP_DEPLOY_HOME=1)")
        else:
            shutil.rmtree(root, ignore_errors=True)
        assert down.returncode == 0, f"scripts/airflow_stack.py down failed:\n{down.stdout}\n{down.stderr[-3000:]}"
        assert not left, f"processes of the stack still running after down: {left}"
