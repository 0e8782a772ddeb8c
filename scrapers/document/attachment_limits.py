"""Bounds on reading an attachment: a DOCX's unpacked size, a PDF's pages, time and memory.

Attachments are the one input we hand to big third-party parsers. A 639 KB DOCX zip bomb reached
4.4 GB of memory in python-docx; a PDF whose compressed stream inflates to 300 MB took over four
minutes of CPU in pdfminer. So:
* a DOCX's zip directory is checked before python-docx opens it (zipfile never inflates a
  member past its declared size, so the declared sizes bound the real ones);
* a PDF is read in a separate Python process with an address-space limit, killed at a deadline;
  its page count is checked first.
The limits are scrapers.budgets.Budgets fields; each refusal names the budget it hit.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import zipfile
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
    """Run attachments._pdf_text in a child Python with the PDF budgets; its AttachmentText.

    A plain subprocess, not multiprocessing: Airflow and Celery workers may be daemonic processes
    (which multiprocessing forbids to have children), and spawn/forkserver children import the
    parent's __main__ again."""
    request = pickle.dumps((body, url, budgets.attachment_max_pages, budgets.attachment_max_memory_bytes))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapers.document.attachment_limits"],
            input=request, capture_output=True, timeout=budgets.attachment_max_s,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(url, f"PDF not read within {budgets.attachment_max_s:.0f}s (budget attachment_max_s); stopped") from None
    try:
        outcome, payload = pickle.loads(proc.stdout)
    except Exception:
        raise DocumentError(
            url, f"PDF reader died (exit {proc.returncode}; budget attachment_max_memory_bytes={budgets.attachment_max_memory_bytes}?)"
        ) from None
    if outcome == "error":
        raise DocumentError(url, payload)
    return payload


def _pdf_child(body: bytes, url: str, max_pages: int, max_memory: int) -> tuple[str, Any]:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    try:
        from scrapers.document.attachments import _pdf_text

        return "ok", _pdf_text(body, url, max_pages=max_pages)
    except DocumentError as exc:
        reason = exc.reason
        if "allocate" in reason or "MemoryError" in reason:  # pdfminer/zlib out of address space
            reason += f" (over the budget attachment_max_memory_bytes={max_memory})"
        return "error", reason
    except MemoryError:
        return "error", f"PDF needs more memory than the budget attachment_max_memory_bytes={max_memory}"
    except Exception as exc:  # pdfminer raises many unrelated types on hostile files
        return "error", f"unreadable PDF: {type(exc).__name__}: {str(exc)[:200]}"


if __name__ == "__main__":  # the child: a pickled request on stdin, a pickled answer on stdout
    _result = _pdf_child(*pickle.loads(sys.stdin.buffer.read()))
    sys.stdout.buffer.write(pickle.dumps(_result))
