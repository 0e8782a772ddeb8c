"""Is a body plausibly a web page? Some servers answer with binary junk (a half-written file,
an image, a compressed blob) under Content-Type text/html; parsing that yields garbage reports."""

from __future__ import annotations

import unicodedata

SNIFF_BYTES = 8192
# Signatures of formats that are never a page, whatever the Content-Type says.
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"GIF8", b"\xff\xd8\xff",
          b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
# Share of junk characters (undecodable, control, private-use, unassigned) above which text is
# not text. Real pages score ~0; GB18030 maps almost any high-byte pair to *some* character, but
# random bytes land in private-use areas ~9% of the time.
MAX_JUNK_RATIO = 0.05


def looks_binary(body: bytes) -> bool:
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")  # a UTF-8 BOM is fine
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 pages exist; NULs are expected
        return False
    if b"\x00" in head or head.startswith(_MAGIC):
        return True
    # Chinese government pages are UTF-8 or GBK/GB2312/GB18030; accept whichever decodes better.
    junk = min(_junk_ratio(head, "utf-8"), _junk_ratio(head, "gb18030"))
    return junk > MAX_JUNK_RATIO


def _junk_ratio(data: bytes, encoding: str) -> float:
    text = data.decode(encoding, errors="replace")
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f")
              or unicodedata.category(ch) in ("Co", "Cn"))
    return bad / len(text)
