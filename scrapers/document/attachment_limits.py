"""Bounds on reading an attachment: a DOCX's unpacked size, a PDF's pages, time and memory.

Attachments are the one input we hand to big third-party parsers. A 639 KB DOCX zip bomb reached
4.4 GB of memory in python-docx; a PDF whose compressed stream inflates to 300 MB took over four
minutes of CPU in pdfminer. So:
* a DOCX's zip directory is checked before python-docx opens it (zipfile never inflates a
  member past its declared size, so the declared sizes bound the real ones);
* a PDF is read in a separate process (forkserver: no threads or locks of the crawl are copied)
  with an address-space limit, killed at a deadline; its page count is checked first.
The limits are scrapers.budgets.Budgets fields; each refusal names the budget it hit.
"""

from __future__ import annotations

import io
import multiprocessing
import zipfile
from multiprocessing.connection import Connection
from typing import Any

from scrapers.budgets import Budgets

from .errors import DocumentError

_BIG_MEMBER = 1024 * 1024  # a small member may pack well (XML of repeated styles); a big one may not


def check_docx_zip(body: bytes, url: str, budgets: Budgets) -> None:
    """Refuse a DOCX whose members unpack past the budget or pack suspiciously well."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError(url, f"unreadable DOCX: {exc}") from exc
    if len(members) > 10_000:
        raise DocumentError(url, f"DOCX with {len(members)} zip members refused (zip bomb?)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > budgets.attachment_max_unpacked_bytes:
        raise DocumentError(
            url, f"DOCX unpacks to {unpacked} bytes (budget attachment_max_unpacked_bytes={budgets.attachment_max_unpacked_bytes})"
        )
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > _BIG_MEMBER and ratio > budgets.attachment_max_ratio:
            raise DocumentError(
                url,
                f"DOCX member {member.filename} packs {ratio:.0f}:1 (budget attachment_max_ratio={budgets.attachment_max_ratio:g}; zip bomb?)",
            )


def read_pdf_bounded(body: bytes, url: str, budgets: Budgets) -> Any:
    """Run attachments._pdf_text in a child process with the PDF budgets; its AttachmentText."""
    ctx = multiprocessing.get_context("forkserver")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_pdf_child,
        args=(body, url, budgets.attachment_max_pages, budgets.attachment_max_memory_bytes, send),
        name="mr-reports-pdf",
    )
    child.start()
    send.close()
    try:
        if not receive.poll(budgets.attachment_max_s):
            raise DocumentError(url, f"PDF not read within {budgets.attachment_max_s:g}s (budget attachment_max_s); stopped")
        try:
            outcome, payload = receive.recv()
        except EOFError:
            raise DocumentError(
                url, f"PDF reader died (exit {child.exitcode}; budget attachment_max_memory_bytes={budgets.attachment_max_memory_bytes}?)"
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if outcome == "error":
        raise DocumentError(url, payload)
    return payload


def _pdf_child(body: bytes, url: str, max_pages: int, max_memory: int, send: Connection) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    try:
        from .attachments import _pdf_text

        send.send(("ok", _pdf_text(body, url, max_pages=max_pages)))
    except DocumentError as exc:
        reason = exc.reason
        if "allocate" in reason or "MemoryError" in reason:  # pdfminer/zlib out of address space
            reason += f" (over the budget attachment_max_memory_bytes={max_memory})"
        send.send(("error", reason))
    except MemoryError:
        send.send(("error", f"PDF needs more memory than the budget attachment_max_memory_bytes={max_memory}"))
    except Exception as exc:  # pdfminer raises many unrelated types on hostile files
        send.send(("error", f"unreadable PDF: {type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        send.close()
