"""HTML element -> body lines, the text convention every later stage relies on.

Conventions of ``ReportDocument.body_text``:

* one line per paragraph or block (``<p>``, ``<div>``, ``<li>``, headings, ``<br>`` breaks);
  whitespace inside a line is collapsed to single spaces (full-width and no-break spaces too),
  lines are stripped and empty lines dropped;
* a data TABLE is kept as a table: each ``<tr>`` is one line and its cells are separated by a
  TAB (``\\t``), empty cells kept so columns line up, rows with no text dropped; a cell's own
  paragraphs are joined with a space. Tables are never flattened into one line, and a table row
  never shares a line with text before or after the table;
* layout tables (a single column, or cells that hold other tables) are not data: their cells
  are read as ordinary blocks;
* hidden elements (``display:none``, ``visibility:hidden``, ``hidden``), scripts, styles, form
  controls and the ``<meta>``/``<title>``/``<style>`` debris of Word-pasted bodies are skipped.

Lines carry how much of their text sits inside links, which the chrome stripper uses to
recognise related-link lists.

The walk takes elements as lxml.html builds them: tag names in lower case, without namespace
(libxml2's HTML parser lower-cases every name), so a name is classified by one dict lookup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

__all__ = ["Line", "element_lines", "normalize_space", "trafilatura_xml_lines"]

_SKIP = frozenset(
    "script style noscript template head title meta link iframe frame frameset object embed svg "
    "canvas select option button input textarea audio video map area xml".split()
)
_BLOCK = frozenset(
    "p div section article header footer aside nav main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "blockquote pre center form fieldset address figure figcaption hr tr td th caption tbody thead tfoot "
    "body html".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff\u00a0\u3000]+")

# How the walk treats an element, by its tag. Comments, processing instructions and entities
# carry their factory function as tag; every name not listed is inline.
_SKIPPED, _BLOCKY, _BREAK, _TABLE, _ANCHOR, _INLINE = range(6)
_KINDS: dict[object, int] = {
    **{name: _SKIPPED for name in _SKIP},
    **{name: _BLOCKY for name in _BLOCK},
    "br": _BREAK,
    "table": _TABLE,
    "a": _ANCHOR,
    etree.Comment: _SKIPPED,
    etree.ProcessingInstruction: _SKIPPED,
    etree.Entity: _SKIPPED,
}


def _has_zero_width(text: str) -> bool:
    return "\u200b" in text or "\u200c" in text or "\u200d" in text or "\ufeff" in text


def normalize_space(text: str) -> str:
    # str.split() splits on exactly the characters \s matches (no-break and ideographic spaces
    # included) and is several times faster than the regex; only _SPACE's zero-width characters,
    # which are rare, need the regex.
    if _has_zero_width(text):
        return _SPACE.sub(" ", text).strip()
    return " ".join(text.split())


def _squeezed_len(text: str) -> int:
    """len(_SPACE.sub("", text)), as normalize_space does it."""
    if _has_zero_width(text):
        return len(_SPACE.sub("", text))
    return sum(map(len, text.split()))


@dataclass(frozen=True)
class Line:
    text: str
    link_chars: int = 0
    is_row: bool = False

    @property
    def link_ratio(self) -> float:
        visible = len(self.text.replace(" ", "").replace("\t", ""))
        return self.link_chars / visible if visible else 0.0


def _tag(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment, processing instruction, entity
    return tag.rsplit("}", 1)[-1].lower()


# The attributes that can hide an element.
_HIDING = frozenset(("hidden", "type", "style"))


def _is_hidden(el: etree._Element) -> bool:
    keys = el.keys()  # one call; most elements have none of the three attributes, or none at all
    if not keys:
        return False
    return _hidden_by(el, keys)


def _hidden_by(el: etree._Element, keys: list[str]) -> bool:
    """_is_hidden, given the element's attribute names."""
    if "hidden" in keys:
        return True
    if "type" in keys and el.get("type", "").lower() == "hidden":
        return True
    style = el.get("style") if "style" in keys else None
    if not style:
        return False
    # _HIDDEN_STYLE (case-insensitive) costs microseconds on the long inline styles of Word-pasted
    # tables; a match needs "none" with "play", or "dden", in the lowered style (these letters
    # have no non-ASCII case variants), which a plain substring test rules out first.
    low = style.lower()
    return (("none" in low and "play" in low) or "dden" in low) and _HIDDEN_STYLE.search(style) is not None


class _Stop(Exception):
    """Raised when the walk reaches `stop_at`."""


class _Builder:
    def __init__(
        self,
        stop_at: etree._Element | None = None,
        mark: etree._Element | None = None,
        mark_lines: Sequence[Line] | None = None,
    ) -> None:
        self.stop_at = stop_at
        self.mark = mark
        # The element the walk looks out for: each element is compared with it once.
        self.watched = stop_at if stop_at is not None else mark
        self.before_mark: list[Line] | None = None  # the lines a walk with stop_at=mark returns
        self.mark_lines = mark_lines  # element_lines(mark), when the caller has them already
        self.lines: list[Line] = []
        self.parts: list[str] = []  # the pending line's texts (cleared, never replaced)
        self.link_chars = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += _squeezed_len(text)

    def flush(self) -> None:
        if not self.parts:  # blocks flush on entry and exit: most flushes have nothing pending
            return
        joined = "".join(self.parts)
        # Often only the newlines between blocks are pending: no line, and no need to normalize.
        text = "" if joined.isspace() else normalize_space(joined)
        if text:
            self.lines.append(Line(text, min(self.link_chars, len(text))))
        self.parts.clear()
        self.link_chars = 0

    def snapshot(self) -> list[Line]:
        """The lines so far plus the pending text, as a walk stopped here would return them."""
        pending = _Builder()
        pending.parts, pending.link_chars = list(self.parts), self.link_chars
        pending.flush()
        return [*self.lines, *pending.lines]

    def add_line(self, line: Line) -> None:
        self.flush()
        self.lines.append(line)


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if c.tag == "td" or c.tag == "th"]


def _own_rows(table: etree._Element, has_inner_table: bool) -> list[etree._Element]:
    """<tr> elements of this table, not of tables nested in its cells."""
    if not has_inner_table:
        return list(table.iter("tr"))
    rows = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is table:
            rows.append(tr)
    return rows


def _inline_text(el: etree._Element, parts: list[str], in_link: bool = False) -> int:
    """Text of a table cell into `parts`: blocks and <br> become spaces, hidden parts are skipped.
    Returns how many of its non-space characters sit inside links."""
    kind = _KINDS.get(el.tag, _INLINE)
    if kind is _SKIPPED or _is_hidden(el):
        return 0
    link = in_link or (kind is _ANCHOR and el.get("href") is not None)
    if kind is _BLOCKY or kind is _BREAK:
        parts.append(" ")
    linked = 0
    text = el.text
    if text:
        parts.append(text)
        if link:
            linked += _squeezed_len(text)
    for child in el:
        linked += _inline_text(child, parts, link)
        tail = child.tail
        if tail:
            parts.append(tail)
            if link:
                linked += _squeezed_len(tail)
    if kind is _BLOCKY:
        parts.append(" ")
    return linked


def _at_watched(el: etree._Element, out: _Builder, in_link: bool) -> bool:
    """At `stop_at` stop; at `mark` note the lines so far, and put in `mark_lines` instead of
    walking it when that gives the same lines (True: the element is done)."""
    if el is out.stop_at:
        raise _Stop
    out.before_mark = out.snapshot()
    if out.mark_lines is None:
        return False
    kind = _KINDS.get(el.tag, _INLINE)
    if kind is _SKIPPED or _is_hidden(el):
        return False  # the walk skips it
    if kind is _TABLE or (kind is _BLOCKY and not in_link):
        # A table, or a block outside any link, gives the same lines inside the page as alone.
        out.flush()
        out.lines.extend(out.mark_lines)
        return True
    return False


def _walk(el: etree._Element, out: _Builder, in_link: bool) -> None:
    # The per-element work is kept to a few C calls: this runs for every element of the page.
    if el is out.watched and _at_watched(el, out, in_link):
        return
    kind = _KINDS.get(el.tag, _INLINE)
    if kind is _SKIPPED:
        return
    keys = el.keys()
    if keys and not _HIDING.isdisjoint(keys) and _hidden_by(el, keys):
        return
    if kind is _BREAK:
        out.flush()
        return
    if kind is _TABLE:
        _table(el, out)
        return
    link = in_link or (kind is _ANCHOR and "href" in keys)
    block = kind is _BLOCKY
    parts = out.parts
    if block and parts:
        out.flush()
    text = el.text
    if text:
        parts.append(text)
        if link:
            out.link_chars += _squeezed_len(text)
    for child in el:
        _walk(child, out, link)
        tail = child.tail
        if tail:
            parts.append(tail)
            if link:
                out.link_chars += _squeezed_len(tail)
    if block and parts:
        out.flush()


def _table(table: etree._Element, out: _Builder) -> None:
    out.flush()
    has_inner_table = table.find(".//table") is not None
    rows = _own_rows(table, has_inner_table)
    cells_per_row = [_cells(r) for r in rows]
    widest = max((len(c) for c in cells_per_row), default=0)
    nested = has_inner_table and any(cell.find(".//table") is not None for cells in cells_per_row for cell in cells)
    if widest <= 1 or nested:
        # Layout table: read the cells as ordinary blocks.
        for child in table:
            _walk(child, out, False)
        out.flush()
        return
    for cells in cells_per_row:
        texts, link_chars = [], 0
        for cell in cells:
            parts: list[str] = []
            link_chars += _inline_text(cell, parts)
            texts.append(normalize_space("".join(parts)))
        if any(texts):
            out.add_line(Line("\t".join(texts), link_chars, is_row=True))


def element_lines(el: etree._Element, stop_at: etree._Element | None = None) -> list[Line]:
    """Lines of an HTML element (see the module docstring for the convention).

    With `stop_at`, only the lines before that descendant: the page header above a body
    container, where the visible date and source lines live.
    """
    out = _Builder(stop_at)
    try:
        _walk(el, out, False)
    except _Stop:
        pass
    out.flush()
    return out.lines


def lines_around(
    el: etree._Element, mark: etree._Element, mark_lines: Sequence[Line] | None = None
) -> tuple[list[Line], list[Line]]:
    """All lines of `el`, and those before its descendant `mark` (element_lines(el, stop_at=mark)),
    from one walk: a page needing both is walked once. `mark_lines` (element_lines(mark), when
    already known) stand in for walking `mark` again where that gives the same lines."""
    out = _Builder(mark=mark, mark_lines=mark_lines)
    _walk(el, out, False)
    out.flush()
    return out.lines, out.before_mark if out.before_mark is not None else list(out.lines)


def trafilatura_xml_lines(xml: str) -> list[Line]:
    """Lines from trafilatura's XML output, with the same table convention."""
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    out = _Builder()

    def walk(el: etree._Element, in_link: bool) -> None:
        tag = _tag(el)
        if tag is None:
            return
        if tag == "table":
            out.flush()
            for row in el.iter("row"):
                texts, link_chars = [], 0
                for cell in row.iter("cell"):
                    texts.append(normalize_space(" ".join(cell.itertext())))
                    link_chars += sum(len(_SPACE.sub("", "".join(r.itertext()))) for r in cell.iter("ref"))
                if any(texts):
                    out.add_line(Line("\t".join(texts), link_chars, is_row=True))
            return
        if tag == "lb":
            out.flush()
            return
        link = in_link or tag == "ref"
        block = tag in ("p", "head", "item", "quote", "code", "list", "main", "doc", "comments", "div")
        if block:
            out.flush()
        out.add(el.text, link)
        for child in el:
            walk(child, link)
            out.add(child.tail, link)
        if block:
            out.flush()

    walk(root, False)
    out.flush()
    return out.lines
