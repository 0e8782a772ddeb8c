"""Crawl one source: walk its list pages, pick the reports, fetch, parse and extract them.

Everything network goes through the shared Fetcher (politeness, retries, archive); everything
after the bytes is a pure function. A failing report page is recorded and the crawl goes on; an
unreachable list page fails the source with a reason naming the source and the URL.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from scrapers.discover.identify import classify_title, normalise_title, title_year
from scrapers.discover.listing import parse_list_page
from scrapers.document.attachments import document_from_attachment, extract_attachment_text, find_attachment_links
from scrapers.document.challenge import detect_challenge
from scrapers.document.decode import decode_html
from scrapers.document.errors import DocumentError
from scrapers.document.parse import parse_report_page
from scrapers.fetch.errors import FetchError
from scrapers.fetch.http import Fetcher
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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _html_of(page: FetchedPage, source: Source) -> str:
    text = decode_html(page.body, page.headers).text
    challenge = detect_challenge(page.status, page.headers, page.body, text=text)
    if challenge:
        raise DocumentError(f"[source {source.id}] {page.url}: {challenge}")
    return text


def _attachment_urls(doc: ReportDocument, page: FetchedPage) -> list[str]:
    if len("".join(doc.body_text.split())) >= ATTACHMENT_COVER_CHARS:
        return []
    links = find_attachment_links(decode_html(page.body, page.headers).text, page.url)
    return [u for u in links if u.lower().split("?")[0].endswith(_READABLE_ATTACHMENTS)]


def build_document(page: FetchedPage, source: Source, fetch_attachment: FetchAttachment | None = None) -> ReportDocument:
    """Bytes of a report page -> a report document with metrics.

    Pure but for `fetch_attachment`, which the crawl points at the fetcher and a re-extraction at
    the archive: a page that is only a cover for its PDF/DOCX attachment is read from that file.
    """
    region = source.region
    try:
        # The page's challenge check, decoding and tree are all parse_report_page's: one pass.
        doc = parse_report_page(
            page.body, page.url, page.headers, status=page.status, places=(region.province, region.city, region.county)
        )
    except DocumentError as exc:
        raise DocumentError(f"[source {source.id}] {exc}") from exc
    for url in _attachment_urls(doc, page) if fetch_attachment else []:
        raw = fetch_attachment(url)
        attachment = extract_attachment_text(raw.body, url, raw.content_type)
        if attachment.scanned:
            raise DocumentError(
                f"[source {source.id}] {page.url}: the report is a scanned PDF with no text layer ({url}); needs OCR, not loaded"
            )
        doc = document_from_attachment(doc, attachment, url, raw.body)
        break
    return finish_document(doc, page, source)


def finish_document(doc: ReportDocument, page: FetchedPage, source: Source) -> ReportDocument:
    """Refuse an empty report; stamp source, hashes and the configured agency; extract metrics."""
    if len("".join(doc.body_text.split())) < 20:
        raise DocumentError(f"[source {source.id}] {page.url}: no report text on the page or in a readable attachment")
    doc.source_id = source.id
    doc.raw_sha256 = doc.raw_sha256 if doc.source_file and doc.raw_sha256 else page.sha256
    # The configured agency is the canonical name; the page may use a short form (市场监管局).
    doc.agency = source.agency or doc.agency
    doc.metrics = extract_metrics(doc.body_text, doc.report_year, published=doc.published)
    doc.extractor_version = EXTRACTOR_VERSION
    return doc


def crawl_source(
    source: Source,
    fetcher: Fetcher,
    data_dir: DataDir,
    options: CrawlOptions = CrawlOptions(),
) -> SourceResult:
    result = SourceResult(source_id=source.id, started_at=_now())
    full_walk = data_dir.needs_full_walk(source.id, options.full_walk_days)
    page_limit = source.max_list_pages if full_walk else min(options.incremental_pages, source.max_list_pages)
    try:
        candidates = _discover(source, fetcher, result, page_limit)
        for url, title in candidates.items():
            _take_report(source, fetcher, data_dir, url, title, options, result)
    except SourceFailed as exc:
        result.status, result.reason = "failed", str(exc)
        log.error("%s", exc)
    else:
        if result.errors:
            result.status = "partial"
            result.reason = f"{result.errors} page(s) failed; see crawl events"
        if full_walk:
            data_dir.record_full_walk(source.id, result.list_pages)
    result.finished_at = _now()
    result.fetch_stats = fetcher.stats(source.id)
    return result


def _discover(source: Source, fetcher: Fetcher, result: SourceResult, page_limit: int) -> dict[str, str]:
    """Walk the list pages breadth-first; return candidate report URL -> list title."""
    queue: deque[str] = deque(source.list_urls)
    seen: set[str] = set()
    candidates: dict[str, str] = {}
    first_failure: str | None = None
    while queue and result.list_pages < page_limit * len(source.list_urls):
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            page = fetcher.fetch(url, source_id=source.id, conditional=True)
            html = _html_of(page, source)
        except (FetchError, DocumentError) as exc:
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
        listing = parse_list_page(html, page.url)
        for item in listing.items:
            verdict = classify_title(item.title, source)
            if verdict.is_report:
                candidates.setdefault(item.url, item.title)
            elif any(w in normalise_title(item.title) for w in _LOOKALIKE_WORDS):
                result.items_skipped += 1
                result.events.append(CrawlEvent(source.id, item.url, "skipped", item.title, verdict.why))
            else:
                result.items_ignored += 1
        queue.extend(u for u in listing.next_pages if u not in seen)
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
) -> None:
    report_id = report_id_for(url)
    if data_dir.has_document(report_id) and not options.refetch_known:
        result.reports_known += 1
        result.events.append(CrawlEvent(source.id, url, "known", list_title, None))
        return
    try:
        page = fetcher.fetch(url, source_id=source.id)
        doc = build_document(page, source, lambda u: fetcher.fetch(u, source_id=source.id, referer=url, expect="any"))
    except (FetchError, DocumentError) as exc:
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
