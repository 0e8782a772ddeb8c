"""A quantity that a metric rule fired on, carried through the later stages (lists, domain, period, yoy)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import MetricSpec
from scrapers.metrics.numbers import Quantity


@dataclass
class Hit:
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
    domain_scope: str | None = None
    home_domain: str | None = None  # the rule's own home field, overriding the metric's
    number_first: bool = False  # the rule reads the number's phrase after it (105批次…产品质量抽查信息)


def total_pointed_back(
    i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, opener: re.Pattern[str]
) -> int | None:
    """The figure a sentence opening with `opener` (其中, 相关…, matched at the sentence's start)
    points back at: the first figure of the sentence before of the same family as figure i, else
    its first figure; None when the sentence does not open so or the one before has none. (The
    sentence before may end the paragraph before: 其中 may open a paragraph of its own.)"""
    s = layout.sentence_index(quantities[i].start)
    if s == 0 or not opener.match(layout.masked, layout.sentences[s].start):
        return None
    prev = layout.sentences[s - 1]
    before = [j for j in sorted(hits) if prev.start <= quantities[j].start < prev.end]
    same = [j for j in before if hits[j].spec.family == hits[i].spec.family]
    return (same or before or [None])[0]
