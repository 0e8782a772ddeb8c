"""What one source, one page and one attachment may cost: defaults here, overrides per source.

Government sites are slow, odd and sometimes hostile; whatever comes from outside gets a budget
in time, requests, bytes and pages, and a source that spends it ends `partial` (what it found is
kept) or `failed` with the budget named in its reason. Nothing here touches the network.

Defaults can be changed for every source with MR_BUDGET_<NAME> (e.g. MR_BUDGET_MAX_WALL_S=600)
and for one source with a `budgets:` mapping in the sources file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

MIB = 1024 * 1024


@dataclass(frozen=True)
class Budgets:
    # Per source, one crawl.
    max_wall_s: float = 300.0  # a hostile source costs at most ~5 minutes of a night
    max_requests: int = 600  # HTTP requests (retries and redirects count)
    max_bytes: int = 200 * MIB  # response bytes received
    # Per page: HTML larger than this is not parsed (the fetch cap is 20 MiB; real report pages are
    # < 1 MiB, a 19 MB one-line page is junk or an attack), and a report text (page or attachment)
    # longer than this is not searched for metrics. Parsing and extraction are linear in these.
    max_page_bytes: int = 2 * MIB
    max_text_chars: int = 1_000_000
    # Per attachment: the sum of a DOCX's unpacked members, its worst member's packing ratio, a PDF's
    # pages, and the wall time and memory of the separate process a PDF is read in.
    attachment_max_unpacked_bytes: int = 100 * MIB
    attachment_max_ratio: float = 200.0
    attachment_max_pages: int = 300
    attachment_max_s: float = 60.0
    attachment_max_memory_bytes: int = 1024 * MIB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Budgets:
        environ = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for f in fields(cls):
            raw = environ.get(f"MR_BUDGET_{f.name.upper()}")
            if raw:
                values[f.name] = _number(f.name, raw, int if f.type in ("int", int) else float)
        return replace(cls(), **values)

    def with_overrides(self, overrides: Mapping[str, float | int] | tuple[tuple[str, float], ...]) -> Budgets:
        items = dict(overrides)
        unknown = set(items) - budget_names()
        if unknown:
            raise ValueError(f"unknown budget(s): {', '.join(sorted(unknown))}")
        return replace(self, **items)


def budget_names() -> set[str]:
    return {f.name for f in fields(Budgets)}


def _number(name: str, raw: str, kind: type) -> float | int:
    try:
        value = kind(float(raw)) if kind is int else float(raw)
    except ValueError:
        raise ValueError(f"MR_BUDGET_{name.upper()}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"MR_BUDGET_{name.upper()}={raw!r} must be positive")
    return value


class BudgetExceeded(RuntimeError):
    """A source spent one of its budgets; the message names the budget and the figure."""


class SourceBudget:
    """The running account of one source's crawl, checked before every request."""

    def __init__(self, source_id: str, budgets: Budgets, clock=time.monotonic) -> None:
        self.source_id = source_id
        self.budgets = budgets
        self._clock = clock
        self.started = clock()

    @property
    def stop_at(self) -> float:
        """The monotonic time the source's wall-time budget runs out (the fetcher's cut-off)."""
        return self.started + self.budgets.max_wall_s

    def remaining_s(self) -> float:
        return max(0.0, self.stop_at - self._clock())

    def for_next_page(self) -> Budgets:
        """The budgets for the next report page: its attachment's reading time capped by what the
        source has left, so a PDF read does not outlive the source's wall time."""
        return replace(self.budgets, attachment_max_s=max(1.0, min(self.budgets.attachment_max_s, self.remaining_s())))

    def check(self, stats: Mapping[str, int]) -> None:
        """Raise BudgetExceeded when time, requests or bytes are spent. `stats`: the fetcher's
        counters for this source."""
        b = self.budgets
        elapsed = self._clock() - self.started
        if elapsed >= b.max_wall_s:
            raise BudgetExceeded(f"[source {self.source_id}] budget max_wall_s={b.max_wall_s:g} spent ({elapsed:.0f}s)")
        if stats.get("requests", 0) >= b.max_requests:
            raise BudgetExceeded(f"[source {self.source_id}] budget max_requests={b.max_requests} spent")
        if stats.get("bytes", 0) >= b.max_bytes:
            raise BudgetExceeded(f"[source {self.source_id}] budget max_bytes={b.max_bytes} spent ({stats['bytes']} bytes)")
