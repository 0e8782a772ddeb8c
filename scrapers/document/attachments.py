"""Report attachments: find the 附件 links in a page, read PDF and DOCX files.

Many bureaus post the report itself as an attachment (a PDF, often a scan, or a Word file).
Text conventions match htmltext.py: one line per paragraph, table rows as TAB-separated cells.

* PDF (pdfplumber): page text in reading order; lines that wrap at the right margin are joined
  back into paragraphs (Chinese needs no space at the join). A PDF with no text layer (a scan)
  is flagged ``scanned=True`` instead of passing for an empty report.
* DOCX (python-docx; WPS files saved as DOCX too): paragraphs and tables in document order;
  merged cells are read once.
* Legacy binary .doc/.wps (OLE) need a converter this stack does not ship: DocumentError says so.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scrapers.budgets import Budgets
from scrapers.models import ReportDocument

from .attachment_limits import check_docx_zip, read_pdf_bounded
from .errors import DocumentError

__all__ = ["AttachmentText", "document_from_attachment", "extract_attachment_text", "find_attachment_links"]

ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "wps")
_EXT_RE = re.compile(r"\.(pdf|docx?|wps)(?=$|[?#&;])", re.IGNORECASE)
# Ancestors whose id/class says "attachment box" (fujian = 附件 in pinyin; fj its initials).
_ATTACHMENT_BOX = re.compile(r"fujian|(^|[-_\s])fj|attach|file|download|xgfj", re.IGNORECASE)
# Below this many text characters per page (on average) a PDF has no usable text layer.
_SCANNED_CHARS_PER_PAGE = 20
_SENTENCE_END = tuple("。！？；：:;!?”」』）)")
_HEADING_START = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\s*[一二三四五六七八九十]+\s*\)|\d+[.、．]|第[一二三四五六七八九十]+[章节条])")


@dataclass(frozen=True)
class AttachmentText:
    text: str
    kind: str  # "pdf" | "docx"
    scanned: bool = False  # PDF without a text layer: needs OCR, text is empty
    pages: int | None = None


# --- links ---------------------------------------------------------------------------------

def _is_attachment_url(url: str) -> bool:
    parts = urlsplit(url)
    if "undefined" in parts.path.rsplit("/", 1)[-1]:
        return False  # template placeholder, e.g. BidWinAnncFiles/undefined.undefined
    return bool(_EXT_RE.search(parts.path) or _EXT_RE.search(parts.query))


def find_attachment_links(html_text: str, base_url: str) -> list[str]:
    """Absolute URLs of .pdf/.doc/.docx/.wps links, in page order, without duplicates.

    When the page has a known body container, links inside it count, plus links elsewhere that
    sit in an attachment box or are labelled 附件; footer and sidebar documents (site guides,
    other reports) do not. Without a container every file link counts.
    """
    from .body import choose_container  # local: body imports trafilatura, heavy at import time
    from .parse import parse_html

    tree = parse_html(html_text)
    base = tree.find(".//base")
    if base is not None and base.get("href"):
        base_url = urljoin(base_url, base.get("href"))
    chosen = choose_container(tree)
    container = chosen[1] if chosen else None

    def wanted(anchor: etree._Element) -> bool:
        if container is None:
            return True
        node: etree._Element | None = anchor
        while node is not None:
            if node is container:
                return True
            if _ATTACHMENT_BOX.search(f"{node.get('id', '')} {node.get('class', '')}"):
                return True
            node = node.getparent()
        parent = anchor.getparent()
        context = (parent.text_content() if parent is not None else "") + (anchor.text_content() or "")
        return "附件" in context

    links: list[str] = []
    for element in tree.iter("a", "iframe", "embed", "object"):
        ref = element.get("href") or element.get("src") or element.get("data") or ""
        ref = ref.strip()
        if not ref or ref.startswith(("javascript:", "mailto:", "#")):
            continue
        absolute = urljoin(base_url, ref)
        if _is_attachment_url(absolute) and wanted(element) and absolute not in links:
            links.append(absolute)
    return links


# --- reading files -------------------------------------------------------------------------

def _kind(body: bytes, url: str, content_type: str | None) -> str:
    if body[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in body[:1024]:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "broken-zip"
        return "zip"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta")):
        return "html"
    ctype = (content_type or "").lower()
    if "pdf" in ctype:
        return "pdf"
    ext = _EXT_RE.search(url)
    return ext.group(1).lower() if ext else "unknown"


def _reflow(lines: list[str]) -> list[str]:
    """Join lines that wrap at the right margin back into paragraphs.

    A line is a wrap when it is nearly as long as the page's longest line and does not end a
    sentence; the next line then continues it unless it starts a numbered heading.
    """
    if not lines:
        return []
    full = max(len(line) for line in lines)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out and not _HEADING_START.match(line):
            out[-1] += line
        else:
            out.append(line)
        joining = len(line) >= 0.85 * full and full >= 15 and not line.endswith(_SENTENCE_END)
    return out


def _pdf_text(body: bytes, url: str, max_pages: int | None = None) -> AttachmentText:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            if max_pages is not None and len(pdf.pages) > max_pages:
                raise DocumentError(url, f"PDF of {len(pdf.pages)} pages (budget attachment_max_pages={max_pages})")
            page_lines = []
            images = 0
            for page in pdf.pages:
                raw = page.extract_text() or ""
                page_lines.append([re.sub(r"\s+", " ", l).strip() for l in raw.split("\n") if l.strip()])
                images += len(page.images)
            pages = len(pdf.pages)
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise DocumentError(url, f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    chars = sum(len(re.sub(r"\s", "", l)) for lines in page_lines for l in lines)
    if pages and chars < _SCANNED_CHARS_PER_PAGE * pages:
        # No text layer: the report is an image. Say so instead of passing "" for a report.
        return AttachmentText("", "pdf", scanned=True, pages=pages)
    paragraphs: list[str] = []
    previous: list[str] = []
    for lines in page_lines:
        reflowed = _reflow(lines)
        # A paragraph cut by the page end (last line of the previous page full width, no sentence
        # end) continues on this page unless this page starts with a heading.
        if (
            paragraphs
            and previous
            and reflowed
            and not paragraphs[-1].endswith(_SENTENCE_END)
            and not _HEADING_START.match(reflowed[0])
            and len(previous[-1]) >= 0.85 * max(len(l) for l in previous)
        ):
            paragraphs[-1] += reflowed.pop(0)
        paragraphs.extend(reflowed)
        if lines:
            previous = lines
    return AttachmentText("\n".join(paragraphs), "pdf", scanned=False, pages=pages)


def _docx_text(body: bytes, url: str) -> AttachmentText:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # python-docx raises KeyError/ValueError/BadZipFile on broken files
        raise DocumentError(url, f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc

    lines: list[str] = []

    def walk(container) -> None:  # type: ignore[no-untyped-def]
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                text = re.sub(r"\s+", " ", Paragraph(child, document).text).strip()
                if text:
                    lines.append(text)
            elif child.tag == qn("w:tbl"):
                table = Table(child, document)
                for row in table.rows:
                    seen, cells = set(), []
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                            continue
                        seen.add(id(cell._tc))
                        cells.append(re.sub(r"\s+", " ", cell.text).strip())
                    if any(cells):
                        lines.append("\t".join(cells))
            elif child.tag == qn("w:sdt"):  # content controls wrap paragraphs in some templates
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return AttachmentText("\n".join(lines), "docx")


def extract_attachment_text(
    body: bytes, url: str, content_type: str | None = None, budgets: Budgets | None = None
) -> AttachmentText:
    """Text of a PDF or DOCX attachment within the attachment budgets; DocumentError for anything
    else. `budgets=None`: the defaults, PDF read in this process (trusted files, e.g. the CLI)."""
    if not body:
        raise DocumentError(url, "empty attachment")
    kind = _kind(body, url, content_type)
    if kind == "pdf":
        return _pdf_text(body, url, Budgets().attachment_max_pages) if budgets is None else read_pdf_bounded(body, url, budgets)
    if kind == "docx":
        check_docx_zip(body, url, budgets or Budgets())
        return _docx_text(body, url)
    if kind == "ole":
        raise DocumentError(url, "legacy binary Word/WPS file (.doc/.wps, OLE): needs a converter (LibreOffice/antiword), not installed")
    if kind == "html":
        raise DocumentError(url, "not an attachment: the server returned an HTML page (error or challenge page?)")
    raise DocumentError(url, f"unsupported attachment type ({kind}, Content-Type {content_type or 'unknown'})")


def document_from_attachment(page: ReportDocument, attachment: AttachmentText, attachment_url: str, raw: bytes) -> ReportDocument:
    """A ReportDocument for an attachment, with title/agency/dates taken from its page."""
    import hashlib

    notes = [f"attachment: {attachment.kind}" + (f", {attachment.pages} pages" if attachment.pages else "")]
    if attachment.scanned:
        notes.append("scanned PDF, no text layer: needs OCR")
    return ReportDocument(
        url=page.url,
        title=page.title,
        agency=page.agency,
        report_year=page.report_year,
        published=page.published,
        body_text=attachment.text,
        published_source=page.published_source,
        source_file=attachment_url,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        extractor_version=page.extractor_version,
        notes=notes,
    )
