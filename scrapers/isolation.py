"""Failures that stay with their source: every step of a crawl runs inside a named stage.

A crawl expects two kinds of failure and already names the source and URL in them: FetchError
(the network) and DocumentError (the bytes). Anything else raised while crawling one source (a
parser bug meeting a hostile page, `perpage: 0`, an attachment library blowing up) is wrapped
into StageFailed, which says which stage, which URL and what happened in one line, and is caught
at the page or the source boundary in scrapers.crawl, so no other source loses its night.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from scrapers.budgets import BudgetExceeded
from scrapers.document.errors import DocumentError
from scrapers.fetch.errors import FetchError

STAGES = ("discovery", "fetch", "decode", "parse", "extract", "attachments")
_EXPECTED = (FetchError, DocumentError, BudgetExceeded)
_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")


class StageFailed(RuntimeError):
    """An unexpected exception in one stage of one URL, as one line."""

    def __init__(self, stage: str, url: str, exc: BaseException) -> None:
        self.stage, self.url, self.cause = stage, url, exc
        super().__init__(f"{stage} failed at {redact(url)}: {type(exc).__name__}: {one_line(exc)}")


@contextmanager
def stage(name: str, url: str) -> Iterator[None]:
    """Run a step; an unexpected exception leaves it as StageFailed(name, url, exc)."""
    try:
        yield
    except (*_EXPECTED, StageFailed):
        raise
    except Exception as exc:
        raise StageFailed(name, url, exc) from exc


def one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = redact(text)
    return text if len(text) <= limit else text[:limit] + "…"


def redact(text: str) -> str:
    """Drop any user:password@ from URLs in a message before it is logged or stored."""
    return _USERINFO.sub("***@", text)
