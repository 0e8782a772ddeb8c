"""The data directory shared by all tasks: raw archive, parsed documents, per-run crawl results.

Crawl tasks run in parallel processes and must not touch the warehouse (DuckDB has one writer),
so they leave their output here as files, written atomically; the single loader reads them.
Layout:
    <root>/archive/                 raw responses (WARC + index), written before parsing
    <root>/documents/<report_id>.json   one parsed report, metrics included
    <root>/runs/<run_id>/<source_id>.json  what one crawl of one source found and skipped
    <root>/state/<source_id>.json   when the source's list pages were last walked in full
    <root>/robots/<hash>.json       robots.txt per site, kept for its TTL (fetch.robots_cache)
    <root>/warehouse.duckdb         the live warehouse (one writer at a time)
    <root>/published/warehouse.duckdb   the copy BI tools read (see warehouse.dbt.publish)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

from scrapers.models import ReportDocument

_RUN_ID_SAFE = re.compile(r"[^A-Za-z0-9_.+-]")


@dataclass
class CrawlEvent:
    source_id: str
    url: str
    kind: str  # report | known | skipped | error
    title: str | None = None
    reason: str | None = None


@dataclass
class SourceResult:
    """What one crawl of one source did; the per-source status an operator reads."""

    source_id: str
    status: str = "ok"  # ok | partial | failed
    reason: str | None = None
    list_pages: int = 0
    report_ids: list[str] = field(default_factory=list)
    reports_known: int = 0
    items_skipped: int = 0
    items_ignored: int = 0  # links that are not even look-alikes (navigation etc.), counted only
    errors: int = 0
    events: list[CrawlEvent] = field(default_factory=list)
    started_at: str | None = None
    finished_at: str | None = None
    fetch_stats: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceResult:
        data = dict(data)
        data["events"] = [CrawlEvent(**e) for e in data.get("events", [])]
        return cls(**data)


def safe_run_id(run_id: str) -> str:
    return _RUN_ID_SAFE.sub("_", run_id)


def write_json_atomic(path: Path, data: Any, *, durable: bool = True) -> None:
    """Write whole or not at all (temp file + rename); durable=True also fsyncs the bytes first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DataDir:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"

    @property
    def robots_dir(self) -> Path:
        return self.root / "robots"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    def run_dir(self, run_id: str) -> Path:
        return self.root / "runs" / safe_run_id(run_id)

    # documents -----------------------------------------------------------------
    def document_path(self, report_id: str) -> Path:
        return self.documents_dir / f"{report_id}.json"

    def save_document(self, doc: ReportDocument, *, durable: bool = True) -> Path:
        path = self.document_path(doc.report_id)
        write_json_atomic(path, doc.to_dict(), durable=durable)
        return path

    def has_document(self, report_id: str) -> bool:
        return self.document_path(report_id).exists()

    def load_document(self, report_id: str) -> ReportDocument:
        path = self.document_path(report_id)
        return ReportDocument.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def iter_document_ids(self) -> Iterator[str]:
        if self.documents_dir.exists():
            for path in sorted(self.documents_dir.glob("*.json")):
                yield path.stem

    # per-source crawl state ----------------------------------------------------------
    def _state_path(self, source_id: str) -> Path:
        return self.root / "state" / f"{source_id}.json"

    def needs_full_walk(self, source_id: str, every_days: int) -> bool:
        """A source never walked through all its list pages, or not for `every_days`."""
        path = self._state_path(source_id)
        if not path.exists():
            return True
        last = datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["last_full_walk"])
        return datetime.now(UTC) - last >= timedelta(days=every_days)

    def record_full_walk(self, source_id: str, list_pages: int) -> None:
        write_json_atomic(
            self._state_path(source_id),
            {"last_full_walk": datetime.now(UTC).isoformat(timespec="seconds"), "list_pages": list_pages},
        )

    # crawl results ---------------------------------------------------------------
    def save_source_result(self, run_id: str, result: SourceResult) -> Path:
        path = self.run_dir(run_id) / f"{result.source_id}.json"
        write_json_atomic(path, result.to_dict())
        return path

    def save_reextracted(self, run_id: str, report_ids: list[str]) -> Path:
        path = self.run_dir(run_id) / "reextracted.list"
        write_json_atomic(path, report_ids)
        return path

    def load_reextracted(self, run_id: str) -> list[str]:
        path = self.run_dir(run_id) / "reextracted.list"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    def load_source_results(self, run_id: str) -> list[SourceResult]:
        run_dir = self.run_dir(run_id)
        if not run_dir.exists():
            return []
        return [
            SourceResult.from_dict(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(run_dir.glob("*.json"))
        ]
