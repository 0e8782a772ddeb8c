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
from dataclasses import dataclass
from pathlib import Path

from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import YOY_VALUE, Lexicon, MetricSpec, Rule, default_lexicon, load_lexicon_file
from scrapers.metrics.numbers import Quantity, find_quantities, parse_chinese_numeral
from scrapers.models import MetricMention, Period

EXTRACTOR_VERSION = "metrics-1.0.0"

YOY_VALUE_RE = re.compile(YOY_VALUE)
LIST_SEPARATOR = re.compile(r"^\s*[、和及与]\s*$")
ENUMERATION = re.compile(r"[、等和及与]")
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


def extract_metrics(
    text: str, report_year: int | None = None, lexicon: Lexicon | str | Path | None = None
) -> list[MetricMention]:
    """Every number in `text` that fits a metric of the lexicon, as mentions in text order."""
    lex = _as_lexicon(lexicon)
    layout = Layout(text, lex)
    mid_year = _signed_mid_year(layout, lex, report_year)
    quantities = [
        q
        for q in find_quantities(text, lex.grammar)
        if not layout.in_plan(q.start) and not layout.in_inclusion_note(q.start)
    ]
    hits: dict[int, _Hit] = {}
    for i, q in enumerate(quantities):
        hit = _best_rule(q, layout, lex)
        if hit is not None:
            hits[i] = hit
    by_clause: dict[int, list[int]] = {}
    for i, q in enumerate(quantities):
        by_clause.setdefault(layout.clause_index(q.start), []).append(i)
    _extend_lists(quantities, hits, layout)
    _assign_domains(quantities, hits, layout, lex)
    _assign_yoy(quantities, by_clause, hits, layout, lex)
    found = [
        (hit.q.start, _mention(hit, _period(i, quantities, by_clause, hits, layout, lex, report_year, mid_year), layout))
        for i, hit in sorted(hits.items())
    ]
    found.extend((m.start, m) for m in _zero_mentions(layout, lex, report_year, mid_year))
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
def _best_rule(q: Quantity, layout: Layout, lex: Lexicon) -> _Hit | None:
    clause = layout.clauses[layout.clause_index(q.start)]
    left = layout.folded[clause.start : q.start]
    right = layout.folded[q.end : clause.end]
    sentence = layout.sentences[layout.sentence_index(q.start)]
    best: tuple[tuple[int, int], _Hit] | None = None
    for spec in lex.metrics.values():
        if not spec.accepts(q.kind, q.unit):
            continue
        for rule in spec.rules:
            gap = _trigger_gap(rule, left, right, lex)
            if gap is None or not _conditions_hold(rule, left, sentence, layout):
                continue
            key = (rule.priority, -len(lex.fillers.sub("", gap)))
            if best is None or key > best[0]:
                best = (key, _Hit(q=q, spec=spec, rule_id=rule.id, confidence=rule.confidence, gap=gap))
    return best[1] if best else None


def _trigger_gap(rule: Rule, left: str, right: str, lex: Lexicon) -> str | None:
    """The words between the rule's trigger and the number, or None when it does not fire."""
    gap: str | None = "" if not rule.before else None
    for pattern in rule.before:
        for m in pattern.finditer(left):
            candidate = left[m.end() :]
            core = lex.fillers.sub("", candidate).strip()
            if len(core) <= rule.max_gap and (gap is None or len(candidate) < len(gap)):
                gap = candidate
    if gap is None:
        return None
    if rule.after and not any(p.match(right) for p in rule.after):
        return None
    return gap


def _conditions_hold(rule: Rule, left: str, sentence: Segment, layout: Layout) -> bool:
    if any(p.search(left) for p in rule.clause_excludes):
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


# -- 3. domain ----------------------------------------------------------------------------------
def _assign_domains(quantities: list[Quantity], hits: dict[int, _Hit], layout: Layout, lex: Lexicon) -> None:
    lists: dict[int, list[int]] = {}
    for i, hit in hits.items():
        if hit.list_head is not None:
            lists.setdefault(hit.list_head, [hit.list_head]).append(i)
    for i, hit in hits.items():
        prev_in_clause = _previous_quantity_end(i, quantities, layout)
        hit.domain, hit.domain_inferred = _domain(hit.spec, hit.q.start, prev_in_clause, layout, lex)
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


def _domain(spec: MetricSpec, pos: int, window_start: int, layout: Layout, lex: Lexicon) -> tuple[str, bool]:
    """The field named nearest before `pos`, and whether it was inferred beyond the sentence."""
    found = _nearest_domain(window_start, pos, spec, layout, lex)
    if found:
        return found, False
    # The clause may name the field after the number: 12家企业列入严重违法失信名单.
    clause = layout.clauses[layout.clause_index(pos)]
    found = _nearest_domain(pos, clause.end, spec, layout, lex)
    if found:
        return found, False
    if lex.domain_aggregate.search(layout.masked, window_start, pos):
        # 各类许可事项2300件: a total over fields takes no field from the text before it.
        return spec.home_domain or "all", False
    s_index = layout.sentence_index(pos)
    lo = clause.start if spec.domain_scope == "clause" else layout.sentences[s_index].start
    found = _nearest_domain(lo, window_start, spec, layout, lex)
    if found:
        return found, False
    if spec.domain_scope == "paragraph":
        for seg in layout.context_segments(s_index):
            found = _nearest_domain(seg.start, seg.end, spec, layout, lex)
            if found:
                return found, True
    return spec.home_domain or "all", False


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
    clause = layout.clauses[layout.clause_index(last.start())]
    part_lo, part_hi = max(clause.start, lo), min(clause.end, hi)
    fields = {lex.cue_domain[m.group()] for m in cues if part_lo <= m.start() < part_hi}
    if len(fields) > 1 and ENUMERATION.search(layout.masked, part_lo, part_hi):
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
        seg = layout.clauses[c]
        found = _period_cue(seg.start, seg.end, hit.spec, layout, lex, report_year, mid_year)
        if found:
            return found
    return "year"


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
    end, _, kind, m = max(matches, key=lambda t: (t[0], t[1]))
    if kind == "cumulative":
        # 全年…累计办理: accumulated over the year is the year.
        if any(k in ("year", "year_to_date") and e <= m.start() for e, _, k, _ in matches):
            return "year"
        return "cumulative"
    if kind == "cumulative_unless_stock":
        return "year" if spec.stock else "cumulative"
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
    for m in lex.yoy.finditer(layout.folded):
        cue_at = m.start()
        c_index = layout.clause_index(cue_at)
        clause = layout.clauses[c_index]
        s_index = layout.sentence_index(cue_at)
        # The subject of the change: numbers before the cue in its clause, or in the previous
        # clause when this one opens with the cue (…73208户,同比增长10.86%).
        def counted(c: int, until: int) -> list[int]:
            return [j for j in by_clause.get(c, []) if quantities[j].end <= until and quantities[j].kind != "percent"]

        here = counted(c_index, cue_at)
        candidates = here
        if not here and c_index > 0 and layout.clause_sentence[c_index - 1] == s_index:
            subject = layout.folded[clause.start : cue_at]
            if len(subject) <= lex.yoy_max_subject_chars:
                candidates = counted(c_index - 1, cue_at)
        if not candidates:
            continue
        down = m.group("dir") in lex.yoy_down
        values = [v for v in (_yoy_value(t, down) for t in YOY_VALUE_RE.findall(m.group("values"))) if v is not None]
        if not values:
            continue
        if m.group("each") and len(values) > 1:
            # 同比分别增加10%、19%: the listed numbers, in order, across the sentence.
            before = [j for c in layout.sentence_clauses(s_index) if c <= c_index for j in counted(c, cue_at)]
            targets = list(zip(before[-len(values) :], values))
        else:
            targets = [(candidates[-1], values[0])]
        for j, value in targets:
            if j in hits and hits[j].yoy_pct is None:
                hits[j].yoy_pct = value
                hits[j].evidence_end = clause.end


def _yoy_value(token: str, down: bool) -> float | None:
    times = token.endswith("倍")  # 增长1.5倍 = +150 %
    number = token.removeprefix("百分之").rstrip("%倍")
    parsed = float(number) if number[:1].isdigit() else parse_chinese_numeral(number)
    if parsed is None:
        return None
    value = float(parsed) * (100 if times else 1)
    return -value if down else value


# -- 6. zero in words ---------------------------------------------------------------------------
def _zero_mentions(layout: Layout, lex: Lexicon, report_year: int | None, mid_year: bool) -> list[MetricMention]:
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
            period = _period_cue(clause.start, m.start(), spec, layout, lex, report_year, mid_year) or "year"
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
