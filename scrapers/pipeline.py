"""The pipeline's stages as plain functions: what the DAG tasks and the CLI both call.

plan -> crawl (in batches, in parallel, files only) -> load (one writer) -> dbt build -> publish.
Every stage is safe to rerun: crawls write files keyed by report and run, loads replace by key,
dbt rebuilds tables, publish swaps a copy in atomically.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from scrapers.budgets import Budgets
from scrapers.crawl import CrawlOptions, crawl_source
from scrapers.fetch.archive import RawArchive
from scrapers.fetch.http import FetchPolicy, Fetcher
from scrapers.fetch.robots_cache import RobotsCache
from scrapers.fetch.scope import Scope
from scrapers.fetch.throttle import HostThrottle
from scrapers.isolation import one_line
from scrapers.models import FetchedPage, Source
from scrapers.settings import Settings
from scrapers.rerun import sources_to_crawl
from scrapers.sources import load_sources
from scrapers.store import DataDir, SourceResult
from scrapers.warehouse.dbt import DbtError, build_if_changed, published_path_for, publish, run_dbt
from scrapers.warehouse.load import LoadSummary, is_url, load_run
from scrapers.warehouse.read import query

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 250


class SourcesFailed(RuntimeError):
    """Some sources of a batch failed; the others were crawled and saved."""


@dataclass
class RunSummary:
    run_id: str
    results: list[SourceResult] = field(default_factory=list)
    load: LoadSummary | None = None
    failed: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage

    def timing(self) -> str:
        return ", ".join(f"{stage} {s:.1f} s" for stage, s in self.seconds.items())


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


def plan_source_batches(sources: list[Source], batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[dict]]:
    """plan_batches with each batch's sources themselves (plain dicts for an XCom), so a mapped
    crawl task never reads the whole sources file again."""
    by_id = {s.id: s for s in sources}
    return [[by_id[i].to_dict() for i in batch] for batch in plan_batches(sources, batch_size)]


# Airflow keeps a mapped task's label in a VARCHAR(250) (task_instance.rendered_map_index): a longer
# one is "Value rejected by database" and fails the task before it runs.
MAX_LABEL_CHARS = 250


def batch_label(source_ids: list[str], limit: int = MAX_LABEL_CHARS) -> str:
    """The UI label of a crawl task: its source ids, or as many as fit and how many more."""
    full = ", ".join(source_ids)
    if len(full) <= limit:
        return full
    total = len(source_ids)
    shown, used = 0, 0  # ids kept, and the length of their joined text
    for source_id in source_ids:
        grown = used + (2 if shown else 0) + len(source_id)
        if grown + len(f", … +{total - shown - 1} more ({total} sources)") > limit:
            break
        shown, used = shown + 1, grown
    return ", ".join(source_ids[:shown]) + f", … +{total - shown} more ({total} sources)"


def crawl_planned_batch(
    sources: list[dict], settings: Settings, run_id: str, options: CrawlOptions | None = None
) -> list[SourceResult]:
    """One mapped crawl task: a planned batch with the deployment's politeness, thread count and
    the run's options (refetch, budgets)."""
    policy = FetchPolicy(requests_per_second=settings.requests_per_second, max_open_connections=settings.sources_in_parallel)
    return crawl_batch([Source.from_dict(d) for d in sources], DataDir(settings.data_dir), run_id, policy=policy, options=options)


def select_sources(sources: list[Source], chosen: list[str]) -> list[Source]:
    """The chosen sources (all when none is chosen); an unknown id is an error naming it."""
    if not chosen:
        return sources
    known = {s.id for s in sources}
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise ValueError(f"unknown source id(s) {', '.join(unknown)}: not in the sources file")
    return [s for s in sources if s.id in set(chosen)]


def _fetcher_for(
    source: Source, archive: RawArchive, policy: FetchPolicy | None, throttle: HostThrottle | None = None,
    robots: RobotsCache | None = None,
) -> Fetcher:
    """One fetcher per source (its hosts are its own), sharing the crawl's per-host throttle
    (and so its global connection cap) unless the source sets its own rate, and its robots cache."""
    policy = policy or FetchPolicy()
    if source.requests_per_second:
        policy, throttle = replace(policy, requests_per_second=source.requests_per_second), None
    hosts = {urlparse(u).netloc for u in source.list_urls}
    return Fetcher(archive, policy, allowed_hosts=hosts, throttle=throttle, robots_cache=robots, scope=Scope(source.list_urls))


def crawl_batch(
    sources: list[Source],
    data_dir: DataDir,
    run_id: str,
    *,
    policy: FetchPolicy | None = None,
    options: CrawlOptions | None = None,
    parallel: int | None = None,
    progress: Callable[[SourceResult], None] | None = None,
) -> list[SourceResult]:
    """Crawl each source, save its result; raise SourcesFailed at the end if any failed.

    Sources are crawled by many threads at once (default: the policy's global connection cap):
    the night is thousands of slow, independent hosts, so the time goes in waiting on them, and
    only the per-host throttle decides how fast any one site is asked. Each source has its own
    polite fetcher; all share the throttle, the connection cap and the robots.txt cache.
    """
    options = options or CrawlOptions(budgets=Budgets.from_env())
    archive = RawArchive(data_dir.archive_dir)
    shared = policy or FetchPolicy()
    throttle = HostThrottle(
        shared.requests_per_second, shared.max_concurrency_per_host, max_open_connections=shared.max_open_connections
    )
    robots = RobotsCache(data_dir.robots_dir, shared.robots_ttl_s)

    def one(source: Source) -> SourceResult:
        fetcher = _fetcher_for(source, archive, policy, throttle, robots)
        try:
            result = crawl_source(source, fetcher, data_dir, options)
        except Exception as exc:  # crawl_source keeps its own failures; this is the last guard
            result = SourceResult(source.id, status="failed", reason=f"[source {source.id}] {type(exc).__name__}: {one_line(exc)}")
            log.error("%s", result.reason, exc_info=exc)
        finally:
            fetcher.close()
        data_dir.save_source_result(run_id, result)
        log.info(
            "[source %s] %s: %d list pages, %d new reports, %d known, %d skipped, %d errors%s",
            source.id, result.status, result.list_pages, len(result.report_ids), result.reports_known,
            result.items_skipped, result.errors, f" ({result.reason})" if result.reason else "",
        )
        if progress:
            progress(result)
        return result

    to_crawl, results = sources_to_crawl(sources, data_dir, run_id)  # a retry: see scrapers/rerun.py
    for kept in results:
        log.info("[source %s] kept from an earlier try of this run: %s", kept.source_id, kept.status)
    workers = max(1, min(parallel or shared.max_open_connections, len(to_crawl) or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        results += list(pool.map(one, to_crawl))
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


def build_with_freshness_check(warehouse: Path | str) -> bool:
    """`dbt source freshness` (loaded_at against dbt/models/staging/_sources.yml), then `dbt build`
    unless the marts' inputs are unchanged since the last build; True if it built.

    A stale source does not stop the build (the marts of what is there are still right), but
    raises afterwards so the nightly run fails loudly instead of quietly serving old data.
    """
    try:
        run_dbt(warehouse, "source freshness")
        stale = None
    except DbtError as exc:
        stale = exc
    built = _build(warehouse)
    if stale is not None:
        raise SourcesStale(f"staging tables of {warehouse} are stale; the marts were rebuilt from old data:\n{stale}")
    return built


def _build(warehouse: Path | str) -> bool:
    built = build_if_changed(warehouse)
    if not built:
        log.info("marts already built from these raw rows and this dbt project: dbt build skipped")
    return built


def build_marts(warehouse: Path | str) -> Path | str:
    """dbt build on the live warehouse (skipped when its inputs are unchanged), then publish the
    copy BI tools read (always: the crawl status views read the newest runs)."""
    return publish_marts(warehouse, docs=_build(warehouse))


def publish_marts(warehouse: Path | str, *, docs: bool = True) -> Path | str:
    """The docs catalog of what was just built (`docs`: when the build ran, else the last one's),
    then the BI copy (marts only) and dbt's artifacts.

    A PostgreSQL warehouse serves BI itself (many readers, the `marts` schema): nothing to copy,
    its dbt artifacts stay in MR_DATA_DIR/dbt/<target>/.
    """
    from scrapers.settings import Settings

    settings = Settings.from_env()
    if docs:
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
    options: CrawlOptions | None = None,
    progress: Callable[[SourceResult], None] | None = None,
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
    started = time.monotonic()
    # One crawl over all sources: batches exist for Airflow's mapped tasks, not for this.
    try:
        summary.results = crawl_batch(sources, data, summary.run_id, policy=policy, options=options, progress=progress)
    except SourcesFailed as exc:
        summary.failed.append(str(exc))
        crawled = {s.id for s in sources}
        summary.results = [r for r in data.load_source_results(summary.run_id) if r.source_id in crawled]
    summary.seconds["crawl"] = time.monotonic() - started
    started = time.monotonic()
    summary.load = load(sources, data, summary.run_id, warehouse)
    summary.seconds["load"] = time.monotonic() - started
    started = time.monotonic()
    build_marts(warehouse)
    summary.seconds["dbt+publish"] = time.monotonic() - started
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


# One worker process's state for re-extraction: set once by the pool's initializer.
_REEXTRACT: dict[str, object] = {}

REEXTRACT_CHUNK = 40  # report ids per task sent to a worker: big enough to amortise the pickling


def _reextract_init(data_root: str, sources: list[Source]) -> None:
    data_dir = DataDir(data_root)
    _REEXTRACT.update(data_dir=data_dir, archive=RawArchive(data_dir.archive_dir), sources={s.id: s for s in sources})


def _reextract_chunk(report_ids: list[str]) -> tuple[list[tuple[str, str | None]], float]:
    """Rebuild some reports in a worker: ((report id, error or None) for each, CPU seconds used)."""
    cpu_started = time.process_time()
    from scrapers.crawl import build_document
    from scrapers.document.errors import DocumentError

    data_dir: DataDir = _REEXTRACT["data_dir"]  # type: ignore[assignment]
    archive: RawArchive = _REEXTRACT["archive"]  # type: ignore[assignment]
    by_id: dict[str, Source] = _REEXTRACT["sources"]  # type: ignore[assignment]
    out: list[tuple[str, str | None]] = []
    for report_id in report_ids:
        old = data_dir.load_document(report_id)
        source = by_id.get(old.source_id or "")
        record = archive.latest_ok(old.url)
        if source is None or record is None:
            out.append((report_id, f"{old.url}: {'source ' + str(old.source_id) + ' not configured' if source is None else 'no archived page'}"))
            continue
        try:
            doc = build_document(archive.read(record), source, lambda url: _archived(archive, url))
        except (DocumentError, FileNotFoundError) as exc:
            out.append((report_id, str(exc)))
            continue
        doc.title = doc.title or old.title
        doc.report_year = doc.report_year or old.report_year
        # Not fsync'ed: a document is derived from the archive and this command rebuilds it, so
        # a crash costs a rerun, never data; the write is still atomic (no torn file).
        data_dir.save_document(doc, durable=False)
        out.append((report_id, None))
    return out, time.process_time() - cpu_started


def reextract(
    sources: list[Source],
    data_dir: DataDir,
    run_id: str,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    stats: dict[str, float] | None = None,
) -> tuple[list[str], list[str]]:
    """Rebuild every stored report from its archived raw page with the current parser and rules.

    No crawling: the bytes come from the archive. Parsing is CPU work, so the reports are spread
    over a process pool (default: one process per core). The rebuilt ids are saved with the run
    so the run's load replaces exactly those reports' rows for the current extractor version.
    Safe to kill and rerun: each document is replaced atomically, the list is written last.
    Returns (rebuilt report ids, errors); `progress(done, total)` is called as chunks finish;
    `stats` gets the workers' CPU seconds and their number (CPU above wall time: cores busy).
    """
    ids = list(data_dir.iter_document_ids())
    chunks = [ids[i : i + REEXTRACT_CHUNK] for i in range(0, len(ids), REEXTRACT_CHUNK)]
    rebuilt, errors = [], []
    workers = max(1, min(workers or os.cpu_count() or 1, len(chunks) or 1))
    done = 0
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_reextract_init, initargs=(str(data_dir.root), sources),
        mp_context=multiprocessing.get_context("forkserver"),
    ) as pool:
        cpu = 0.0
        for results, chunk_cpu in pool.map(_reextract_chunk, chunks):
            cpu += chunk_cpu
            for report_id, error in results:
                if error is None:
                    rebuilt.append(report_id)
                else:
                    errors.append(error)
            done += len(results)
            if progress:
                progress(done, len(ids))
    if stats is not None:
        stats.update(worker_cpu_s=cpu, workers=workers)
    data_dir.save_reextracted(run_id, rebuilt)
    return rebuilt, errors
