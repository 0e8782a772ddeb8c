"""Crawl one source: walk its list pages, pick the reports, fetch, parse and extract them.

Everything network goes through the shared Fetcher (politeness, retries, archive); everything
after the bytes is a pure function. A failing report page is recorded and the crawl goes on; an
unreachable list page fails the source with a reason naming the source and the URL. Each step
runs in a named stage (scrapers.isolation) and within the source's budgets (scrapers.budgets):
whatever one source does, the others' crawls are untouched.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from scrapers.budgets import Budgets, BudgetExceeded, SourceBudget
from scrapers.discover.identify import classify_title, normalise_title, title_year
from scrapers.discover.listing import parse_list_page
from scrapers.document.attachments import document_from_attachment, extract_attachment_text, find_attachment_links
from scrapers.document.challenge import detect_challenge
from scrapers.document.decode import decode_html
from scrapers.document.errors import DocumentError
from scrapers.document.parse import parse_report_page
from scrapers.fetch.errors import FetchError
from scrapers.fetch.http import Fetcher
from scrapers.isolation import StageFailed, redact, stage
from scrapers.metrics.extract import EXTRACTOR_VERSION, extract_metrics
from scrapers.models import FetchedPage, ReportDocument, Source, report_id_for
from scrapers.store import CrawlEvent, DataDir, SourceResult

log = logging.getLogger(__name__)

# A page body shorter than this (non-space characters) is a cover for the report in its attachment.
ATTACHMENT_COVER_CHARS = 300
_READABLE_ATTACHMENTS = (".pdf", ".docx")

FetchAttachment = Callable[[str], FetchedPage]

# Titles worth recording when skipped (near misses an analyst may want to audit); other links on a
# list page (navigation, unrelated news) are only counted.
_LOOKALIKE_WORDS = ("法治", "依法行政", "报告", "总结", "要点", "方案")


class SourceFailed(RuntimeError):
    """The source could not be crawled at all (its list pages are unreachable or unusable)."""


@dataclass(frozen=True)
class CrawlOptions:
    refetch_known: bool = False  # fetch reports already parsed (e.g. to pick up corrected pages)
    # Columns list newest first and a bureau posts one such report a year, so between full walks
    # of every list page a nightly crawl reads only the first few pages of each column.
    incremental_pages: int = 3
    full_walk_days: int = 30
    budgets: Budgets = Budgets()  # defaults; a source's `budgets:` overrides them


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _html_of(page: FetchedPage, source: Source, max_page_bytes: int) -> str:
    _check_page_size(page, source, max_page_bytes)
    with stage("decode", page.url):
        text = decode_html(page.body, page.headers).text
    challenge = detect_challenge(page.status, page.headers, page.body, text=text)
    if challenge:
        raise DocumentError(f"[source {source.id}] {page.url}: {challenge}")
    return text


def _check_page_size(page: FetchedPage, source: Source, max_page_bytes: int) -> None:
    if len(page.body) > max_page_bytes:
        raise DocumentError(
            f"[source {source.id}] {page.url}: page of {len(page.body)} bytes not parsed (budget max_page_bytes={max_page_bytes})"
        )


def _attachment_urls(doc: ReportDocument, page: FetchedPage) -> list[str]:
    if len("".join(doc.body_text.split())) >= ATTACHMENT_COVER_CHARS:
        return []
    links = find_attachment_links(decode_html(page.body, page.headers).text, page.url)
    return [u for u in links if u.lower().split("?")[0].endswith(_READABLE_ATTACHMENTS)]


def build_document(
    page: FetchedPage,
    source: Source,
    fetch_attachment: FetchAttachment | None = None,
    budgets: Budgets = Budgets(),
) -> ReportDocument:
    """Bytes of a report page -> a report document with metrics.

    Pure but for `fetch_attachment`, which the crawl points at the fetcher and a re-extraction at
    the archive: a page that is only a cover for its PDF/DOCX attachment is read from that file.
    """
    _check_page_size(page, source, budgets.max_page_bytes)
    region = source.region
    with stage("parse", page.url):
        try:
            # The page's challenge check, decoding and tree are all parse_report_page's: one pass.
            doc = parse_report_page(
                page.body, page.url, page.headers, status=page.status, places=(region.province, region.city, region.county)
            )
        except DocumentError as exc:
            raise DocumentError(f"[source {source.id}] {exc}") from exc
    with stage("attachments", page.url):
        attachment_urls = _attachment_urls(doc, page) if fetch_attachment else []
    for url in attachment_urls:
        assert fetch_attachment is not None
        raw = fetch_attachment(url)
        with stage("attachments", url):
            attachment = extract_attachment_text(raw.body, url, raw.content_type, budgets)
        if attachment.scanned:
            raise DocumentError(
                f"[source {source.id}] {page.url}: the report is a scanned PDF with no text layer ({url}); needs OCR, not loaded"
            )
        doc = document_from_attachment(doc, attachment, url, raw.body)
        break
    return finish_document(doc, page, source, budgets)


def finish_document(doc: ReportDocument, page: FetchedPage, source: Source, budgets: Budgets = Budgets()) -> ReportDocument:
    """Refuse an empty report; stamp source, hashes and the configured agency; extract metrics."""
    if len("".join(doc.body_text.split())) < 20:
        raise DocumentError(f"[source {source.id}] {page.url}: no report text on the page or in a readable attachment")
    if len(doc.body_text) > budgets.max_text_chars:
        raise DocumentError(
            f"[source {source.id}] {page.url}: report text of {len(doc.body_text)} characters not searched for metrics "
            f"(budget max_text_chars={budgets.max_text_chars})"
        )
    doc.source_id = source.id
    doc.raw_sha256 = doc.raw_sha256 if doc.source_file and doc.raw_sha256 else page.sha256
    # The configured agency is the canonical name; the page may use a short form (市场监管局).
    doc.agency = source.agency or doc.agency
    with stage("extract", page.url):
        doc.metrics = extract_metrics(doc.body_text, doc.report_year, published=doc.published)
    doc.extractor_version = EXTRACTOR_VERSION
    return doc


def crawl_source(
    source: Source,
    fetcher: Fetcher,
    data_dir: DataDir,
    options: CrawlOptions = CrawlOptions(),
) -> SourceResult:
    """Crawl one source; whatever goes wrong stays here (the source boundary).

    Expected failures of a page are recorded and the crawl goes on; a spent budget ends the
    source `partial` (what it found is kept) or `failed`; any other exception fails this source
    only, recorded with the stage, the URL and a one-line reason.
    """
    result = SourceResult(source_id=source.id, started_at=_now())
    budget = SourceBudget(source.id, options.budgets.with_overrides(source.budgets))
    fetcher.stop_at = budget.stop_at  # no request of this source outlives its wall-time budget
    at = _Position(source.list_urls[0])
    try:
        full_walk = data_dir.needs_full_walk(source.id, options.full_walk_days)
        page_limit = source.max_list_pages if full_walk else min(options.incremental_pages, source.max_list_pages)
        candidates = _discover(source, fetcher, result, page_limit, budget, at)
        for url, title in candidates.items():
            at.url = url
            budget.check(fetcher.stats(source.id))
            _take_report(source, fetcher, data_dir, url, title, options, result, budget.for_next_page())
    except SourceFailed as exc:
        result.status, result.reason = "failed", str(exc)
        log.error("%s", exc)
    except BudgetExceeded as exc:
        # What was found before the budget ran out is kept and loaded.
        result.status = "partial" if result.report_ids or result.reports_known else "failed"
        result.reason = f"{exc} at {redact(at.url)}"
        result.events.append(CrawlEvent(source.id, at.url, "error", None, result.reason))
        log.error("%s", result.reason)
    except Exception as exc:  # the source boundary: nothing raised here reaches the other sources
        cause = exc if isinstance(exc, StageFailed) else StageFailed("crawl", at.url, exc)
        result.status, result.reason = "failed", f"[source {source.id}] {cause}"
        result.events.append(CrawlEvent(source.id, cause.url, "error", None, result.reason))
        log.error("%s", result.reason, exc_info=exc)
    else:
        if result.errors:
            result.status = "partial"
            first = next((e for e in result.events if e.kind == "error"), None)
            result.reason = f"{result.errors} page(s) failed; first: {first.reason if first else '?'}"
            if budget.remaining_s() <= 0:  # the last pages were cut by the wall-time budget
                result.reason = f"budget max_wall_s={budget.budgets.max_wall_s:g} spent; {result.reason}"
        if full_walk:
            data_dir.record_full_walk(source.id, result.list_pages)
    result.finished_at = _now()
    result.fetch_stats = fetcher.stats(source.id)
    return result


@dataclass
class _Position:
    """The URL a source's crawl is at, for the reason when something unexpected stops it."""

    url: str


def _discover(
    source: Source, fetcher: Fetcher, result: SourceResult, page_limit: int, budget: SourceBudget, at: _Position
) -> dict[str, str]:
    """Walk the list pages breadth-first; return candidate report URL -> list title.

    At most page_limit pages per configured list URL, whatever the pages say about their own
    page counts (a hostile pager can claim millions)."""
    queue: deque[str] = deque(source.list_urls)
    seen: set[str] = set()
    candidates: dict[str, str] = {}
    first_failure: str | None = None
    while queue and result.list_pages < page_limit * len(source.list_urls):
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        at.url = url
        budget.check(fetcher.stats(source.id))
        try:
            with stage("fetch", url):
                page = fetcher.fetch(url, source_id=source.id, conditional=True)
            html = _html_of(page, source, budget.budgets.max_page_bytes)
            with stage("discovery", url):
                listing = parse_list_page(html, page.url)
        except (FetchError, DocumentError, StageFailed) as exc:
            # The configured list page itself failing means the source cannot be crawled; a later
            # pagination page failing only loses that page.
            # Both errors already name the source and the URL.
            message = f"list page unusable: {exc}"
            if url in source.list_urls:
                first_failure = first_failure or str(exc)
            result.errors += 1
            result.events.append(CrawlEvent(source.id, url, "error", None, message))
            continue
        result.list_pages += 1
        for item in listing.items:
            verdict = classify_title(item.title, source)
            if verdict.is_report:
                candidates.setdefault(item.url, item.title)
            elif any(w in normalise_title(item.title) for w in _LOOKALIKE_WORDS):
                result.items_skipped += 1
                result.events.append(CrawlEvent(source.id, item.url, "skipped", item.title, verdict.why))
            else:
                result.items_ignored += 1
        # Never queue more than the pages still allowed: a page's own totals are not trusted.
        room = page_limit * len(source.list_urls) - result.list_pages - len(queue)
        queue.extend([u for u in listing.next_pages if u not in seen][: max(0, room)])
    if first_failure and result.list_pages == 0:
        raise SourceFailed(first_failure)
    return candidates


def _take_report(
    source: Source,
    fetcher: Fetcher,
    data_dir: DataDir,
    url: str,
    list_title: str,
    options: CrawlOptions,
    result: SourceResult,
    budgets: Budgets = Budgets(),
) -> None:
    report_id = report_id_for(url)
    if data_dir.has_document(report_id) and not options.refetch_known:
        result.reports_known += 1
        result.events.append(CrawlEvent(source.id, url, "known", list_title, None))
        return

    def fetch_attachment(attachment_url: str) -> FetchedPage:
        with stage("attachments", attachment_url):
            return fetcher.fetch(attachment_url, source_id=source.id, referer=url, expect="any")

    try:
        with stage("fetch", url):
            page = fetcher.fetch(url, source_id=source.id)
        doc = build_document(page, source, fetch_attachment, budgets)
    except (FetchError, DocumentError, StageFailed) as exc:
        result.errors += 1
        result.events.append(CrawlEvent(source.id, url, "error", list_title, str(exc)))
        log.warning("[source %s] %s: %s", source.id, url, exc)
        return
    # The page's own title has the last word: a list title can be truncated or generic.
    if doc.title:
        verdict = classify_title(doc.title, source)
        if not verdict.is_report:
            result.items_skipped += 1
            result.events.append(CrawlEvent(source.id, url, "skipped", doc.title, f"page title: {verdict.why}"))
            return
    if doc.report_year is None:
        doc.report_year = title_year(list_title)
    if not doc.title:
        doc.title = list_title
    data_dir.save_document(doc)
    result.report_ids.append(report_id)
    result.events.append(CrawlEvent(source.id, url, "report", doc.title, None))
