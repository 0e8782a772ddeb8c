"""The pipeline's stages as plain functions: what the DAG tasks and the CLI both call.

plan -> crawl (in batches, in parallel, files only) -> load (one writer) -> dbt build -> publish.
Every stage is safe to rerun: crawls write files keyed by report and run, loads replace by key,
dbt rebuilds tables, publish swaps a copy in atomically.
"""

from __future__ import annotations

import logging
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from scrapers.crawl import CrawlOptions, crawl_source
from scrapers.fetch.archive import RawArchive
from scrapers.fetch.http import FetchPolicy, Fetcher
from scrapers.fetch.throttle import HostThrottle
from scrapers.models import FetchedPage, Source
from scrapers.sources import load_sources
from scrapers.store import DataDir, SourceResult
from scrapers.warehouse.dbt import DbtError, published_path_for, publish, run_dbt
from scrapers.warehouse.load import LoadSummary, is_url, load_run
from scrapers.warehouse.read import query

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 25
DEFAULT_SOURCES_IN_PARALLEL = 4


class SourcesFailed(RuntimeError):
    """Some sources of a batch failed; the others were crawled and saved."""


@dataclass
class RunSummary:
    run_id: str
    results: list[SourceResult] = field(default_factory=list)
    load: LoadSummary | None = None
    failed: list[str] = field(default_factory=list)


def new_run_id() -> str:
    return "manual__" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def _host(source: Source) -> str:
    return urlparse(source.list_urls[0]).netloc.lower().removeprefix("www.")


def plan_batches(sources: list[Source], batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[str]]:
    """Source ids in batches: one mapped crawl task per batch, not one per URL or per source.

    Sources on the same host go to the same batch, where they share one per-host throttle; a
    host is split over batches only when it alone has more sources than a batch holds.
    """
    by_host: dict[str, list[str]] = {}
    for source in sources:
        by_host.setdefault(_host(source), []).append(source.id)
    batches: list[list[str]] = [[]]
    for ids in by_host.values():
        if batches[-1] and len(batches[-1]) + len(ids) > batch_size:
            batches.append([])
        for source_id in ids:
            if len(batches[-1]) >= batch_size:
                batches.append([])
            batches[-1].append(source_id)
    return [b for b in batches if b]


def _fetcher_for(source: Source, archive: RawArchive, policy: FetchPolicy | None, throttle: HostThrottle | None = None) -> Fetcher:
    """One fetcher per source (its hosts are its own), sharing the batch's per-host throttle
    unless the source sets its own rate."""
    policy = policy or FetchPolicy()
    if source.requests_per_second:
        policy, throttle = replace(policy, requests_per_second=source.requests_per_second), None
    hosts = {urlparse(u).netloc for u in source.list_urls}
    return Fetcher(archive, policy, allowed_hosts=hosts, throttle=throttle)


def crawl_batch(
    sources: list[Source],
    data_dir: DataDir,
    run_id: str,
    *,
    policy: FetchPolicy | None = None,
    options: CrawlOptions = CrawlOptions(),
    parallel: int = DEFAULT_SOURCES_IN_PARALLEL,
) -> list[SourceResult]:
    """Crawl each source, save its result; raise SourcesFailed at the end if any failed.

    Sources of a batch are crawled by a few threads at once: each source is its own host(s) with
    its own polite fetcher, so this overlaps the waits on slow sites without hurrying any one.
    """
    archive = RawArchive(data_dir.archive_dir)
    shared = policy or FetchPolicy()
    throttle = HostThrottle(shared.requests_per_second, shared.max_concurrency_per_host)

    def one(source: Source) -> SourceResult:
        result = crawl_source(source, _fetcher_for(source, archive, policy, throttle), data_dir, options)
        data_dir.save_source_result(run_id, result)
        log.info(
            "[source %s] %s: %d list pages, %d new reports, %d known, %d skipped, %d errors%s",
            source.id, result.status, result.list_pages, len(result.report_ids), result.reports_known,
            result.items_skipped, result.errors, f" ({result.reason})" if result.reason else "",
        )
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(sources))), thread_name_prefix="crawl") as pool:
        results = list(pool.map(one, sources))
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise SourcesFailed("; ".join(f"{r.reason}" for r in failed))
    return results


def load(sources: list[Source], data_dir: DataDir, run_id: str, warehouse: Path | str) -> LoadSummary:
    summary = load_run(warehouse, data_dir, run_id, sources, extra_report_ids=data_dir.load_reextracted(run_id))
    log.info("loaded %s into %s", summary, warehouse)
    return summary


class SourcesStale(RuntimeError):
    """A staging table was not loaded for longer than its freshness allows (dbt source freshness)."""


def build_with_freshness_check(warehouse: Path | str) -> None:
    """`dbt source freshness` (loaded_at against dbt/models/staging/_sources.yml), then `dbt build`.

    A stale source does not stop the build (the marts of what is there are still right), but
    raises afterwards so the nightly run fails loudly instead of quietly serving old data.
    """
    try:
        run_dbt(warehouse, "source freshness")
        stale = None
    except DbtError as exc:
        stale = exc
    run_dbt(warehouse, "build")
    if stale is not None:
        raise SourcesStale(f"staging tables of {warehouse} are stale; the marts were rebuilt from old data:\n{stale}")


def build_marts(warehouse: Path | str) -> Path | str:
    """dbt build on the live warehouse, then publish the copy BI tools read."""
    run_dbt(warehouse, "build")
    return publish_marts(warehouse)


def publish_marts(warehouse: Path | str) -> Path | str:
    """The docs catalog of what was just built, then the BI copy (marts only) and dbt's artifacts.

    A PostgreSQL warehouse serves BI itself (many readers, the `marts` schema): nothing to copy,
    its dbt artifacts stay in var/dbt/<target>/.
    """
    from scrapers.settings import Settings

    settings = Settings.from_env()
    run_dbt(warehouse, "docs generate")
    if is_url(warehouse):
        return warehouse
    return publish(warehouse, published_path_for(warehouse), mode=settings.publish_mode, group=settings.publish_group)


def run_all(
    sources_file: str | Path,
    warehouse: str | Path,
    *,
    data_dir: str | Path | None = None,
    run_id: str | None = None,
    policy: FetchPolicy | None = None,
    options: CrawlOptions = CrawlOptions(),
) -> RunSummary:
    """The whole pipeline in one process, without Airflow (operators trying a new source)."""
    if is_url(warehouse):
        if data_dir is None:
            raise ValueError("a PostgreSQL warehouse needs a data dir for the archive and documents")
    else:
        warehouse = Path(warehouse).resolve()
    data = DataDir(data_dir or Path(warehouse).parent)
    sources = load_sources(sources_file)  # a bad file fails here, before any crawling
    summary = RunSummary(run_id or new_run_id())
    for batch in plan_batches(sources):
        batch_sources = [s for s in sources if s.id in set(batch)]
        try:
            summary.results += crawl_batch(batch_sources, data, summary.run_id, policy=policy, options=options)
        except SourcesFailed as exc:
            summary.failed.append(str(exc))
            summary.results += [r for r in data.load_source_results(summary.run_id) if r.source_id in set(batch)]
    summary.load = load(sources, data, summary.run_id, warehouse)
    build_marts(warehouse)
    return summary


def source_status_summary(warehouse: str | Path) -> str:
    rows = query(
        warehouse,
        "select source_id, last_status, reports_new, reports_known, items_skipped, errors, last_reason "
        "from marts.mart_source_status order by source_id",
    )
    return "\n".join(
        f"[{status or 'never':>7}] {sid}: {new} new reports, {known} known, {skipped} look-alikes skipped, {errors} errors"
        + (f" — {reason}" if reason else "")
        for sid, status, new, known, skipped, errors, reason in rows
    )


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal column: CJK characters take two cells."""
    out, used = "", 0
    for char in text:
        cells = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + cells > width:
            break
        out, used = out + char, used + cells
    return out + " " * (width - used)


def yoy_summary(warehouse: str | Path, per_agency: int = 6) -> str:
    """A short year-over-year table from the marts, as a person would first look at them:
    each agency's latest report year, its first metrics that have a prior value."""
    [counts] = query(
        warehouse, "select count(*), count(distinct agency_id), count(prior_value), sum(yoy_conflict::int) from marts.mart_metric_yoy"
    )
    rows = query(
        warehouse,
        """
        with latest as (
            select *, max(report_year) over (partition by agency_id) as latest_year
            from marts.mart_metric_yoy where prior_value is not null
        ), ranked as (
            select *, row_number() over (partition by agency_id order by metric, domain) as rn
            from latest where report_year = latest_year
        )
        select agency, report_year, metric, domain, value, prior_value, prior_value_source, pct_change, stated_yoy_pct
        from ranked where rn <= ? order by agency, metric, domain
        """,
        [per_agency],
    )
    [(reports, mentions)] = query(
        warehouse, "select (select count(*) from marts.dim_report), (select count(*) from marts.fct_metric_mentions)"
    )
    lines = [
        f"warehouse {warehouse}: {reports} reports, {mentions} metric mentions; "
        f"mart_metric_yoy: {counts[0]} rows over {counts[1]} agencies, {counts[2]} with a prior value, "
        f"{counts[3] or 0} flagged yoy_conflict",
        f"{_pad('agency', 26)} {'year':>4} {'metric':<24} {'domain':<17} {'value':>14} {'prior':>14} {'change%':>8} {'stated%':>8}  prior from",
    ]
    for agency, year, metric, domain, value, prior, source, pct, stated in rows:
        lines.append(
            f"{_pad(agency, 26)} {year:>4} {metric:<24} {domain:<17} {value:>14,.0f} {prior:>14,.0f} "
            f"{'' if pct is None else f'{pct:.1f}':>8} {'' if stated is None else f'{stated:.1f}':>8}  {source}"
        )
    return "\n".join(lines)


def _archived(archive: RawArchive, url: str) -> FetchedPage:
    record = archive.latest_ok(url)
    if record is None:
        raise FileNotFoundError(f"{url}: not in the archive")
    return archive.read(record)


def reextract(sources: list[Source], data_dir: DataDir, run_id: str) -> tuple[list[str], list[str]]:
    """Rebuild every stored report from its archived raw page with the current parser and rules.

    No crawling: the bytes come from the archive. The rebuilt ids are saved with the run so the
    run's load replaces exactly those reports' rows for the current extractor version.
    Returns (rebuilt report ids, errors).
    """
    from scrapers.crawl import build_document
    from scrapers.document.errors import DocumentError

    by_id = {s.id: s for s in sources}
    archive = RawArchive(data_dir.archive_dir)
    rebuilt, errors = [], []
    for report_id in list(data_dir.iter_document_ids()):
        old = data_dir.load_document(report_id)
        source = by_id.get(old.source_id or "")
        record = archive.latest_ok(old.url)
        if source is None or record is None:
            errors.append(f"{old.url}: {'source ' + str(old.source_id) + ' not configured' if source is None else 'no archived page'}")
            continue
        try:
            doc = build_document(archive.read(record), source, lambda url: _archived(archive, url))
        except (DocumentError, FileNotFoundError) as exc:
            errors.append(str(exc))
            continue
        doc.title = doc.title or old.title
        doc.report_year = doc.report_year or old.report_year
        data_dir.save_document(doc)
        rebuilt.append(report_id)
    data_dir.save_reextracted(run_id, rebuilt)
    return rebuilt, errors
