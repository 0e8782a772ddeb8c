"""A wall-clock deadline per request attempt.

requests' timeout is per socket operation: a server that sends one byte every few seconds (headers
or body) never trips it and can hold a worker for hours. Here a timer shuts the attempt's socket
down when the deadline passes, which makes any blocked recv() return at once, wherever requests or
urllib3 happen to be. The socket is found through a connection class that registers itself with the
deadline of the thread that is using it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.expires_at = time.monotonic() + seconds
        self.fired = False
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None

    def remaining(self) -> float:
        return self.expires_at - time.monotonic()

    def attach(self, conn: HTTPConnection) -> None:
        # Keep the socket itself: http.client drops conn.sock once the response owns it
        # ("Connection: close"), but the socket stays the one we must cut.
        sock = getattr(conn, "sock", None)
        if sock is None:
            return  # not connected yet; connect() attaches again
        with self._lock:
            self._sock = sock
            if self.fired:
                _shutdown(sock)

    def fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._sock is not None:
                _shutdown(self._sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    current = Deadline(seconds)
    timer = threading.Timer(max(0.0, seconds), current.fire)
    timer.daemon = True
    _current.deadline = current
    timer.start()
    try:
        yield current
    finally:
        timer.cancel()
        _current.deadline = None


class _DeadlineMixin:
    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        current = getattr(_current, "deadline", None)
        if current is not None:
            current.attach(self)  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> Any:
        current = getattr(_current, "deadline", None)
        if current is not None:
            current.attach(self)  # type: ignore[arg-type]
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_DeadlineMixin, HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineMixin, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """A requests adapter whose connections obey the thread's current Deadline.

    max_retries=0: retries are ours (with backoff, Retry-After and archiving), never urllib3's."""

    def __init__(self) -> None:
        super().__init__(max_retries=0, pool_block=False)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
