"""Stage 6: zero stated in words (暂无败诉案件, 未收到行政复议申请) is a value of 0."""

from __future__ import annotations

from scrapers.metrics.domain import INFERRED_DOMAIN_FACTOR, domain_of
from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import Lexicon
from scrapers.metrics.period import of_report, period_cue
from scrapers.models import MetricMention


def zero_mentions(
    layout: Layout, lex: Lexicon, report_year: int | None, mid_year: bool, partial_report: bool = False
) -> list[MetricMention]:
    out: list[MetricMention] = []
    for rule in lex.zero_rules:
        if rule.needs and not any(word in layout.folded for word in rule.needs):
            continue
        spec = lex.metrics[rule.metric]
        for m in rule.pattern.finditer(layout.folded):
            if layout.in_plan(m.start()):
                continue
            clause = layout.clauses[layout.clause_index(m.start())]
            if any(b.search(layout.folded, clause.start, m.end()) for b in lex.zero_blockers):
                continue
            # The zero phrase itself (全部合格, 均未败诉) is no total over fields: read around it.
            domain, inferred = domain_of(spec, m.start(), m.end(), layout, lex)
            period = of_report(
                period_cue(clause.start, m.start(), spec, layout, lex, report_year, mid_year) or "year", partial_report
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

