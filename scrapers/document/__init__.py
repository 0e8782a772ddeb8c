"""Document stage: fetched bytes of a report page (or attachment) -> clean ReportDocument.

Public API:
    parse_report_page(body, url, headers=None, *, status=None) -> ReportDocument
    decode_html(body, headers) -> DecodedHtml
    extract_body(tree, title=None) -> ExtractedBody
    detect_challenge(status, headers, body) -> str | None
    find_attachment_links(html_text, base_url) -> list[str]
    extract_attachment_text(body, url, content_type) -> AttachmentText
    DocumentError
"""

from .attachments import AttachmentText, document_from_attachment, extract_attachment_text, find_attachment_links
from .body import ExtractedBody, extract_body
from .challenge import detect_challenge
from .decode import DecodedHtml, decode_html
from .errors import DocumentError
from .parse import EXTRACTOR_VERSION, parse_html, parse_report_page

__all__ = [
    "EXTRACTOR_VERSION",
    "AttachmentText",
    "DecodedHtml",
    "DocumentError",
    "ExtractedBody",
    "decode_html",
    "detect_challenge",
    "document_from_attachment",
    "extract_attachment_text",
    "extract_body",
    "find_attachment_links",
    "parse_html",
    "parse_report_page",
]
