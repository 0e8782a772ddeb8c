"""Cut tagged blocks out of page text in linear time.

`re.findall(r"<x>(.*?)</x>")` rescans to the end of the text from every `<x>` that is never
closed: a hostile list page with many unclosed `<script>` or `<datastore>` made it quadratic
(220 KB: 20 s). Here each closing tag is searched once from where its opening ended, and an
opening with no close after it ends the scan (no later opening can be closed either).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def block_spans(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> Iterator[tuple[int, int, int, int]]:
    """(block start, inner start, inner end, block end) of each opening..closing block, in order."""
    pos = 0
    while True:
        start = opening.search(text, pos)
        if start is None:
            return
        end = closing.search(text, start.end())
        if end is None:
            return
        yield start.start(), start.end(), end.start(), end.end()
        pos = end.end()


def blocks(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> list[str]:
    """The inner text of every block."""
    return [text[inner:inner_end] for _, inner, inner_end, _ in block_spans(text, opening, closing)]


def without_blocks(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> str:
    """The text with every block (tags included) removed."""
    out, pos = [], 0
    for start, _, _, end in block_spans(text, opening, closing):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def without_elements(text: str, names: tuple[str, ...]) -> str:
    """The text without <name …>…</name> elements (script, style …), each closed by its own name.
    An element never closed stays; once a name's closing tag is missing after some point, later
    openings of that name are not searched again (that search is what made it quadratic)."""
    opening = re.compile(r"<(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)
    closings = {name: re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE) for name in names}
    unclosed: set[str] = set()
    out, pos, search_at = [], 0, 0
    while True:
        start = opening.search(text, search_at)
        if start is None:
            break
        name = start.group(1).lower()
        end = None if name in unclosed else closings[name].search(text, start.end())
        if end is None:
            unclosed.add(name)
            search_at = start.end()
            continue
        out.append(text[pos : start.start()])
        out.append(" ")
        pos = search_at = end.end()
    out.append(text[pos:])
    return "".join(out)


def without_tags(text: str) -> str:
    """The text with every <…> replaced by a space (a '<' with no '>' after it stays as text)."""
    out, pos = [], 0
    while True:
        lt = text.find("<", pos)
        gt = text.find(">", lt) if lt >= 0 else -1
        if lt < 0 or gt < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:lt])
        out.append(" ")
        pos = gt + 1
