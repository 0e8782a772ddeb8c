"""Politeness per host, and a cap on connections in flight across all hosts.

Per host: at most N requests in flight and a minimum spacing between request starts. A
next-allowed-time per host (a token bucket of depth one) is reserved under a lock, then the caller
sleeps outside the lock, so threads fetching from different hosts never wait on each other: the
spacing only ever delays a request to the *same* host.

Across hosts: a crawl of thousands of slow sites keeps many requests in flight at once; the
global cap (``max_open_connections``) bounds how many, whatever the number of threads. It is
taken after the spacing wait, so a thread sleeping out a host's interval holds no connection.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DEFAULT_MAX_OPEN_CONNECTIONS = 64


class HostThrottle:
    def __init__(
        self,
        requests_per_second: float,
        max_concurrency: int,
        *,
        max_open_connections: int = DEFAULT_MAX_OPEN_CONNECTIONS,
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
        self.max_open_connections = max(1, max_open_connections)
        self._open = threading.BoundedSemaphore(self.max_open_connections)

    def set_min_interval(self, host: str, seconds: float) -> None:
        """Slow a host down further (robots.txt Crawl-delay); never speeds it up."""
        with self._lock:
            self._min_interval[host] = max(seconds, self._min_interval.get(host, 0.0))

    def interval(self, host: str) -> float:
        return max(self._interval, self._min_interval.get(host, 0.0))

    @contextmanager
    def slot(self, host: str, *, spaced: bool = True) -> Iterator[None]:
        """Hold one of the host's connections and one of the global ones for a request.

        spaced=False (robots.txt): the request still takes the host's connection, but neither
        waits for the host's interval nor pushes the next page back; one small file a day, read
        to be polite, should not cost every site a second.
        """
        with self._lock:
            semaphore = self._slots.setdefault(
                host, threading.BoundedSemaphore(self._max_concurrency)
            )
        with semaphore:
            wait = 0.0
            if spaced:
                with self._lock:
                    now = self._clock()
                    start = max(now, self._next_start.get(host, now))
                    self._next_start[host] = start + self.interval(host)
                wait = start - now
            if wait > 0:
                self._sleep(wait)
            with self._open:
                yield
