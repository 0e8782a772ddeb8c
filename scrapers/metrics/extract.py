"""Metric mentions from the body of a report: the rules of data/lexicon.yaml applied to the
quantities of numbers.py.

The steps, each a small function:
1. quantities: numbers with a unit (numbers.find_quantities), minus those in next year's plans
   and in "of which" notes;
2. metric: the highest-priority rule whose trigger words sit next to the quantity in its clause;
   list continuations (分别为46件、19件和6件) take the metric of their head;
3. domain: the field named nearest before the number in its clause, else after it in the
   clause, else earlier in the sentence, the previous sentence, the leads and the heading; else
   the metric's home field, or `all`;
4. period: 累计/截至N月/2018年以来 cues before the number (今年以来 is part of the year only in a
   report signed before December of its own year);
5. year-over-year change: 同比增长X% right after the number;
6. zero stated in words (暂无败诉案件).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import YOY_VALUE, Lexicon, MetricSpec, Rule, default_lexicon, load_lexicon_file
from scrapers.metrics.numbers import Quantity, find_quantities, parse_chinese_numeral
from scrapers.models import MetricMention, Period

EXTRACTOR_VERSION = "metrics-1.4.0"

YOY_VALUE_RE = re.compile(YOY_VALUE)
LIST_SEPARATOR = re.compile(r"^\s*[、和及与]\s*$")
ENUMERATION = re.compile(r"[、等和及与]")
FIELD_LIST_SEPARATORS = re.compile(r"[、和及与\s]")
# What joins two items of a list without 分别: a separator first (…1,350批次、医疗器械210批次).
FIELD_ITEM_LINK = re.compile(r"^\s*[、和及与]")
# What may stand between two fields of one list: nothing (食品药品), or a few words and then a
# separator (食品生产经营、药品经营). 12315平台和12358价格监管平台 is not a list of fields.
FIELD_LINK = re.compile(r"^(?:[^,;。、和及与]{0,6}[、和及与])?$")
# A table cell: a plain number, maybe signed (+8.5% in a year-over-year column).
TABLE_NUMBER = re.compile(r"^\s*(?P<sign>[+-]?)(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?P<pct>%)?\s*$")
# A row label with its unit in brackets: 立案(件), 罚没款(万元).
TABLE_LABEL_UNIT = re.compile(r"^(?P<label>.*?)\s*\((?P<unit>[^()]{1,4})\)\s*$")
# A field named this far from the number is an inference, so the mention is less certain.
INFERRED_DOMAIN_FACTOR = 0.9


@dataclass
class _Hit:
    """A quantity that a rule turned into a metric mention (before attributes are set)."""

    q: Quantity
    spec: MetricSpec
    rule_id: str
    confidence: float
    gap: str  # words between the trigger and the number
    list_head: int | None = None  # index of the head quantity for list continuations
    domain: str = "all"
    domain_inferred: bool = False
    yoy_pct: float | None = None
    evidence_end: int | None = None
    domain_scope: str | None = None  # the rule's own domain_scope, overriding the metric's


def extract_metrics(
    text: str, report_year: int | None = None, lexicon: Lexicon | str | Path | None = None
) -> list[MetricMention]:
    """Every number in `text` that fits a metric of the lexicon, as mentions in text order."""
    lex = _as_lexicon(lexicon)
    layout = Layout(text, lex)
    mid_year = _signed_mid_year(layout, lex, report_year)
    part_report = _partial_report(layout, lex)
    cells = _table_cells(layout, lex, report_year)
    quantities = sorted(
        (
            q
            for q in [*find_quantities(text, lex.grammar), *(c.q for c in cells.values())]
            if not layout.in_plan(q.start) and not layout.in_inclusion_note(q.start)
        ),
        key=lambda q: q.start,
    )
    hits: dict[int, _Hit] = {}
    for i, q in enumerate(quantities):
        cell = cells.get(q.start)
        hit = _best_rule(q, layout, lex, cell.label_end if cell else None)
        if hit is not None:
            hits[i] = hit
    by_clause: dict[int, list[int]] = {}
    for i, q in enumerate(quantities):
        by_clause.setdefault(layout.clause_index(q.start), []).append(i)
    _extend_restatements(quantities, hits, layout, lex)
    _extend_lists(quantities, hits, layout)
    _extend_field_lists(quantities, hits, layout, lex, cells)
    _name_list_members(quantities, hits, layout, lex)
    _extend_parts(quantities, hits, layout, lex, cells)
    _assign_domains(quantities, hits, layout, lex, cells)
    _assign_yoy(quantities, by_clause, hits, layout, lex)
    for i, hit in hits.items():
        cell = cells.get(hit.q.start)
        if cell is not None and cell.q is hit.q and cell.yoy_pct is not None:
            hit.yoy_pct = cell.yoy_pct
    found = [
        (
            hit.q.start,
            _mention(
                hit,
                _of_report(_period(i, quantities, by_clause, hits, layout, lex, report_year, mid_year), part_report),
                layout,
            ),
        )
        for i, hit in sorted(hits.items())
    ]
    found.extend((m.start, m) for m in _zero_mentions(layout, lex, report_year, mid_year, part_report))
    # Text order of the numbers themselves (two mentions may share one clause as evidence).
    found.sort(key=lambda pair: pair[0])
    return [m for _, m in found]


def _as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    if lexicon is None:
        return default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon_file(lexicon)


# -- 2. metric ----------------------------------------------------------------------------------
def _best_rule(q: Quantity, layout: Layout, lex: Lexicon, label_end: int | None = None) -> _Hit | None:
    clause = layout.clauses[layout.clause_index(q.start)]
    if label_end is not None:
        # A table cell: its row label (unit stripped) stands just before the number.
        left, right = layout.folded[clause.start : label_end], ""
    else:
        left = layout.folded[clause.start : q.start]
        right = layout.folded[q.end : clause.end]
    if lex.average_words.search(left):
        return None  # 日均新设3460户: an average, not a total
    sentence = layout.sentences[layout.sentence_index(q.start)]
    best: tuple[tuple[int, int], _Hit] | None = None
    for spec in lex.metrics.values():
        if not spec.accepts(q.kind, q.unit):
            continue
        for rule in spec.rules:
            gap = _trigger_gap(rule, left, right, lex)
            if gap is None or not _conditions_hold(rule, left, sentence, layout, clause):
                continue
            key = (rule.priority, -len(lex.fillers.sub("", gap)))
            if best is None or key > best[0]:
                best = (
                    key,
                    _Hit(q=q, spec=spec, rule_id=rule.id, confidence=rule.confidence, gap=gap, domain_scope=rule.domain_scope),
                )
    return best[1] if best else None


def _trigger_gap(rule: Rule, left: str, right: str, lex: Lexicon) -> str | None:
    """The words between the rule's trigger and the number, or None when it does not fire."""
    gap: str | None = "" if not rule.before else None
    for pattern in rule.before:
        for m in pattern.finditer(left):
            candidate = left[m.end() :]
            core = lex.fillers.sub("", lex.gap_note.sub("", candidate)).strip()
            if core and not FIELD_LIST_SEPARATORS.sub("", lex.domain_cues.sub("", core)):
                core = ""  # only field names in between: 抽检药品、医疗器械分别为320批次
            if len(core) <= rule.max_gap and (gap is None or len(candidate) < len(gap)):
                gap = candidate
    if gap is None:
        return None
    if rule.after and not any(p.match(right) for p in rule.after):
        return None
    return gap


def _conditions_hold(rule: Rule, left: str, sentence: Segment, layout: Layout, clause: Segment | None = None) -> bool:
    if any(p.search(left) for p in rule.clause_excludes):
        return False
    if rule.previous_clause_excludes and clause is not None:
        c = layout.clause_index(clause.start)
        if c > 0 and layout.clause_sentence[c - 1] == layout.clause_sentence[c]:
            prev = layout.clauses[c - 1]
            if any(p.search(layout.masked[prev.start : prev.end]) for p in rule.previous_clause_excludes):
                return False
    if rule.sentence_requires or rule.sentence_excludes:
        text = layout.masked[sentence.start : sentence.end]
        if rule.sentence_requires and not any(p.search(text) for p in rule.sentence_requires):
            return False
        if any(p.search(text) for p in rule.sentence_excludes):
            return False
    if rule.context_requires:
        s_index = layout.sentence_index(sentence.start)
        scopes = [sentence, *layout.context_segments(s_index)]
        if not any(p.search(layout.masked[s.start : s.end]) for s in scopes for p in rule.context_requires):
            return False
    return True


def _extend_restatements(quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon) -> None:
    """突破800万户,达到812.47万户: a clause that only says 达到N restates the number before it."""
    for i in range(1, len(quantities)):
        if i in hits or (i - 1) not in hits:
            continue
        q, p = quantities[i], quantities[i - 1]
        c = layout.clause_index(q.start)
        if layout.clause_index(p.start) != c - 1 or layout.clause_sentence[c - 1] != layout.clause_sentence[c]:
            continue
        head = hits[i - 1]
        if lex.restatement.fullmatch(layout.folded[layout.clauses[c].start : q.start]) and head.spec.accepts(q.kind, q.unit):
            hits[i] = _Hit(q=q, spec=head.spec, rule_id=head.rule_id + "+restated", confidence=head.confidence, gap=head.gap)


@dataclass(frozen=True)
class _Cell:
    """A number in a tab-separated table row, with its unit taken from the label or a unit column."""

    q: Quantity
    label_end: int
    yoy_pct: float | None


def _table_cells(layout: Layout, lex: Lexicon, report_year: int | None) -> dict[int, _Cell]:
    """Tables rendered as rows of tab-separated cells (项目\t数量\t同比 / 立案(件)\t3,126\t+8.5%).

    The value is the column headed by the report year, else the first numeric column that is
    not a year-over-year or unit column; a year-over-year column gives yoy_pct. Other columns
    (last year's figures) are not values of the report's period.
    """
    out: dict[int, _Cell] = {}
    header: list[str] | None = None
    pos = 0
    for line in layout.folded.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if "\t" not in line:
            header = None
            continue
        cells, at = [], start
        for raw in line.split("\t"):
            cells.append((at, raw))
            at += len(raw) + 1
        if not any(TABLE_NUMBER.match(raw) for _, raw in cells[1:]):
            header = [raw.strip() for _, raw in cells]
            continue
        cell = _table_cell(cells, header, lex, report_year)
        if cell is not None:
            out[cell.q.start] = cell
    return out


def _table_cell(
    cells: list[tuple[int, str]], header: list[str] | None, lex: Lexicon, report_year: int | None
) -> _Cell | None:
    label_start, label = cells[0]
    titles = header if header and len(header) == len(cells) else [""] * len(cells)
    yoy_cols = [j for j, t in enumerate(titles) if j and lex.table_yoy_header.search(t)]
    unit_cols = [j for j, t in enumerate(titles) if j and lex.table_unit_header.search(t)]
    m = TABLE_LABEL_UNIT.match(label)
    unit = m.group("unit").strip() if m else (cells[unit_cols[0]][1].strip() if unit_cols else "")
    label_end = label_start + (len(m.group("label")) if m else len(label.rstrip()))
    if not unit:
        return None
    value_cols = [j for j in range(1, len(cells)) if j not in yoy_cols and j not in unit_cols]
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
    parsed = find_quantities(n.group("num") + unit, lex.grammar)
    if len(parsed) != 1 or parsed[0].kind not in ("count", "yuan", "percent") or parsed[0].start != 0:
        return None
    num_start, num_end = at + n.start("num"), at + n.end("num")
    q = Quantity(
        start=num_start, end=num_end, num_start=num_start, num_end=num_end, value=parsed[0].value,
        kind=parsed[0].kind, unit=parsed[0].unit, approx=False, numeral="arabic", text=raw.strip(),
    )
    yoy = None
    for j in yoy_cols:
        if lex.table_yoy_flat.search(cells[j][1]):
            yoy = 0.0  # 持平 in a year-over-year column
            break
        y = TABLE_NUMBER.match(cells[j][1])
        if y:
            yoy = float(y.group("num").replace(",", "")) * (-1 if y.group("sign") == "-" else 1)
            break
    return _Cell(q=q, label_end=label_end, yoy_pct=yoy)


def _extend_parts(
    quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon, cells: dict[int, _Cell]
) -> None:
    """…不予处罚,其中价格领域24件: a 其中 clause with no trigger of its own that names a field
    counts that field's part of the number just before it (in an earlier clause of the sentence)
    and takes its metric."""
    for i in range(1, len(quantities)):
        if i in hits or (i - 1) not in hits or quantities[i].start in cells:
            continue
        q, p = quantities[i], quantities[i - 1]
        c, pc = layout.clause_index(q.start), layout.clause_index(p.start)
        if pc >= c or layout.clause_sentence[pc] != layout.clause_sentence[c]:
            continue
        words = layout.masked[layout.clauses[c].start : q.start]
        if not lex.part_clause.match(words):
            continue
        head = hits[i - 1]
        # Only a part by field (其中价格领域24件): 其中维持41件 / 其中一审胜诉4件 are outcomes.
        if head.spec.accepts(q.kind, q.unit) and _fields(layout.clauses[c].start, q.start, head.spec, layout, lex):
            hits[i] = _Hit(q=q, spec=head.spec, rule_id=head.rule_id + "+part", confidence=round(head.confidence * 0.9, 3), gap="")


def _is_part_clause(c: int, quantities: list[Quantity], by_clause: dict[int, list[int]], layout: Layout, lex: Lexicon) -> bool:
    """Whether clause c counts a part (其中第一季度完成312批次): its words before its first number."""
    members = by_clause.get(c)
    if not members:
        return False
    return bool(lex.part_clause.match(layout.masked[layout.clauses[c].start : quantities[members[0]].start]))


def _extend_lists(quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout) -> None:
    """药品、医疗器械案件分别为46件、19件和6件: the numbers after the head take its metric."""
    for i in range(1, len(quantities)):
        if i in hits:
            continue
        prev = i - 1
        head = hits.get(prev)
        if head is None:
            continue
        head_index = head.list_head if head.list_head is not None else prev
        head_hit = hits[head_index]
        q, p = quantities[i], quantities[prev]
        head_clause = layout.clauses[layout.clause_index(head_hit.q.start)]
        if (
            "分别" in layout.folded[head_clause.start : head_hit.q.start]
            and layout.clause_index(q.start) == layout.clause_index(p.start)
            and LIST_SEPARATOR.match(layout.folded[p.end : q.start])
            and head_hit.spec.accepts(q.kind, q.unit)
        ):
            hits[i] = _Hit(
                q=q,
                spec=head_hit.spec,
                rule_id=head_hit.rule_id + "+list",
                confidence=head_hit.confidence,
                gap=head_hit.gap,
                list_head=head_index,
            )


def _extend_field_lists(
    quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon, cells: dict[int, _Cell]
) -> None:
    """抽检药品1,350批次、医疗器械210批次、化妆品480批次: a number joined to the one before it
    (same clause) by a separator and nothing but field names is the next item of the same list,
    so it takes that number's metric (its own field comes from the names)."""
    for i in range(1, len(quantities)):
        if i in hits or (i - 1) not in hits or quantities[i].start in cells:
            continue
        q, p = quantities[i], quantities[i - 1]
        if layout.clause_index(q.start) != layout.clause_index(p.start):
            continue
        link = layout.masked[p.end : q.start]
        if not FIELD_ITEM_LINK.match(link):
            continue
        names = FIELD_LIST_SEPARATORS.sub("", lex.domain_cues.sub("", link))
        head = hits[i - 1]
        if names or not lex.domain_cues.search(link) or not head.spec.accepts(q.kind, q.unit):
            continue
        hits[i] = _Hit(
            q=q, spec=head.spec, rule_id=head.rule_id + "+item", confidence=round(head.confidence * 0.9, 3),
            gap="", domain_scope=head.domain_scope,
        )


def _name_list_members(quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon) -> None:
    """立案数、结案数分别为210件、198件: when the words before 分别 name one metric per number,
    each number takes its own (the head's trigger is only the last of them)."""
    members: dict[int, list[int]] = {}
    for i, hit in hits.items():
        if hit.list_head is not None:
            members.setdefault(hit.list_head, [hit.list_head]).append(i)
    for head, group in members.items():
        group.sort()
        clause = layout.clauses[layout.clause_index(quantities[head].start)]
        subject = layout.masked[clause.start : quantities[head].start].split("分别")[0]
        parts = [part for part in SUBJECT_SEPARATORS.split(subject) if part.strip()]
        if len(parts) != len(group):
            continue
        named = [_metric_named(part, quantities[i], lex) for part, i in zip(parts, group)]
        if all(named) and len({spec.code for spec, _ in named}) > 1:
            for i, (spec, rule) in zip(group, named):
                hits[i].spec, hits[i].rule_id = spec, rule.id + "+named"


def _metric_named(words: str, q: Quantity, lex: Lexicon) -> tuple[MetricSpec, Rule] | None:
    """The metric whose trigger words (a `before` pattern) occur in `words`, highest priority."""
    best: tuple[MetricSpec, Rule] | None = None
    for spec in lex.metrics.values():
        if not spec.accepts(q.kind, q.unit):
            continue
        for rule in spec.rules:
            if any(p.search(words) for p in rule.before) and (best is None or rule.priority > best[1].priority):
                best = (spec, rule)
    return best


# -- 3. domain ----------------------------------------------------------------------------------
def _assign_domains(
    quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon, cells: dict[int, _Cell] | None = None
) -> None:
    cells = cells or {}
    lists: dict[int, list[int]] = {}
    for i, hit in hits.items():
        if hit.list_head is not None:
            lists.setdefault(hit.list_head, [hit.list_head]).append(i)
    counted = sorted(hit.q.start for hit in hits.values())
    for i, hit in hits.items():
        prev_in_clause = _previous_quantity_end(i, quantities, layout)
        cell = cells.get(hit.q.start)
        # A table row is a record of its own: it takes no field from the row above, unless it is
        # a 其中 row (食品安全监督抽检(批次) / 其中不合格(批次)).
        row_only = cell is not None and not lex.part_clause.match(
            layout.masked[layout.clauses[layout.clause_index(hit.q.start)].start : cell.label_end].split("(")[0]
        )
        hit.domain, hit.domain_inferred = _domain(
            hit.spec, hit.q.start, prev_in_clause, layout, lex, counted, clause_only=row_only, scope=hit.domain_scope
        )
    # A list over several named fields gives each number its field, in order.
    for head, members in lists.items():
        members.sort()
        clause = layout.clauses[layout.clause_index(quantities[head].start)]
        cues = [
            m
            for m in lex.domain_cues.finditer(layout.masked, clause.start, quantities[head].start)
            if lex.domains[lex.cue_domain[m.group()]].applies_to(hits[head].spec.code)
        ]
        if len(cues) == len(members):
            for member, cue in zip(members, cues):
                hits[member].domain = lex.cue_domain[cue.group()]
                hits[member].domain_inferred = False


def _previous_quantity_end(i: int, quantities: list[Quantity], layout: Layout) -> int:
    clause = layout.clauses[layout.clause_index(quantities[i].start)]
    if i > 0 and quantities[i - 1].end > clause.start:
        return quantities[i - 1].end
    return clause.start


def _domain(
    spec: MetricSpec,
    pos: int,
    window_start: int,
    layout: Layout,
    lex: Lexicon,
    counted: list[int] | None = None,
    clause_only: bool = False,
    scope: str | None = None,
) -> tuple[str, bool]:
    """The field named nearest before `pos`, and whether it was inferred beyond the sentence.
    `scope` (a rule's own domain_scope) overrides the metric's."""
    scope = scope or spec.domain_scope
    found = _nearest_domain(window_start, pos, spec, layout, lex)
    if found:
        return found, False
    # The clause may name the field after the number: 12家企业列入严重违法失信名单 (but not in an
    # "of which" note: 153件(其中原工商局61件、原食药监局54件) names parts, not the total's field).
    clause = layout.clauses[layout.clause_index(pos)]
    found = _nearest_domain(pos, layout.first_note_start(pos, clause.end), spec, layout, lex)
    if found:
        return found, False
    if clause_only:
        return spec.home_domain or "all", False
    if lex.domain_aggregate.search(layout.masked, window_start, clause.end):
        # 各类许可事项2300件, 对20家企业开展“双随机”抽查: a total over fields (its words before or
        # after the number, in its clause) takes no field from the text before it.
        return spec.home_domain or "all", False
    s_index = layout.sentence_index(pos)
    lo = clause.start if scope == "clause" else layout.sentences[s_index].start
    found = _nearest_domain(lo, window_start, spec, layout, lex)
    if found:
        return found, False
    if lex.domain_aggregate_sentence.search(layout.masked, layout.sentences[s_index].start, pos):
        return spec.home_domain or "all", False
    if scope == "lead":
        # A frame that describes its own objects: only a labelled topic above it (the sub-item's
        # lead, the heading) names its field, not the sentence before.
        for seg in layout.lead_segments(s_index):
            found = _nearest_domain(seg.start, seg.end, spec, layout, lex)
            if found:
                return found, True
    if scope == "paragraph":
        for seg in layout.context_segments(s_index):
            if _lists_parts(seg, counted, spec, layout, lex):
                continue
            found = _nearest_domain(seg.start, seg.end, spec, layout, lex)
            if found:
                return found, True
    return spec.home_domain or "all", False


def _lists_parts(seg: Segment, counted: list[int] | None, spec: MetricSpec, layout: Layout, lex: Lexicon) -> bool:
    """A sentence that counts parts over several fields (查处网络交易违法案件214件;查处商标侵权
    案件157件) sets no topic for the sentences after it; a sentence that only describes the work
    (…食品、医疗…广告治理…深入推进广告监管执法) still does, by its last field."""
    if not counted:
        return False
    numbers = bisect_left(counted, seg.end) - bisect_left(counted, seg.start)
    return numbers >= 2 and len(_fields(seg.start, seg.end, spec, layout, lex)) > 1


def _fields(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> set[str]:
    return {
        lex.cue_domain[m.group()]
        for m in lex.domain_cues.finditer(layout.masked, lo, hi)
        if lex.domains[lex.cue_domain[m.group()]].applies_to(spec.code)
    }


def _nearest_domain(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    if hi <= lo:
        return None
    cues = [
        m
        for m in lex.domain_cues.finditer(layout.masked, lo, hi)
        if lex.domains[lex.cue_domain[m.group()]].applies_to(spec.code)
    ]
    if not cues:
        return None
    last = cues[-1]
    # Several fields listed together (食品、药品、特种设备…许可2851个): the number is all of them.
    # The list is the run of fields that ends with the last one, each joined to the next by a
    # separator (not every field of the clause: 12315平台和12358价格监管平台…价格投诉 is price).
    fields = {lex.cue_domain[last.group()]}
    for prev, cur in zip(reversed(cues[:-1]), reversed(cues)):
        if not FIELD_LINK.match(layout.masked[prev.end() : cur.start()]):
            break
        fields.add(lex.cue_domain[prev.group()])
    if len(fields) > 1:
        return "all"
    return lex.cue_domain[last.group()]


# -- 4. period ----------------------------------------------------------------------------------
def _period(
    i: int,
    quantities: list[Quantity],
    by_clause: dict[int, list[int]],
    hits: dict[int, _Hit],
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool = False,
) -> Period:
    hit = hits[i]
    q = hit.q
    c_index = layout.clause_index(q.start)
    s_index = layout.sentence_index(q.start)
    clause = layout.clauses[c_index]
    found = _period_cue(clause.start, q.start, hit.spec, layout, lex, report_year, mid_year)
    if found:
        return found
    # Earlier clauses of the sentence: a cue carries over only across numbers of the same kind.
    for c in reversed([c for c in layout.sentence_clauses(s_index) if c < c_index]):
        for j in by_clause.get(c, []):
            other = hits.get(j)
            if other is None or other.spec.family != hit.spec.family:
                return "year"
        if _is_part_clause(c, quantities, by_clause, layout, lex):
            continue  # 其中第一季度完成312批次: its period is its own
        seg = layout.clauses[c]
        found = _period_cue(seg.start, seg.end, hit.spec, layout, lex, report_year, mid_year)
        if found:
            return found
    return "year"


def _partial_report(layout: Layout, lex: Lexicon) -> bool:
    """Whether the report covers part of the year only (上半年工作总结, 前三季度工作情况报告):
    its title or opening sentences say so."""
    return bool(lex.partial_report.search(layout.masked[: lex.partial_report_chars]))


def _of_report(period: Period, partial_report: bool) -> Period:
    """In a report on part of the year, a figure with no cue (or with 今年) is part of the year."""
    return "partial" if partial_report and period == "year" else period


def _signed_mid_year(layout: Layout, lex: Lexicon, report_year: int | None) -> bool:
    """Whether the report is signed in its own year before December (a mid-year report)."""
    if report_year is None:
        return False
    tail = layout.folded[-200:]
    dates = list(lex.signed_date.finditer(tail))
    if not dates:
        return False
    year, month = int(dates[-1].group(1)), int(dates[-1].group(2))
    return year == report_year and month < lex.partial_before_month


def _period_cue(
    lo: int,
    hi: int,
    spec: MetricSpec,
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool = False,
) -> Period | None:
    text = layout.masked[lo:hi]
    matches = [(m.end(), m.end() - m.start(), cue.kind, m) for cue in lex.period_cues for m in cue.pattern.finditer(text)]
    if not matches:
        return None
    if spec.reviews_old_documents:
        # 对2015年以来制发的11件规范性文件开展清理: the since-year dates the documents.
        matches = [
            t for t in matches if not (t[2] == "since_year" and lex.since_year_describing.match(text, t[3].end()))
        ]
        if not matches:
            return None
    if spec.stock:
        # 共有/现有 describe a stock: not a period cue for one (截至6月30日,全县共有… is partial).
        matches = [t for t in matches if t[2] != "cumulative_unless_stock"]
        if not matches:
            return None
    end, _, kind, m = max(matches, key=lambda t: (t[0], t[1]))
    if kind in ("cumulative", "cumulative_unless_stock"):
        # 全年…累计办理, 全年共有1.5万户…被列入: accumulated over the year is the year.
        earlier = [k for e, _, k, _ in matches if k in ("year", "year_to_date") and e <= m.start()]
        if earlier:
            return "partial" if earlier[-1] == "year_to_date" and mid_year else "year"
        return "cumulative"
    if kind == "since_year":
        year = int(m.group(1))
        return "cumulative" if report_year is not None and year < report_year else "year"
    if kind == "until_month":
        year = int(m.group(1)) if m.group(1) else None
        if year is not None and report_year is not None and year > report_year:
            return "cumulative"
        if year is not None and report_year is not None and year < report_year:
            return "partial"
        return "partial" if int(m.group(2)) < lex.partial_before_month else "year"
    if kind == "partial":
        return "partial"
    if kind == "year_to_date":
        return "partial" if mid_year else "year"
    return "year"


# -- 5. year-over-year --------------------------------------------------------------------------
def _assign_yoy(
    quantities: list[Quantity], by_clause: dict[int, list[int]], hits: dict[int, _Hit], layout: Layout, lex: Lexicon
) -> None:
    def counted(c: int, until: int) -> list[int]:
        return [j for j in by_clause.get(c, []) if quantities[j].end <= until and quantities[j].kind != "percent"]

    def subjects(cue_at: int) -> list[int]:
        """The subject of the change: numbers before the cue in its clause, or in the previous
        clause when this one opens with the cue (…73208户,同比增长10.86%)."""
        c_index = layout.clause_index(cue_at)
        here = counted(c_index, cue_at)
        if not here and c_index > 0 and layout.clause_sentence[c_index - 1] == layout.clause_sentence[c_index]:
            if len(layout.folded[layout.clauses[c_index].start : cue_at]) <= lex.yoy_max_subject_chars:
                return counted(c_index - 1, cue_at)
        return here

    # 同比持平 / 与上年持平: a change of zero.
    for m in lex.yoy_flat.finditer(layout.folded):
        candidates = subjects(m.start())
        if candidates and candidates[-1] in hits and hits[candidates[-1]].yoy_pct is None:
            hits[candidates[-1]].yoy_pct = 0.0
            hits[candidates[-1]].evidence_end = layout.clauses[layout.clause_index(m.start())].end
    for m in lex.yoy.finditer(layout.folded):
        cue_at = m.start()  # before a leading 分别 (案件数和罚没金额分别同比增长…)
        c_index = layout.clause_index(cue_at)
        clause = layout.clauses[c_index]
        s_index = layout.sentence_index(cue_at)
        candidates = subjects(cue_at)
        if not candidates:
            continue
        down = m.group("dir") in lex.yoy_down
        values = [v for v in (_yoy_value(t, down) for t in YOY_VALUE_RE.findall(m.group("values"))) if v is not None]
        if not values:
            continue
        if (m.group("each") or m.group("pre")) and len(values) > 1:
            # 同比分别增加10%、19%: the listed numbers, in order, across the sentence.
            before = [j for c in layout.sentence_clauses(s_index) if c <= c_index for j in counted(c, cue_at)]
            named = _named_subjects(layout.folded[clause.start : cue_at], before, hits, lex)
            targets = list(zip(named or before[-len(values) :], values))
        else:
            targets = [(candidates[-1], values[0])]
        for j, value in targets:
            if j in hits and hits[j].yoy_pct is None:
                hits[j].yoy_pct = value
                hits[j].evidence_end = clause.end


SUBJECT_SEPARATORS = re.compile(r"[和、及与]")


def _named_subjects(subject: str, before: list[int], hits: dict[int, _Hit], lex: Lexicon) -> list[int] | None:
    """案件数和罚没金额同比分别增长18.6%、25.3%: each named subject is the latest number before
    the cue whose metric's trigger words it contains. None unless every subject resolves."""
    parts = [part for part in SUBJECT_SEPARATORS.split(subject) if part.strip()]
    if len(parts) < 2:
        return None
    out: list[int] = []
    for part in parts:
        found = next(
            (
                j
                for j in reversed(before)
                if j in hits and j not in out and any(p.search(part) for r in hits[j].spec.rules for p in r.before)
            ),
            None,
        )
        if found is None:
            return None
        out.append(found)
    return sorted(out) if out == sorted(out) else None


def _yoy_value(token: str, down: bool) -> float | None:
    times = token.endswith("倍")  # 增长1.5倍 = +150 %
    number = token.removeprefix("百分之").rstrip("%倍")
    parsed = float(number) if number[:1].isdigit() else parse_chinese_numeral(number)
    if parsed is None:
        return None
    value = float(parsed) * (100 if times else 1)
    return -value if down else value


# -- 6. zero in words ---------------------------------------------------------------------------
def _zero_mentions(
    layout: Layout, lex: Lexicon, report_year: int | None, mid_year: bool, partial_report: bool = False
) -> list[MetricMention]:
    out: list[MetricMention] = []
    for rule in lex.zero_rules:
        spec = lex.metrics[rule.metric]
        for m in rule.pattern.finditer(layout.folded):
            if layout.in_plan(m.start()):
                continue
            clause = layout.clauses[layout.clause_index(m.start())]
            if any(b.search(layout.folded, clause.start, m.end()) for b in lex.zero_blockers):
                continue
            domain, inferred = _domain(spec, m.start(), clause.start, layout, lex)
            period = _of_report(
                _period_cue(clause.start, m.start(), spec, layout, lex, report_year, mid_year) or "year", partial_report
            )
            out.append(
                MetricMention(
                    metric=spec.code,
                    domain=domain,
                    value=0.0,
                    unit=spec.unit,
                    approx=False,
                    period=period,
                    yoy_pct=None,
                    evidence=layout.text[clause.start : clause.end],
                    start=clause.start,
                    end=clause.end,
                    rule_id=rule.id,
                    confidence=0.9 * (INFERRED_DOMAIN_FACTOR if inferred else 1.0),
                )
            )
    return out


# -- mention ------------------------------------------------------------------------------------
def _mention(hit: _Hit, period: Period, layout: Layout) -> MetricMention:
    clause = layout.clauses[layout.clause_index(hit.q.start)]
    end = max(clause.end, hit.evidence_end or 0)
    value = hit.q.value
    if hit.spec.unit == "count" and float(value).is_integer():
        value = float(int(value))
    return MetricMention(
        metric=hit.spec.code,
        domain=hit.domain,
        value=value,
        unit=hit.spec.unit,
        approx=hit.q.approx,
        period=period,
        yoy_pct=hit.yoy_pct,
        evidence=layout.text[clause.start : end],
        start=clause.start,
        end=end,
        rule_id=hit.rule_id,
        confidence=round(hit.confidence * (INFERRED_DOMAIN_FACTOR if hit.domain_inferred else 1.0), 3),
    )
