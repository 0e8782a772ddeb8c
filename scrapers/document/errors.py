"""The one exception the document stage raises."""

from __future__ import annotations


class DocumentError(ValueError):
    """A page (or attachment) that cannot become a report document.

    ``DocumentError(url, reason)`` builds the message "<url>: <reason>", so a failed Airflow task
    log says what to look at without re-running anything. A caller that already composed a full
    message (naming the URL) may pass it alone: ``DocumentError(message)``.
    """

    def __init__(self, url: str, reason: str | None = None) -> None:
        self.url = url if reason is not None else None
        self.reason = reason if reason is not None else url
        super().__init__(f"{url}: {reason}" if reason is not None else url)
