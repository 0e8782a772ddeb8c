"""Tables whose cells arrive one per line, joined back into tab-separated rows.

Text taken from pages by other tools often lays a table out cell by cell (the national template
of the 政府信息公开 annual report, which every bureau publishes each year):

    信息内容 |                     信息内容
    上一年项目数量 |                本年处理决定数量
    本年增/减 |          or         行政许可
    处理决定数量 |
    行政许可 |                      18750
    18 |
    -2 |
    16368(件) |

A short label line followed by lines that hold only a number is a row; the short label lines
just before the first row, as many as the row has cells, are its header. The row is rewritten as
one line of tab-separated cells (newlines become tabs, bars and extra newlines spaces), so the
text keeps its length and every offset still points into the original, and tables.py reads it
like the tables the document stage renders.
"""

from __future__ import annotations

import re

__all__ = ["rejoin_vertical_rows"]

# A cell holding only a number, maybe signed (or with an arrow: ↑67.22%), maybe with its unit in
# brackets: 16368(件) |, -2 |.
_NUMBER_CELL = re.compile(r"^\s*[+\-↑↓]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?:\([^()\d]{1,4}\))?\s*\|?\s*$")
# A label or header cell: short, no clause punctuation, some Chinese.
_LABEL_CELL = re.compile(r"^\s*[^,;。!?:\t|]{1,30}?\s*\|?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BARS_ONLY = re.compile(r"^[\s|]*$")
MAX_CELLS = 12
_ANY_NUMBER_LINE = re.compile(_NUMBER_CELL.pattern, re.MULTILINE)  # a guard: most texts have none


def _kind(line: str) -> str:
    if _BARS_ONLY.match(line):
        return "blank"
    if _NUMBER_CELL.match(line):
        return "number"
    if _LABEL_CELL.match(line) and _CJK.search(line):
        return "label"
    return "text"


_SERIAL_HEADER = re.compile(r"^\s*序\s*号\s*\|?\s*$")


def _mark_serials(lines: list[str], kinds: list[str], cells: list[int]) -> None:
    """Number lines that count the rows of a table with a 序号 column (1, 2, 3… each before its
    row's label) are the row's first cell, not a figure of the row above."""
    expected = 0
    for n, i in enumerate(cells):
        if kinds[i] == "label" and _SERIAL_HEADER.match(lines[i]):
            expected = 1  # a 序号 header: its rows are numbered from 1
            continue
        if not expected or kinds[i] != "number":
            continue
        if lines[i].strip(" |") == str(expected) and n + 1 < len(cells) and kinds[cells[n + 1]] == "label":
            kinds[i] = "serial"
            expected += 1


def rejoin_vertical_rows(text: str) -> str:
    """The text with each one-cell-per-line table row (and its header) on one tab-separated line."""
    if "\n" not in text or not _ANY_NUMBER_LINE.search(text):
        return text  # no line that is only a number: no table laid out cell by cell
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    kinds = [_kind(line) for line in lines]
    cells = [i for i, k in enumerate(kinds) if k != "blank"]  # non-blank lines, in order
    _mark_serials(lines, kinds, cells)
    out = list(text)

    def join(group: list[int]) -> None:
        """Put the lines of `group` (indices into lines) on one line: the newline after each line
        but the last becomes a tab (the first one) or spaces; bars become spaces."""
        for a, b in zip(group, group[1:]):
            first_newline = starts[a] + len(lines[a])
            for p in range(first_newline, starts[b]):
                out[p] = "\t" if p == first_newline else " "
        for i in group:
            for p in range(starts[i], starts[i] + len(lines[i])):
                if out[p] == "|":
                    out[p] = " "

    n = 0
    while n < len(cells):
        i = cells[n]
        serial = kinds[i] == "serial"  # (marked only where a label follows)
        if kinds[i] != "label" and not serial:
            n += 1
            continue
        first = n
        if serial:
            n += 1  # 1 | 呼和浩特市市场监督管理局 | 50236 |…: the row's number, then its label
            i = cells[n]
        numbers = []
        m = n + 1
        while m < len(cells) and kinds[cells[m]] == "number" and len(numbers) < MAX_CELLS:
            numbers.append(cells[m])
            m += 1
        if not numbers:
            n += 1
            continue
        row = [*cells[first:n], i, *numbers]
        # The header: the label lines right before this row, as many as the row has cells.
        k = first - 1
        header: list[int] = []
        while k >= 0 and kinds[cells[k]] == "label" and len(header) < len(row):
            header.insert(0, cells[k])
            k -= 1
        if len(header) == len(row):
            join(header)
        join(row)
        n = m
    return "".join(out)
