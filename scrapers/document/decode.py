"""Bytes -> text for Chinese government pages, without mojibake.

Why not trust the declarations: on these sites the HTTP header and the <meta> often disagree,
the charset <meta> can come after <title> (outside the first bytes browsers sniff), and bodies
pasted from Word carry stray ``<meta charset=gb2312>`` tags in the middle of a UTF-8 page. So
every declaration is only a *candidate*; the bytes decide:

1. a BOM is decisive;
2. bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8, whatever anything says
   (GBK text of any length is practically never valid UTF-8, while UTF-8 bytes very often decode
   "cleanly" as GBK into mojibake, so the test only works in this direction);
3. otherwise declared candidates are tried strictly in order (header, then metas in the <head>,
   then metas anywhere), GB2312/GBK always widened to GB18030 (a strict superset that also
   covers the characters GBK lacks, e.g. 䶮 and rare surnames);
4. Western single-byte declarations (latin-1, cp1252, ascii: also requests' default for a
   text/html header without charset) are ignored when the bytes read as GB18030 CJK text;
5. last resort: GB18030, then charset_normalizer's guess, then UTF-8 with replacement, and the
   evidence says the result is lossy.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DecodedHtml", "decode_html", "normalize_encoding"]

# Aliases collapse to the codec we actually decode with.
_GB_FAMILY = {
    "gb2312", "gbk", "gb18030", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312",
    "csgb2312", "chinese", "ms936", "windows-936", "iso-ir-58", "csiso58gb231280",
}
_WESTERN = {"latin-1", "iso8859-1", "iso-8859-1", "cp1252", "windows-1252", "ascii", "us-ascii", "latin1"}
_META_RE = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HEAD_END_RE = re.compile(rb"<body\b|</head\s*>", re.IGNORECASE)
_CT_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class DecodedHtml:
    text: str
    encoding: str  # codec used: "utf-8", "gb18030", ...
    evidence: str  # human-readable: which declaration/test decided


def normalize_encoding(name: str | None) -> str | None:
    """Canonical codec name; GB2312/GBK -> gb18030 (superset); unknown names -> None."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("gbk", "gb2312", "gb18030", "hz"):
        return "gb18030"
    return codec


# The codecs of the Western single-byte labels, looked up once.
_WESTERN_CODECS = {normalize_encoding(w) for w in _WESTERN}


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            match = _CT_CHARSET_RE.search(value or "")
            return match.group(1) if match else None
    return None


def _meta_charsets(body: bytes) -> tuple[list[str], list[str]]:
    """(charsets declared in the <head>, charsets declared later in the document)."""
    head_end = _HEAD_END_RE.search(body)
    cut = head_end.start() if head_end else len(body)
    head, rest = [], []
    for match in _META_RE.finditer(body):
        label = match.group(1).decode("ascii", "ignore")
        (head if match.start() < cut else rest).append(label)
    return head, rest


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _cjk_share(text: str) -> float:
    """Share of CJK characters among the non-ASCII ones: high for real Chinese text."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.0
    cjk = sum(
        1 for ch in non_ascii
        if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ord(ch) >= 0x20000
    )
    return cjk / len(non_ascii)


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> DecodedHtml:
    """Decode an HTML response body; see the module docstring for the order of evidence."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            text = body.decode(codec, errors="replace")
            return DecodedHtml(text, "utf-8" if codec == "utf-8-sig" else codec, f"BOM ({codec})")

    header = _header_charset(headers)
    head_metas, body_metas = _meta_charsets(body)
    declared: list[tuple[str, str]] = []  # (source, raw label)
    if header:
        declared.append(("HTTP header", header))
    declared += [("meta in <head>", label) for label in head_metas]
    declared += [("meta in body", label) for label in body_metas]
    said = ", ".join(f"{src}={label}" for src, label in declared) or "no declaration"

    has_multibyte = not body.isascii()
    if not has_multibyte:
        return DecodedHtml(body.decode("ascii"), "ascii", f"pure ASCII ({said})")

    as_utf8 = _strict(body, "utf-8")
    if as_utf8 is not None:
        return DecodedHtml(as_utf8, "utf-8", f"bytes are valid UTF-8 ({said})")

    tried: set[str] = {"utf-8"}
    for source, label in declared:
        codec = normalize_encoding(label)
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        if codec in _WESTERN_CODECS:
            # A Western single-byte label decodes anything; only believe it if GB18030 does not
            # produce Chinese text from the same bytes.
            as_gb = _strict(body, "gb18030")
            if as_gb is not None and _cjk_share(as_gb) > 0.8:
                return DecodedHtml(as_gb, "gb18030", f"{source} said {label} but bytes are GB18030 CJK text ({said})")
        text = _strict(body, codec)
        if text is not None:
            return DecodedHtml(text, codec, f"{source} {label} validated against the bytes ({said})")

    as_gb = _strict(body, "gb18030")
    if as_gb is not None:
        return DecodedHtml(as_gb, "gb18030", f"no declaration fits; bytes decode strictly as GB18030 ({said})")

    # Nothing decodes strictly (a truncated download, one corrupt byte in a GBK page): take the
    # candidate that loses the fewest characters, if it loses almost none.
    lenient = [c for c in dict.fromkeys([*(normalize_encoding(l) for _, l in declared), "utf-8", "gb18030"]) if c and c not in _WESTERN_CODECS]
    scored = []
    for codec in lenient:
        try:
            text = body.decode(codec, errors="replace")
        except LookupError:
            continue
        scored.append((text.count("\ufffd"), codec, text))
    if scored:
        bad, codec, text = min(scored, key=lambda t: t[0])
        if bad <= max(2, len(text) // 1000):
            return DecodedHtml(text, codec, f"{codec} with {bad} undecodable byte sequence(s) replaced, lossy ({said})")

    try:  # charset_normalizer comes with requests
        from charset_normalizer import from_bytes

        best = from_bytes(body).best()
        if best is not None and best.encoding:
            return DecodedHtml(str(best), normalize_encoding(best.encoding) or best.encoding, f"charset_normalizer guess {best.encoding}, lossy ({said})")
    except ImportError:  # pragma: no cover
        pass
    return DecodedHtml(body.decode("utf-8", errors="replace"), "utf-8", f"undecodable; UTF-8 with replacement, lossy ({said})")
