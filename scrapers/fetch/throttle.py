"""Per-host politeness: at most N requests in flight and a minimum spacing between request starts.

A next-allowed-time per host (a token bucket of depth one) is reserved under a lock, then the
caller sleeps outside the lock, so threads fetching from different hosts never wait on each other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostThrottle:
    def __init__(
        self,
        requests_per_second: float,
        max_concurrency: int,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self._max_concurrency = max(1, max_concurrency)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._min_interval: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def set_min_interval(self, host: str, seconds: float) -> None:
        """Slow a host down further (robots.txt Crawl-delay); never speeds it up."""
        with self._lock:
            self._min_interval[host] = max(seconds, self._min_interval.get(host, 0.0))

    def interval(self, host: str) -> float:
        return max(self._interval, self._min_interval.get(host, 0.0))

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(
                host, threading.BoundedSemaphore(self._max_concurrency)
            )
        with semaphore:
            with self._lock:
                now = self._clock()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self.interval(host)
            wait = start - now
            if wait > 0:
                self._sleep(wait)
            yield
