"""Agreement between two people labelling the same real texts (METRICS.md scoring both ways).

    .venv/bin/python bench/label_agreement.py            # totals per text
    .venv/bin/python bench/label_agreement.py --detail   # and each disagreement (shows test-part labels)

tests/metrics/real/agreement/<stem>.jsonl holds a second, independent labelling of a sample of
the frozen test part (tests/metrics/real/test/<stem>.txt), made without seeing the first labels.
Each labelling is scored as if it were an extractor against the other: the first labeller's
required lines found by the second (recall), the second's required lines found by the first, and
attribute agreement (approx, period, yoy) on the lines both have.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scrapers.metrics.scoring import load_gold, score
from scrapers.models import MetricMention

REAL = Path(__file__).resolve().parents[1] / "tests" / "metrics" / "real"


def as_mentions(path: Path) -> list[MetricMention]:
    return [
        MetricMention(g.metric, g.domain, g.value, "", g.approx, g.period, g.yoy_pct, g.evidence, 0, 0, "label")
        for g in load_gold(path)
        if not g.optional
    ]


def main() -> int:
    detail = "--detail" in sys.argv[1:]
    pairs = sorted((REAL / "agreement").glob("*.jsonl"))
    matched_a = missed_a = matched_b = missed_b = 0
    attrs = {"approx": [0, 0], "period": [0, 0], "yoy": [0, 0]}
    for second in pairs:
        first = REAL / "test" / second.name
        a_vs_b = score(as_mentions(second), load_gold(first))  # first labeller's lines found by the second
        b_vs_a = score(as_mentions(first), load_gold(second))
        matched_a += len(a_vs_b.matched)
        missed_a += len(a_vs_b.misses)
        matched_b += len(b_vs_a.matched)
        missed_b += len(b_vs_a.misses)
        for pair in a_vs_b.matched:
            for name in attrs:
                attrs[name][0] += getattr(pair, f"{name}_ok")
                attrs[name][1] += 1
        print(f"{second.stem:36} first→second {len(a_vs_b.matched)}/{len(a_vs_b.matched) + len(a_vs_b.misses)}"
              f"  second→first {len(b_vs_a.matched)}/{len(b_vs_a.matched) + len(b_vs_a.misses)}")
        if detail:
            for line in a_vs_b.report().splitlines()[1:]:
                print("    " + line)
    ra = matched_a / (matched_a + missed_a) if matched_a + missed_a else 1.0
    rb = matched_b / (matched_b + missed_b) if matched_b + missed_b else 1.0
    print(f"\n{len(pairs)} texts: first labeller's required lines found by the second {ra:.3f} "
          f"({matched_a}/{matched_a + missed_a}); second's found by the first {rb:.3f} ({matched_b}/{matched_b + missed_b})")
    print("attributes on shared lines: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in attrs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
