"""Fetch layer: the only code that opens sockets (see README.md in this folder)."""

from scrapers.fetch.archive import ArchivedRecord, RawArchive
from scrapers.fetch.errors import BlockedByPolicy, FetchError
from scrapers.fetch.http import Fetcher, FetchPolicy

__all__ = [
    "ArchivedRecord",
    "BlockedByPolicy",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "RawArchive",
]
