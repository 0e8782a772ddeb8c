"""Scoring extracted mentions against hand labels, as METRICS.md defines it.

A predicted mention matches a gold line with the same metric and domain whose value agrees
within 0.5 %. Matching is a multiset match (each gold line and each prediction used once).
Optional gold lines are neither rewarded nor punished: a prediction that matches one is left out
of precision, and they are not counted in recall. approx, period and yoy_pct are scored on the
matched (non-optional) pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from scrapers.metrics.catalog import load_catalog
from scrapers.models import MetricMention

VALUE_TOLERANCE = 0.005  # relative, from METRICS.md


@dataclass(frozen=True)
class GoldMention:
    metric: str
    domain: str
    value: float
    approx: bool = False
    period: str = "year"
    yoy_pct: float | None = None
    evidence: str = ""
    optional: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> GoldMention:
        return cls(
            metric=data["metric"],
            domain=data.get("domain", "all"),
            value=float(data["value"]),
            approx=bool(data.get("approx", False)),
            period=data.get("period", "year"),
            yoy_pct=None if data.get("yoy_pct") is None else float(data["yoy_pct"]),
            evidence=data.get("evidence", ""),
            optional=bool(data.get("optional", False)),
        )


@dataclass(frozen=True)
class LabelledReport:
    """A report text with its hand labels (<stem>.txt, <stem>.jsonl, <stem>.meta.json)."""

    stem: str
    text_path: Path
    gold_path: Path
    report_year: int | None
    published: str | None = None  # YYYY-MM-DD, from the meta file when the page shows it

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")


def labelled_reports(text_dir: Path, gold_dir: Path) -> list[LabelledReport]:
    """Every report in text_dir that has labels in gold_dir, in name order."""
    out = []
    for text_path in sorted(text_dir.glob("*.txt")):
        gold = gold_dir / f"{text_path.stem}.jsonl"
        if not gold.exists():
            continue
        meta_path = gold_dir / f"{text_path.stem}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        out.append(LabelledReport(text_path.stem, text_path, gold, meta.get("report_year"), meta.get("published")))
    return out


def load_gold(path: str | Path) -> list[GoldMention]:
    """One JSON object a line (blank lines allowed)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [GoldMention.from_dict(json.loads(line)) for line in lines if line.strip()]


@dataclass(frozen=True)
class Pair:
    gold: GoldMention
    predicted: MetricMention

    @property
    def approx_ok(self) -> bool:
        return self.gold.approx == self.predicted.approx

    @property
    def period_ok(self) -> bool:
        return self.gold.period == self.predicted.period

    @property
    def yoy_ok(self) -> bool:
        g, p = self.gold.yoy_pct, self.predicted.yoy_pct
        if g is None or p is None:
            return g is None and p is None
        return values_agree(g, p)


@dataclass
class ScoreResult:
    matched: list[Pair] = field(default_factory=list)  # pairs with a required gold line
    optional_matched: list[Pair] = field(default_factory=list)  # neither rewarded nor punished
    misses: list[GoldMention] = field(default_factory=list)  # required gold lines not found
    false_positives: list[MetricMention] = field(default_factory=list)
    ignored: list[MetricMention] = field(default_factory=list)  # metrics outside the catalog

    @property
    def precision(self) -> float:
        scored = len(self.matched) + len(self.false_positives)
        return len(self.matched) / scored if scored else 1.0

    @property
    def recall(self) -> float:
        required = len(self.matched) + len(self.misses)
        return len(self.matched) / required if required else 1.0

    def _share(self, ok: str) -> float:
        return sum(getattr(p, ok) for p in self.matched) / len(self.matched) if self.matched else 1.0

    @property
    def approx_accuracy(self) -> float:
        return self._share("approx_ok")

    @property
    def period_accuracy(self) -> float:
        return self._share("period_ok")

    @property
    def yoy_accuracy(self) -> float:
        return self._share("yoy_ok")

    @property
    def attribute_errors(self) -> list[Pair]:
        return [p for p in self.matched if not (p.approx_ok and p.period_ok and p.yoy_ok)]

    def summary(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} "
            f"approx={self.approx_accuracy:.3f} period={self.period_accuracy:.3f} yoy={self.yoy_accuracy:.3f} "
            f"(matched {len(self.matched)}, optional {len(self.optional_matched)}, "
            f"missed {len(self.misses)}, false {len(self.false_positives)})"
        )

    def report(self) -> str:
        """The summary plus every miss, false positive and attribute error, with evidence."""
        lines = [self.summary()]
        for g in self.misses:
            lines.append(f"  MISS  {g.metric}/{g.domain}={g.value:g} [{g.period}] «{g.evidence}»")
        for p in self.false_positives:
            lines.append(f"  FALSE {p.metric}/{p.domain}={p.value:g} [{p.period}] ({p.rule_id}) «{p.evidence}»")
        for pair in self.attribute_errors:
            g, p = pair.gold, pair.predicted
            lines.append(
                f"  ATTR  {g.metric}/{g.domain}={g.value:g}: gold approx={g.approx} period={g.period} "
                f"yoy={g.yoy_pct} | got approx={p.approx} period={p.period} yoy={p.yoy_pct} «{p.evidence}»"
            )
        return "\n".join(lines)


def values_agree(gold: float, predicted: float) -> bool:
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= VALUE_TOLERANCE * abs(gold)


def score(
    predicted: Iterable[MetricMention], gold: Iterable[GoldMention], metric_codes: Iterable[str] | None = None
) -> ScoreResult:
    """Multiset match on (metric, domain, value within 0.5 %)."""
    codes = set(metric_codes) if metric_codes is not None else set(load_catalog())
    result = ScoreResult()
    preds: list[MetricMention] = []
    for p in predicted:
        (preds if p.metric in codes else result.ignored).append(p)
    golds = list(gold)
    required = [g for g in golds if not g.optional]
    optional = [g for g in golds if g.optional]

    used_preds: set[int] = set()
    for pred_i, gold_i in _max_matching(preds, required, set()):
        result.matched.append(Pair(required[gold_i], preds[pred_i]))
        used_preds.add(pred_i)
    matched_required = {id(p.gold) for p in result.matched}
    result.misses = [g for g in required if id(g) not in matched_required]
    for pred_i, gold_i in _max_matching(preds, optional, used_preds):
        result.optional_matched.append(Pair(optional[gold_i], preds[pred_i]))
        used_preds.add(pred_i)
    result.false_positives = [p for i, p in enumerate(preds) if i not in used_preds]
    return result


def _max_matching(
    preds: list[MetricMention], golds: list[GoldMention], taken: set[int]
) -> list[tuple[int, int]]:
    """Maximum bipartite matching (Kuhn's augmenting paths); edges to the closest values and
    to predictions with the right attributes are tried first so ties resolve sensibly."""
    edges: dict[int, list[int]] = {}
    for gi, g in enumerate(golds):
        cands = [
            pi
            for pi, p in enumerate(preds)
            if pi not in taken and p.metric == g.metric and p.domain == g.domain and values_agree(g.value, p.value)
        ]
        cands.sort(key=lambda pi: (abs(preds[pi].value - g.value), not Pair(g, preds[pi]).period_ok, not Pair(g, preds[pi]).yoy_ok))
        edges[gi] = cands
    owner: dict[int, int] = {}  # pred index → gold index

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(golds)):
        augment(gi, set())
    return sorted(owner.items())
