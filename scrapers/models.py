"""Typed records passed between the pipeline's stages.

fetch -> archive -> document -> metrics -> load. Each stage takes and returns these records,
so any stage can be rerun from the previous one's output (and ultimately from raw bytes).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Period = Literal["year", "cumulative", "partial"]


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class Source:
    """One configured site column: an agency and the list pages where it posts reports."""

    id: str
    agency: str
    region: Region
    list_urls: tuple[str, ...]
    # Per-source knobs; every one has a sensible default so a new site needs none.
    max_list_pages: int = 20
    requests_per_second: float | None = None  # None: the fetch policy's (gentle) default
    agency_aliases: tuple[str, ...] = ()
    # Overrides of scrapers.budgets.Budgets for this source: (name, value) pairs.
    budgets: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types (an Airflow XCom carries a batch of these to its crawl task)."""
        data = asdict(self)
        data["list_urls"], data["agency_aliases"] = list(self.list_urls), list(self.agency_aliases)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        data = dict(data)
        data["region"] = Region(**data.get("region") or {})
        data["list_urls"] = tuple(data["list_urls"])
        data["agency_aliases"] = tuple(data.get("agency_aliases") or ())
        data["budgets"] = tuple((str(name), float(value)) for name, value in data.get("budgets") or ())
        return cls(**data)


@dataclass(frozen=True)
class FetchedPage:
    """Raw bytes as the server sent them, before anything parses them."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    archive_key: str | None = None  # where the raw bytes were archived
    # True when a conditional request got 304: body is then the archived copy.
    not_modified: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", self.headers.get("Content-Type", ""))


@dataclass
class MetricMention:
    """One number in a report that fits a catalog metric, with where it came from."""

    metric: str
    domain: str
    value: float
    unit: str  # count | yuan | percent (the catalog unit)
    approx: bool
    period: Period
    yoy_pct: float | None
    evidence: str  # the clause, verbatim from body_text
    start: int  # offset of evidence in body_text
    end: int
    rule_id: str = ""  # which rule produced it, for analysts and debugging
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReportDocument:
    """A report page (or attachment) reduced to what the warehouse keeps."""

    url: str
    title: str | None
    agency: str | None
    report_year: int | None
    published: str | None  # YYYY-MM-DD
    body_text: str
    published_source: str | None = None  # which evidence gave the date: meta / visible / url / regenerated (the page's generation time only: an upper bound)
    source_file: str | None = None  # the attachment the text came from, if any
    raw_sha256: str | None = None
    source_id: str | None = None  # the configured source whose crawl found it
    metrics: list[MetricMention] = field(default_factory=list)
    extractor_version: str = ""
    # Anything a stage wants to tell an operator (e.g. "scanned PDF, no text layer").
    notes: list[str] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        return report_id_for(self.url)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["report_id"] = self.report_id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportDocument:
        data = dict(data)
        data.pop("report_id", None)
        data["metrics"] = [MetricMention(**m) for m in data.get("metrics", [])]
        return cls(**data)


def report_id_for(url: str) -> str:
    """Stable id of a report: the same URL is the same report across runs."""
    return hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]
