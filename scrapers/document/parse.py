"""Fetched bytes of a report page -> ReportDocument (metrics left to the next stage).

The order matters: refuse what is not an HTML report page (binary files) before decoding;
decode (decode.py); read the title first so the body extractor can drop it; extract the body
(body.py); refuse challenge pages (challenge.py: the body's size settles most pages); then read
date, agency and report year with the body in hand (metadata.py). What decided each value is
written into ``notes`` for the operator.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import lxml.html
from lxml import etree

from scrapers.models import ReportDocument

from .body import ExtractedBody, extract_body
from .challenge import detect_challenge
from .decode import decode_html
from .errors import DocumentError
from .htmltext import element_lines, lines_around
from .metadata import _HEADER_WINDOW, extract_metadata, meta_tags, needs_page_lines, title_from

__all__ = ["EXTRACTOR_VERSION", "parse_html", "parse_report_page", "sniff_binary"]

EXTRACTOR_VERSION = "document/1.0"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP container (DOCX/XLSX/WPS)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office/WPS binary document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"Rar!", "a RAR archive"),
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Below this many non-space characters a page has no report body of its own.
_MIN_BODY_CHARS = 20
_ATTACHMENT_HREF = re.compile(r"\.(pdf|docx?|wps)(?:$|[?#&])", re.IGNORECASE)


def sniff_binary(body: bytes) -> str | None:
    head = body[:16].lstrip()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def _content_type(headers: Mapping[str, str] | None) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        if key.lower() == "content-type":
            return (value or "").split(";", 1)[0].strip().lower()
    return ""


def _element_classes() -> etree.ElementNamespaceClassLookup:
    """The element classes lxml.html gives (HtmlElement, FormElement for <form> ...), looked up in
    C: lxml.html's own lookup calls a Python method each time an element is touched, about a
    tenth of the cost of walking a page."""
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


_ELEMENT_CLASSES = _element_classes()


def parse_html(text: str) -> etree._Element:
    """Parse decoded text; the bytes handed to lxml are UTF-8 by construction, so the charset
    metas still in the text (and stray ones in Word-pasted bodies) cannot re-decode it."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    return lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1).encode("utf-8"), parser=parser)


def _page_and_header_lines(tree: etree._Element, body: ExtractedBody, page_text: str) -> tuple[list[str], list[str]]:
    """The page's lines when metadata needs them (else []), and the lines where the visible
    date/source line can be: just above the body container, plus what the stripper removed from
    the container's head. One walk of the page gives both."""
    removed_head = [text for rule, text in body.removed if rule not in ("trailing",)]
    wanted = needs_page_lines(page_text)
    if body.container is None:
        lines = [line.text for line in element_lines(tree)]
        return (lines if wanted else []), lines + removed_head
    if wanted:
        every, above = lines_around(tree, body.container, body.container_lines)
        page = [line.text for line in every]
    else:
        page, above = [], element_lines(tree, stop_at=body.container)
    return page, [line.text for line in above[-_HEADER_WINDOW:]] + removed_head


def _attachment_link_count(tree: etree._Element) -> int:
    count = 0
    for a in tree.iter("a"):
        if _ATTACHMENT_HREF.search(a.get("href") or ""):
            count += 1
    return count


def parse_report_page(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    status: int | None = None,
    places: Sequence[str | None] = (),
) -> ReportDocument:
    """Report document of one fetched page; raises DocumentError when there is none.

    `status` (the HTTP status, when known) sharpens challenge detection (412/521); `places` (the
    sources entry's province, city, county) complete an agency the page names without its place.
    """
    if not body or not body.strip():
        raise DocumentError(url, "empty response body")
    binary = sniff_binary(body)
    if binary:
        raise DocumentError(url, f"not an HTML page: the bytes are {binary} (attachments.extract_attachment_text reads PDF/DOCX)")
    content_type = _content_type(headers)
    if content_type and not content_type.startswith(_HTML_TYPES):
        raise DocumentError(url, f"not an HTML page: Content-Type {content_type}")
    decoded = decode_html(body, headers)  # once: the challenge check and the tree share it
    status = status if status is not None else 200

    def refuse_challenge(visible_floor: int | None) -> None:
        reason = detect_challenge(status, headers, body, text=decoded.text, visible_floor=visible_floor)
        if reason:
            raise DocumentError(url, f"anti-bot challenge, not a report page: {reason}")

    try:
        tree = parse_html(decoded.text)
    except (etree.ParserError, ValueError) as exc:
        refuse_challenge(None)  # a challenge explains the page better than its markup does
        raise DocumentError(url, f"unparseable HTML: {exc}") from exc

    tags = meta_tags(tree)
    title = title_from(tree, tags)
    extracted = extract_body(tree, title[0])
    body_chars = sum(map(len, extracted.text.split()))  # non-space characters (\s is str.isspace)
    # Checked after the body is read, because a page showing a report body of its own is settled
    # by that count: the challenge check then need not count the page's text a second time.
    refuse_challenge(body_chars)
    # Attachment links only matter (and are only counted) when the page itself says next to nothing.
    attachments = _attachment_link_count(tree) if body_chars < _MIN_BODY_CHARS else 0
    if body_chars < _MIN_BODY_CHARS and not attachments:
        raise DocumentError(url, f"no body text found ({body_chars} characters via {extracted.method}) and no attachment links")

    body_lines = [line.text for line in extracted.lines]
    page_text = tree.text_content() or ""
    page_lines, header_lines = _page_and_header_lines(tree, extracted, page_text)
    meta = extract_metadata(
        tree, url, body_lines, header_lines, title=title, page_lines=page_lines, places=places, page_text=page_text,
        tags=tags,
    )
    notes = [
        f"body: {extracted.method}",
        f"encoding: {decoded.encoding} ({decoded.evidence})",
        f"title from {meta.title_source}",
        f"agency from {meta.agency_source}",
        f"report_year from {meta.report_year_source}",
        *meta.notes,
    ]
    if body_chars < _MIN_BODY_CHARS:
        notes.append(f"page body is only {body_chars} characters; the report is in {attachments} attachment link(s)")
    return ReportDocument(
        url=url,
        title=meta.title,
        agency=meta.agency,
        report_year=meta.report_year,
        published=meta.published,
        body_text=extracted.text,
        published_source=meta.published_source,
        raw_sha256=hashlib.sha256(body).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
        notes=notes,
    )
