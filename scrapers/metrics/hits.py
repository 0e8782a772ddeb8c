"""A quantity that a metric rule fired on, carried through the later stages (lists, domain, period, yoy)."""

from __future__ import annotations

from dataclasses import dataclass

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
    number_first: bool = False  # the rule reads the number's phrase after it (105批次…产品质量抽查信息)  # the rule's own domain_scope, overriding the metric's
