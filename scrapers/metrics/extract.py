"""Metric mentions from the body of a report: the rules of data/lexicon.yaml applied to the
quantities of numbers.py.

The stages, each in a module of its own, run in this order:
1. quantities: numbers with a unit (numbers.py; table cells: tables.py), minus those in next
   year's plans and in "of which" notes;
2. metric: the highest-priority rule whose trigger words sit next to the quantity in its clause
   (rules.py); list continuations (分别为46件、19件和6件), items and parts take the metric of
   their head (lists.py);
3. domain (domain.py): as METRICS.md orders it: the number's own phrase, its clause and
   sentence, the lead of its sub-item or its heading when that names one field; totals are `all`;
   else the metric's home field, or `all`;
4. period (period.py): 累计/截至N月/2018年以来 cues before the number (今年以来 is part of the year only in a
   report signed before December of its own year);
5. year-over-year change (yoy.py): 同比增长X% right after the number;
6. zero stated in words (zero.py: 暂无败诉案件).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from scrapers.metrics.domain import INFERRED_DOMAIN_FACTOR, assign_domains
from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import Lexicon, default_lexicon, load_lexicon_file
from scrapers.metrics.lists import (
    extend_accepted,
    extend_back_lists,
    extend_breakdowns,
    extend_by_kind,
    extend_checked_kinds,
    extend_entity_kinds,
    extend_field_lists,
    extend_sampled_items,
    extend_sampled_kinds,
    extend_shares_of_named_totals,
    extend_item_verbs,
    extend_lists,
    extend_part_heads,
    extend_parts,
    extend_restatements,
    name_list_members,
    reassign_to_review_topic,
)
from scrapers.metrics.numbers import find_quantities, shared_unit_items
from scrapers.metrics.period import (
    multi_year_report, names_report_year, of_report, partial_report, period_of, signed_date, signed_mid_year,
)
from scrapers.metrics.rules import best_rule
from scrapers.metrics.tables import table_cells
from scrapers.metrics.yoy import assign_yoy
from scrapers.metrics.zero import zero_mentions
from scrapers.models import MetricMention, Period

EXTRACTOR_VERSION = "metrics-1.18.0"


def extract_metrics(
    text: str,
    report_year: int | None = None,
    lexicon: Lexicon | str | Path | None = None,
    published: str | None = None,
) -> list[MetricMention]:
    """Every number in `text` that fits a metric of the lexicon, as mentions in text order.

    `published` (YYYY-MM-DD) is the page's publication date when known: a text published in its
    own report year before December cannot state full-year figures, so its cue-less figures, and
    its 今年以来 / 截至目前, are part of the year."""
    if _PINYIN_GLOSS.search(text):
        # Big5 mirrors of government sites gloss some characters with pinyin (經(jīng)濟): read the
        # text without them, then point the evidence back into the text as given.
        clean, origin = _without_glosses(text)
        return [
            replace(m, start=origin[m.start], end=origin[m.end - 1] + 1, evidence=text[origin[m.start] : origin[m.end - 1] + 1])
            for m in extract_metrics(clean, report_year, lexicon, published)
        ]
    lex = _as_lexicon(lexicon)
    layout = Layout(text, lex)
    # A text on several years (整个“十四五”期间…) is not on part of one, whenever it was published.
    multi_year = multi_year_report(layout, lex)
    published_mid_year = not multi_year and _published_mid_year(published, report_year, lex)
    mid_year = published_mid_year or (not multi_year and signed_mid_year(layout, lex, report_year))
    part_report = not multi_year and (published_mid_year or partial_report(layout, lex))
    # A notice of one sampling round (本次抽检): its sampling figures are part of the year.
    sampling_round = not multi_year and lex.sampling_round.search(layout.folded) is not None
    # A text on part of its year: 今年以来, 截至目前 and a plain 累计 count the year so far.
    # None: not known (no publication date, no signing date), which period.py reads per cue.
    part_of_year: bool | None = mid_year or part_report
    if not part_of_year and not multi_year and published is None and not signed_date(layout, lex):
        part_of_year = None
    cells = table_cells(layout, lex, report_year)
    found = find_quantities(text, lex.grammar, folded=layout.folded)
    quantities = sorted(
        (
            q
            for q in [*found, *shared_unit_items(layout.folded, found), *(c.q for c in cells.values())]
            if not layout.in_plan(q.start) and not layout.in_inclusion_note(q.start)
        ),
        key=lambda q: q.start,
    )
    hits: dict[int, Hit] = {}
    for i, q in enumerate(quantities):
        cell = cells.get(q.start)
        hit = None if cell is not None and cell.by_title else best_rule(q, layout, lex, cell.label_end if cell else None)
        if hit is None and cell is not None and cell.title:
            # 投诉 | 举报: the column says; its rows break a total down (by unit, by kind of goods).
            hit = best_rule(q, layout, lex, cell.label_end, cell.title)
            if hit is not None:
                hit.rule_id += "+column"
        if hit is not None:
            hits[i] = hit
    by_clause: dict[int, list[int]] = {}
    for i, q in enumerate(quantities):
        by_clause.setdefault(layout.clause_index(q.start), []).append(i)
    extend_restatements(quantities, hits, layout, lex)
    extend_lists(quantities, hits, layout)
    extend_sampled_items(quantities, hits, layout)
    extend_field_lists(quantities, hits, layout, lex, cells)
    name_list_members(quantities, hits, layout, lex)
    extend_parts(quantities, hits, layout, lex, cells)
    extend_accepted(quantities, hits, layout, lex)
    extend_part_heads(quantities, hits, layout, lex)
    extend_item_verbs(quantities, hits, layout, lex)
    extend_breakdowns(quantities, hits, layout, lex)
    extend_back_lists(quantities, hits, layout)
    extend_entity_kinds(quantities, hits, layout)
    extend_checked_kinds(quantities, hits, layout)
    extend_by_kind(quantities, hits, layout, lex)
    extend_sampled_kinds(quantities, hits, layout)
    extend_shares_of_named_totals(quantities, hits, layout, lex)
    reassign_to_review_topic(quantities, hits, layout, lex)
    assign_domains(quantities, hits, layout, lex, cells)
    assign_yoy(quantities, by_clause, hits, layout, lex, part_of_year=part_of_year)
    for i, hit in hits.items():
        cell = cells.get(hit.q.start)
        if cell is not None and cell.q is hit.q and cell.yoy_pct is not None:
            hit.yoy_pct = cell.yoy_pct
    found = [
        (
            hit.q.start,
            _mention(
                hit,
                of_report(
                    period_of(i, quantities, by_clause, hits, layout, lex, report_year, part_of_year),
                    part_report or (sampling_round and hit.spec.code.startswith("sampling_")),
                    multi_year and not names_report_year(hit.q.start, layout, lex, report_year),
                ),
                layout,
            ),
        )
        for i, hit in sorted(hits.items())
    ]
    found.extend((m.start, m) for m in zero_mentions(layout, lex, report_year, part_of_year, part_report))
    # Text order of the numbers themselves (two mentions may share one clause as evidence).
    found.sort(key=lambda pair: pair[0])
    return [m for _, m in found]


# (The bracket first, the character before it looked behind for: a pattern opening on a
# lookbehind is tried at every position of the text, one opening on a bracket only at brackets.)
_PINYIN_GLOSS = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def _without_glosses(text: str) -> tuple[str, list[int]]:
    """The text without pinyin glosses, and for each of its characters the offset in `text`."""
    kept: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _PINYIN_GLOSS.finditer(text):
        kept.append(text[pos : m.start()])
        origin.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(kept), origin


def _published_mid_year(published: str | None, report_year: int | None, lex: Lexicon) -> bool:
    if not published or report_year is None:
        return False
    m = re.match(r"(\d{4})-(\d{1,2})", published)
    return bool(m) and int(m.group(1)) == report_year and int(m.group(2)) < lex.partial_before_month


def _as_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    if lexicon is None:
        return default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon_file(lexicon)



# -- mention ------------------------------------------------------------------------------------
def _mention(hit: Hit, period: Period, layout: Layout) -> MetricMention:
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
