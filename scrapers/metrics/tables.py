"""Tables rendered as rows of tab-separated cells: each numeric cell a quantity with its unit and yoy."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import Lexicon
from scrapers.metrics.numbers import Quantity, find_quantities

# A table cell: a plain number, maybe signed (+8.5% in a year-over-year column).
# A cell may carry its unit in brackets (16368(件)).
TABLE_NUMBER = re.compile(
    r"^\s*(?P<sign>[+\-↑↓]?)(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<pct>%)?(?:\((?P<unit>[^()\d]{1,4})\))?\s*$"
)
# A row label with its unit in brackets: 立案(件), 罚没款(万元).
# A row of a table written with bars (| 行政许可 | 8 | 0 | 18000 |), as text tools render HTML tables.
PIPE_ROW = re.compile(r"^\s*\|?[^|\n]+(?:\|[^|\n]*){2,}$")
TABLE_LABEL_UNIT = re.compile(r"^(?P<label>.*?)\s*\((?P<unit>[^()]{1,4})\)\s*$")


# A table's caption giving the unit of all its cells: 统计表(单位:件).
CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*(?P<unit>件|起|宗|批次|户|家|个|元|万元|亿元)")
# A column title's unit: 数量/批次, 投诉(件); or the measure word its title ends in: 抽查批次,
# 立案件数 (the count of 件), 新登记户数.
TITLE_UNIT = re.compile(
    r"(?:(?:/|\()(?P<unit>件|起|宗|批次|户|家|个|元|万元|亿元)\)?|(?<=[\u4e00-\u9fff])(?P<tail>批次|(?P<counted>[件起宗户家个])数))\s*$"
)
# A line longer than this above a table is prose, not its caption.
CAPTION_MAX_CHARS = 80
# A column of row numbers: 序号 1, 2, 3…
SERIAL_TITLE = re.compile(r"^\s*序\s*号\s*$")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Cell:
    """A number in a tab-separated table row, with its unit taken from the label or a unit column.

    `title` is the title of the cell's column when the columns name what they count (序号 | 单位 |
    投诉 | 举报 / 食品种类 | 抽检数量/批次 | 不合格数量/批次): a rule reads it as the words before the
    number, and the row's label names the field or the unit counted."""

    q: Quantity
    label_end: int
    yoy_pct: float | None
    title: str | None = None
    by_title: bool = False  # not the row's value column: only its title counts for it
    caption: tuple[int, int] | None = None  # the short line just above the table's rows (…抽查情况:)


def table_cells(layout: Layout, lex: Lexicon, report_year: int | None) -> dict[int, Cell]:
    """Tables rendered as rows of tab-separated cells (项目\t数量\t同比 / 立案(件)\t3,126\t+8.5%).

    The value is the column headed by the report year, else the first numeric column that is
    not a year-over-year or unit column; a year-over-year column gives yoy_pct. Other columns
    (last year's figures) are not values of the report's period.
    """
    out: dict[int, Cell] = {}
    header: list[str] | None = None
    caption_unit = ""
    caption: tuple[int, int] | None = None
    pos = 0
    for line in layout.folded.split("\n"):
        start, pos = pos, pos + len(line) + 1
        sep = "\t" if "\t" in line else ("|" if PIPE_ROW.match(line) else None)
        if sep is None:
            if line.strip():
                header = None  # a blank line between rows keeps the table going
                unit_m = CAPTION_UNIT.search(line)
                caption_unit = unit_m.group("unit") if unit_m else ""
                caption = (start, start + len(line)) if len(line.strip()) <= CAPTION_MAX_CHARS else None
            continue
        cells, at = [], start
        for raw in line.split(sep):
            cells.append((at, raw))
            at += len(raw) + 1
        if sep == "|":
            # | 行政许可 | 8 | 0 | 18000 | |: the empty cells outside the first and last bar go.
            cells = [c for c in cells[1:] if c[1].strip()] if line.lstrip().startswith("|") else [c for c in cells if c[1].strip()]
            if len(cells) < 2:
                continue
        if not any(TABLE_NUMBER.match(raw) for _, raw in cells[1:]):
            header = [raw.strip() for _, raw in cells]
            continue
        cell = _table_cell(cells, header, lex, report_year)
        if cell is not None:
            out[cell.q.start] = replace(cell, caption=caption)
        for titled in _titled_cells(cells, header, caption_unit, caption, lex, report_year):
            known = out.get(titled.q.start)
            # (the row's value column keeps its label as its words, its title as a second reading)
            out[titled.q.start] = replace(known, title=titled.title) if known is not None else titled
    return out


def _titled_cells(
    cells: list[tuple[int, str]],
    header: list[str] | None,
    caption_unit: str,
    caption: tuple[int, int] | None,
    lex: Lexicon,
    report_year: int | None,
) -> list[Cell]:
    """The numbers of a row under columns whose titles are words (投诉, 不合格数量/批次), each with
    its title: whether a title names a metric is the rules' call (extract.py). A row numbered in a
    序号 column is labelled by its next cell."""
    if not header or len(header) != len(cells) or len(header) < 3:
        return []
    first = 1 if SERIAL_TITLE.match(header[0]) else 0
    label = cells[first][1].strip()  # (first < 3 <= len(cells))
    if not label or TABLE_NUMBER.match(label) or not CJK.search(label):
        return []
    label_end = cells[first][0] + len(cells[first][1].rstrip())
    out = []
    for j in range(first + 1, len(cells)):
        title = header[j].strip()
        if (
            not CJK.search(title)
            or lex.table_yoy_header.search(title)
            or lex.table_unit_header.search(title)
            or _other_year(title, report_year, lex)
        ):
            continue
        at, raw = cells[j]
        n = TABLE_NUMBER.match(raw)
        if n is None or n.group("pct") or n.group("sign"):
            continue
        unit_m = TITLE_UNIT.search(title)
        unit = n.group("unit") or (_title_unit(unit_m) if unit_m else caption_unit)
        if not unit:
            continue
        q = _cell_quantity(at, raw, n, unit, lex)
        if q is None or q.kind == "percent":
            continue
        title = title[: unit_m.start()] if unit_m else title
        out.append(Cell(q=q, label_end=label_end, yoy_pct=None, title=title, by_title=True, caption=caption))
    return out


def _title_unit(m: re.Match[str]) -> str:
    """The measure word a TITLE_UNIT match gives: 数量/批次 → 批次, 立案件数 → 件, 抽查批次 → 批次."""
    return m.group("unit") or m.group("counted") or m.group("tail")


def _other_year(title: str, report_year: int | None, lex: Lexicon) -> bool:
    """A column titled as last year's (上一年项目数量); columns titled by year are chosen below."""
    return bool(lex.table_previous_header.search(title))


def _table_cell(
    cells: list[tuple[int, str]], header: list[str] | None, lex: Lexicon, report_year: int | None
) -> Cell | None:
    label_start, label = cells[0]
    titles = header if header and len(header) == len(cells) else [""] * len(cells)
    yoy_cols = [j for j, t in enumerate(titles) if j and lex.table_yoy_header.search(t)]
    unit_cols = [j for j, t in enumerate(titles) if j and lex.table_unit_header.search(t)]
    m = TABLE_LABEL_UNIT.match(label)
    unit = m.group("unit").strip() if m else (cells[unit_cols[0]][1].strip() if unit_cols else "")
    label_end = label_start + (len(m.group("label")) if m else len(label.rstrip()))
    if not unit:
        # 16368(件): the unit in the cell itself.
        unit = next((n.group("unit") for _, raw in cells[1:] if (n := TABLE_NUMBER.match(raw)) and n.group("unit")), "")
    if not unit:
        # 2024年(件): a column's title says the unit of its cells.
        unit = next(
            (t.group("unit").strip() for j in range(1, len(cells)) if j not in yoy_cols and (t := TABLE_LABEL_UNIT.match(titles[j]))),
            "",
        )
    if not unit:
        # 处理决定数量 / 件数: a column of counts says its unit in its title.
        unit = next((lex.table_count_unit for j in range(1, len(cells)) if lex.table_count_header.search(titles[j])), "")
    if not unit:
        return None
    # A column of last year's figures (上一年项目数量, 2022年) is no value of the report's year.
    value_cols = [
        j for j in range(1, len(cells))
        if j not in yoy_cols and j not in unit_cols and not _other_year(titles[j], report_year, lex)
    ]
    if report_year is not None:
        this_year = [j for j in value_cols if str(report_year) in titles[j]]
        value_cols = this_year or value_cols
    col = next((j for j in value_cols if TABLE_NUMBER.match(cells[j][1])), None)
    if col is None:
        return None
    at, raw = cells[col]
    n = TABLE_NUMBER.match(raw)
    if n.group("pct") or n.group("sign"):
        return None
    q = _cell_quantity(at, raw, n, unit, lex)
    if q is None:
        return None
    yoy = None
    for j in yoy_cols:
        if lex.table_yoy_flat.search(cells[j][1]):
            yoy = 0.0  # 持平 in a year-over-year column
            break
        y = TABLE_NUMBER.match(cells[j][1])
        if y:
            yoy = float(y.group("num").replace(",", "")) * (-1 if y.group("sign") in ("-", "↓") else 1)
            break
    return Cell(q=q, label_end=label_end, yoy_pct=yoy)


def _cell_quantity(at: int, raw: str, n: re.Match[str], unit: str, lex: Lexicon) -> Quantity | None:
    """The quantity of a table cell (`raw`, at offset `at`, matched by TABLE_NUMBER as `n`) in
    `unit`: a count, an amount or a share, read by the number grammar as if written 1234件."""
    parsed = find_quantities(n.group("num") + unit, lex.grammar)
    if len(parsed) != 1 or parsed[0].kind not in ("count", "yuan", "percent") or parsed[0].start != 0:
        return None
    num_start, num_end = at + n.start("num"), at + n.end("num")
    return Quantity(
        start=num_start, end=num_end, num_start=num_start, num_end=num_end, value=parsed[0].value,
        kind=parsed[0].kind, unit=parsed[0].unit, approx=False, numeral="arabic", text=raw.strip(),
    )
