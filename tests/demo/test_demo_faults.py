"""Fault switches (for operators' rerun tests) and the serve CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml
from demo_helpers import REPO_ROOT, free_port_base

from scrapers.demo.server import DemoSites

TIMEOUT = 5


@pytest.fixture()
def sites() -> Iterator[DemoSites]:
    with DemoSites() as demo:
        yield demo


def _status(url: str) -> int | str:
    try:
        return requests.get(url, timeout=TIMEOUT).status_code
    except requests.ConnectionError:
        return "refused"


def _eventually(check, expected, seconds: float = 5.0):  # noqa: ANN001 - tiny test helper
    deadline = time.monotonic() + seconds
    while True:
        got = check()
        if got == expected or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def test_set_fault_switches_http500_and_down_on_and_off(sites: DemoSites) -> None:
    site = sites.site("hedong-amr")
    url, other = site.list_urls[0], sites.site("fuzhou-amr").list_urls[0]
    port = site.port
    assert _status(url) == 200

    sites.set_fault("hedong-amr", "http500")
    assert _status(url) == 500
    assert _status(site.url("/robots.txt")) == 500
    assert _status(other) == 200  # one site's fault leaves the others alone

    sites.set_fault("hedong-amr", "down")
    assert _status(url) == "refused"
    sites.set_fault("hedong-amr", None)
    assert site.port == port and _status(url) == 200  # back on the same port

    sites.set_fault("hedong-amr", "down")
    sites.set_fault("hedong-amr", "none")
    assert _status(url) == 200


def test_admin_endpoint_switches_faults(sites: DemoSites) -> None:
    site = sites.site("xianning-amr")
    admin = site.url("/__demo__/fault")
    assert requests.post(admin, data={"mode": "http500"}, timeout=TIMEOUT).status_code == 200
    assert _status(site.list_urls[0]) == 500
    assert requests.get(admin, timeout=TIMEOUT).text.strip() == "xianning-amr http500"
    # The admin path itself keeps answering while the site answers 500.
    assert requests.post(admin, data={"mode": "none"}, timeout=TIMEOUT).status_code == 200
    assert _status(site.list_urls[0]) == 200
    assert requests.post(admin, data={"mode": "bogus"}, timeout=TIMEOUT).status_code == 400

    # A site can take itself down, and another site's endpoint brings it back.
    assert requests.post(admin, data={"mode": "down"}, timeout=TIMEOUT).status_code == 200
    assert _eventually(lambda: _status(site.list_urls[0]), "refused") == "refused"
    repair = sites.site("fuzhou-amr").url("/__demo__/fault")
    resp = requests.post(repair, data={"site": "xianning-amr", "mode": "none"}, timeout=TIMEOUT)
    assert resp.status_code == 200
    assert _status(site.list_urls[0]) == 200


def test_base_port_gives_each_site_base_plus_index() -> None:
    base = free_port_base(3)
    with DemoSites(base_port=base) as demo:
        assert [s.port for s in demo.sites] == [base, base + 1, base + 2]
        assert demo.site("hedong-amr").base_url == f"http://127.0.0.1:{base + 1}"


def test_only_loopback_is_served() -> None:
    with pytest.raises(ValueError):
        DemoSites(host="0.0.0.0")


def test_cli_serves_until_sigterm(tmp_path: Path) -> None:
    base = free_port_base(3)
    sources = tmp_path / "sources.yaml"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapers.demo", "serve", "--base-port", str(base),
         "--write-sources", str(sources), "--fault", "fuzhou-amr=http500"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("serving"):
                break
        assert any(f"http://127.0.0.1:{base}/zwgk/fzzfjs/index.html" in ln for ln in lines), lines
        assert _status(f"http://127.0.0.1:{base}/zwgk/fzzfjs/index.html") == 200
        assert _status(f"http://127.0.0.1:{base + 2}/sjgz/tzgg/list.html") == 500
        data = yaml.safe_load(sources.read_text(encoding="utf-8"))
        assert data["sources"][1]["list_urls"] == [f"http://127.0.0.1:{base + 1}/col/col4051/index.html"]
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
    assert code == 0
    assert _status(f"http://127.0.0.1:{base}/robots.txt") == "refused"
