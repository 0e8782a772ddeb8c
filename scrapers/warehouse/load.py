"""Idempotent loads of staging tables with SQLAlchemy.

Each load replaces the rows of the keys it carries (delete by key, insert) inside one
transaction: a rerun changes nothing, and a failure leaves the previous state. Page content only
ever reaches SQL as bound parameters.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from decimal import Decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import URL, Engine, Table, create_engine, delete, insert, make_url, select, text, tuple_
from sqlalchemy.engine import Connection

from scrapers.models import ReportDocument, Source
from scrapers.store import DataDir, SourceResult
from scrapers.warehouse import schema

_DOCS_PER_BATCH = 1000
DUCKDB_MEMORY_LIMIT = "1GB"
_CHUNK = 5000  # keys per DELETE … IN (…); inserts go in bulk whatever the size


@dataclass(frozen=True)
class LoadSummary:
    reports: int
    mentions: int
    events: int
    sources: int

    def __str__(self) -> str:
        return f"{self.reports} reports, {self.mentions} metric mentions, {self.events} crawl events, {self.sources} source statuses"


def is_url(target: str | Path) -> bool:
    """A warehouse is a DuckDB file path or a SQLAlchemy URL (postgresql://user@host:port/db)."""
    return "://" in str(target)


def warehouse_url(target: str | Path) -> URL:
    """A SQLAlchemy URL from a DuckDB file path, or the URL itself with its password from
    MR_WAREHOUSE_PASSWORD (secrets never sit in the URL that settings and logs show)."""
    if is_url(target):
        url = make_url(str(target))
        if url.drivername == "postgresql":  # SQLAlchemy 2.1 would pick psycopg 3; the pinned driver is psycopg2
            url = url.set(drivername="postgresql+psycopg2")
        password = os.environ.get("MR_WAREHOUSE_PASSWORD")
        return url.set(password=password) if password and url.password is None else url
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    return make_url(f"duckdb:///{Path(target).resolve()}")


def connect(target: str | Path) -> Engine:
    url = warehouse_url(target)
    # DuckDB would otherwise let a 20,000-report transaction grow to 80% of RAM before spilling.
    duck = url.get_backend_name() == "duckdb"
    engine = create_engine(url, connect_args={"config": {"memory_limit": DUCKDB_MEMORY_LIMIT}} if duck else {})
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema.RAW_SCHEMA}"))
        schema.metadata.create_all(conn)
        _upgrade_column_types(conn)
    return engine


def _upgrade_column_types(conn: Connection) -> None:
    """Bring tables created by an older version to today's exact types (32-bit FLOAT, INTEGER counts).

    create_all never alters an existing table; without this a warehouse from before would keep
    rounding yuan. Values already stored as FLOAT stay as rounded as they were: `reextract` reloads them.
    """
    rows = conn.execute(
        text("select table_name, column_name, data_type from information_schema.columns where table_schema = :s"),
        {"s": schema.RAW_SCHEMA},
    ).all()
    actual = {(t, c): d.upper() for t, c, d in rows}
    for table in schema.metadata.sorted_tables:
        for column in table.columns:
            wanted = column.type.compile(dialect=conn.dialect).upper()
            have = actual.get((table.name, column.name))
            if have and have in {"FLOAT", "REAL", "INTEGER"} and have != wanted and not wanted.startswith(have):
                conn.execute(text(f"ALTER TABLE {table.schema}.{table.name} ALTER COLUMN {column.name} TYPE {wanted}"))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


_BULK_ROWS = 20  # from this many rows, DuckDB gets them as one file scan instead of executemany
_VALUE_QUANTUM = Decimal(1).scaleb(-schema.VALUE_TYPE.scale)


def exact_value(value: float | Decimal | None) -> Decimal | None:
    """A metric value as the DECIMAL the warehouse stores: 2942.29亿 computed in floating point
    (294228999999.99997) becomes exactly 294229000000.0000; repr() is the shortest round-trip form."""
    if value is None:
        return None
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(_VALUE_QUANTUM)


def _insert(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert rows with bound parameters; large batches into DuckDB through a scan of a JSON file.

    DuckDB runs executemany row by row (~0.4 ms a row: a 20,000-report backfill would spend
    minutes there), while reading the same rows from newline-delimited JSON takes milliseconds.
    The values still never become SQL text: the file path is the only bound parameter.
    """
    if not rows:
        return
    if conn.dialect.name != "duckdb" or len(rows) < _BULK_ROWS:
        conn.execute(insert(table), list(rows))
        return
    columns = ", ".join(f"'{c.name}': '{c.type.compile(dialect=conn.dialect)}'" for c in table.columns)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for row in rows:
            # default=str writes a Decimal as its exact digits, which read_json casts to DECIMAL exactly.
            handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    try:
        conn.execute(
            text(
                f"INSERT INTO {table.schema}.{table.name} BY NAME "
                f"SELECT * FROM read_json(:path, format = 'newline_delimited', columns = {{{columns}}})"
            ),
            {"path": handle.name},
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)


def load_catalog(conn: Connection) -> None:
    data = resources.files("scrapers.metrics").joinpath("data")
    metrics = list(csv.DictReader(data.joinpath("catalog.csv").read_text("utf-8").splitlines()))
    domains = list(csv.DictReader(data.joinpath("domains.csv").read_text("utf-8").splitlines()))
    conn.execute(delete(schema.catalog_metrics))
    _insert(
        conn,
        schema.catalog_metrics,
        [
            {"metric": m["code"], "name_zh": m["name_zh"], "name_en": m["name_en"], "unit": m["unit"], "definition": m["definition"]}
            for m in metrics
        ],
    )
    conn.execute(delete(schema.catalog_domains))
    _insert(
        conn,
        schema.catalog_domains,
        [{"domain": d["code"], "name_zh": d["name_zh"], "name_en": d["name_en"], "includes": d["includes"]} for d in domains],
    )


def load_sources(conn: Connection, sources: Sequence[Source]) -> int:
    now = _now()
    rows = [
        {
            "source_id": s.id,
            "agency": s.agency,
            "province": s.region.province,
            "city": s.region.city,
            "county": s.region.county,
            "list_urls": json.dumps(list(s.list_urls), ensure_ascii=False),
            "loaded_at": now,
        }
        for s in sources
    ]
    for chunk in _chunks(rows):
        conn.execute(delete(schema.sources).where(schema.sources.c.source_id.in_([r["source_id"] for r in chunk])))
        _insert(conn, schema.sources, chunk)
    return len(rows)


def load_reports(conn: Connection, docs: Sequence[ReportDocument]) -> tuple[int, int]:
    """Replace these reports and their mentions of the extractor version they carry."""
    now = _now()
    mentions = 0
    for chunk in _chunks(list(docs)):
        ids = [d.report_id for d in chunk]
        conn.execute(delete(schema.reports).where(schema.reports.c.report_id.in_(ids)))
        _insert(
            conn,
            schema.reports,
            [
                {
                    "report_id": d.report_id,
                    "url": d.url,
                    "source_id": d.source_id or "",
                    "agency": d.agency,
                    "title": d.title,
                    "report_year": d.report_year,
                    "published_date": _date(d.published),
                    "published_source": d.published_source,
                    "body_text": d.body_text,
                    "source_file": d.source_file,
                    "raw_sha256": d.raw_sha256,
                    "extractor_version": d.extractor_version,
                    "notes": json.dumps(d.notes, ensure_ascii=False),
                    "loaded_at": now,
                }
                for d in chunk
            ],
        )
        keys = [(d.report_id, d.extractor_version) for d in chunk]
        mm = schema.metric_mentions
        conn.execute(delete(mm).where(tuple_(mm.c.report_id, mm.c.extractor_version).in_(keys)))
        rows = [
            {
                "report_id": d.report_id,
                "extractor_version": d.extractor_version,
                "mention_seq": seq,
                "metric": m.metric,
                "domain": m.domain,
                "value": exact_value(m.value),
                "unit": m.unit,
                "approx": m.approx,
                "period": m.period,
                "yoy_pct": m.yoy_pct,
                "evidence": m.evidence,
                "start_offset": m.start,
                "end_offset": m.end,
                "rule_id": m.rule_id,
                "confidence": m.confidence,
                "loaded_at": now,
            }
            for d in chunk
            for seq, m in enumerate(d.metrics)
        ]
        _insert(conn, mm, rows)
        mentions += len(rows)
    return len(docs), mentions


def load_source_results(conn: Connection, run_id: str, results: Sequence[SourceResult]) -> int:
    now = _now()
    ids = [r.source_id for r in results]
    if not ids:
        return 0
    ce, sr = schema.crawl_events, schema.source_runs
    conn.execute(delete(ce).where(ce.c.run_id == run_id, ce.c.source_id.in_(ids)))
    conn.execute(delete(sr).where(sr.c.run_id == run_id, sr.c.source_id.in_(ids)))
    _insert(
        conn,
        sr,
        [
            {
                "run_id": run_id,
                "source_id": r.source_id,
                "status": r.status,
                "reason": r.reason,
                "list_pages": r.list_pages,
                "reports_new": len(r.report_ids),
                "reports_known": r.reports_known,
                "items_skipped": r.items_skipped,
                "errors": r.errors,
                "started_at": datetime.fromisoformat(r.started_at).replace(tzinfo=None) if r.started_at else None,
                "finished_at": datetime.fromisoformat(r.finished_at).replace(tzinfo=None) if r.finished_at else None,
                "loaded_at": now,
            }
            for r in results
        ],
    )
    # One row per (url, kind): a page seen twice in a run (two list pages) is one event.
    events = {
        (e.source_id, e.url, e.kind): e for r in results for e in r.events
    }
    rows = [
        {"run_id": run_id, "source_id": s, "url": u, "kind": k, "title": e.title, "reason": e.reason, "loaded_at": now}
        for (s, u, k), e in events.items()
    ]
    _insert(conn, ce, rows)
    return len(rows)


def loaded_report_ids(conn: Connection) -> set[str]:
    return set(conn.execute(select(schema.reports.c.report_id)).scalars())


def load_run(
    target: str | Path,
    data_dir: DataDir,
    run_id: str,
    sources: Sequence[Source],
    *,
    extra_report_ids: Iterable[str] = (),
) -> LoadSummary:
    """Load what a crawl run left in the data dir, plus any parsed report never loaded.

    The second part makes the load self-healing: a document saved by a crawl whose load failed
    is picked up by the next load, whichever run it belongs to.
    """
    results = data_dir.load_source_results(run_id)
    engine = connect(target)
    try:
        with engine.begin() as conn:
            pending = {rid for r in results for rid in r.report_ids} | set(extra_report_ids)
            pending |= set(data_dir.iter_document_ids()) - loaded_report_ids(conn)
            load_catalog(conn)
            n_sources = load_sources(conn, sources)
            n_reports = n_mentions = 0
            # A batch of documents at a time: 20,000 re-extracted reports never sit in memory at once.
            pending_ids = [rid for rid in sorted(pending) if data_dir.has_document(rid)]
            for i in range(0, len(pending_ids), _DOCS_PER_BATCH):
                docs = [data_dir.load_document(rid) for rid in pending_ids[i : i + _DOCS_PER_BATCH]]
                reports, mentions = load_reports(conn, docs)
                n_reports, n_mentions = n_reports + reports, n_mentions + mentions
            n_events = load_source_results(conn, run_id, results)
    finally:
        engine.dispose()
    return LoadSummary(n_reports, n_mentions, n_events, n_sources)
