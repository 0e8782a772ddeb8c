"""A running DemoSites for the read-only demo tests (fault tests start their own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scrapers.demo.server import DemoSites


@pytest.fixture(scope="session")
def demo() -> Iterator[DemoSites]:
    with DemoSites() as sites:
        yield sites
