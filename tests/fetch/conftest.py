"""Fixtures for fetch-layer tests: a fault server, an archive in tmp_path, a fast fetcher."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from faultserver import FaultServer

from scrapers.fetch import Fetcher, FetchPolicy, RawArchive


class SleepRecorder:
    """Injected instead of time.sleep: records every wait and doesn't really sleep."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)

    def significant(self, threshold: float = 0.05) -> list[float]:
        """Backoff / Retry-After waits, without the tiny rate-limiter ones."""
        return [w for w in self.waits if w > threshold]


# Fast and strict: short timeouts, no real backoff sleeping, rate limit out of the way.
FAST = FetchPolicy(
    timeout_s=1.0,
    deadline_s=2.0,
    attempts=3,
    backoff_base_s=1.0,
    backoff_max_s=60.0,
    requests_per_second=1000.0,
    max_concurrency_per_host=4,
)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as srv:
        yield srv


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[RawArchive]:
    arch = RawArchive(tmp_path / "archive")
    yield arch
    arch.close()


@pytest.fixture
def sleeper() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def make_fetcher(archive: RawArchive, sleeper: SleepRecorder) -> Callable[..., Fetcher]:
    def make(allowed_hosts=None, **policy_changes) -> Fetcher:  # type: ignore[no-untyped-def]
        fields = {**FAST.__dict__, **policy_changes}
        return Fetcher(archive, FetchPolicy(**fields), allowed_hosts=allowed_hosts, sleep=sleeper)

    return make
