"""Stage 3: which field (domain) a mention gets, in the order of METRICS.md "Which domain a number gets"."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import Lexicon, MetricSpec
from scrapers.metrics.numbers import Quantity

if TYPE_CHECKING:
    from scrapers.metrics.tables import Cell

# What may stand between two fields of one list: nothing (食品药品), or a few words and then a
# separator (食品生产经营、药品经营). 12315平台和12358价格监管平台 is not a list of fields.
# A field named this far from the number is an inference, so the mention is less certain.
INFERRED_DOMAIN_FACTOR = 0.9
# A list of fields joined by separators.
FIELD_LINK = re.compile(r"^(?:[^,;。、和及与]{0,6}[、和及与])?$")


def assign_domains(
    quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon, cells: dict[int, Cell] | None = None
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
        hit.domain, hit.domain_inferred = domain_of(
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


def domain_of(
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
    return numbers >= 2 and len(fields_between(seg.start, seg.end, spec, layout, lex)) > 1


def fields_between(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> set[str]:
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

