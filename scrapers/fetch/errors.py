"""Errors the fetch layer raises. Callers catch FetchError; everything else is a bug or an
infrastructure failure (e.g. the archive disk is full) and should fail the task loudly."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched as asked. Whatever the server did send is already archived."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        source_id: str | None = None,
    ) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.source_id = source_id
        super().__init__(url, reason)

    def __str__(self) -> str:
        prefix = f"[source {self.source_id}] " if self.source_id else ""
        return f"{prefix}GET {self.url}: {self.reason}"

    def __reduce__(self):  # keyword-only args: keep the error picklable across processes
        return (_rebuild, (type(self), self.url, self.reason, self.status, self.source_id))


class BlockedByPolicy(FetchError):
    """We chose not to send the request: robots.txt disallow, off-site redirect,
    a scheme other than http(s), or a hop from a public host to a private address."""


def _rebuild(cls, url, reason, status, source_id):  # type: ignore[no-untyped-def]
    return cls(url, reason, status=status, source_id=source_id)
