"""Agreement between two people labelling the same real texts (METRICS.md scoring both ways).

    .venv/bin/python bench/label_agreement.py                     # agreement/: 12 texts of the frozen test part
    .venv/bin/python bench/label_agreement.py --set agreement2    # agreement2/: 30 texts of dev_r, dev_w, dev_x
    .venv/bin/python bench/label_agreement.py --detail            # and each disagreement

tests/metrics/real/agreement/<stem>.jsonl is a second, independent labelling of a sample of the
frozen test part (tests/metrics/real/test/<stem>.txt); agreement2/<part>__<stem>.jsonl of a sample
of three development rounds (tests/metrics/real/<part>/<stem>.txt). Both were made without seeing
the first labels. Each labelling is scored as if it were an extractor against the other, with the
benchmark's scoring: the second labeller's required lines against the first's gold (precision and
recall: the first's required lines found), and attribute agreement (approx, period, yoy) on the
lines both have. On agreement2 (development text, which the extractor may be run on) the
extractor is scored against each labelling of the same texts too: how close it comes to what a
second person reaches is the ceiling that single-labeller gold allows.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.metrics.extract import extract_metrics  # noqa: E402
from scrapers.metrics.scoring import ScoreResult, load_gold, score  # noqa: E402
from scrapers.models import MetricMention  # noqa: E402

REAL = REPO / "tests" / "metrics" / "real"


def as_mentions(path: Path) -> list[MetricMention]:
    return [
        MetricMention(g.metric, g.domain, g.value, "", g.approx, g.period, g.yoy_pct, g.evidence, 0, 0, "label")
        for g in load_gold(path)
        if not g.optional
    ]


@dataclass
class Tally:
    matched: int = 0
    false: int = 0
    missed: int = 0
    attrs: dict[str, list[int]] = field(default_factory=lambda: {"approx": [0, 0], "period": [0, 0], "yoy": [0, 0]})

    def add(self, s: ScoreResult) -> None:
        self.matched += len(s.matched)
        self.false += len(s.false_positives)
        self.missed += len(s.misses)
        for pair in s.matched:
            for name, counts in self.attrs.items():
                counts[0] += getattr(pair, f"{name}_ok")
                counts[1] += 1

    def line(self) -> str:
        p = self.matched / (self.matched + self.false) if self.matched + self.false else 1.0
        r = self.matched / (self.matched + self.missed) if self.matched + self.missed else 1.0
        attrs = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in self.attrs.items())
        return f"P {p:.3f} / R {r:.3f} (matched {self.matched}, false {self.false}, missed {self.missed}; {attrs})"


def pairs(name: str) -> list[tuple[Path, Path]]:
    """(second labelling, first labelling) of each text of the set."""
    out = []
    for second in sorted((REAL / name).glob("*.jsonl")):
        part, _, stem = second.stem.rpartition("__")
        out.append((second, REAL / (part or "test") / f"{stem}.jsonl"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="agreement", choices=["agreement", "agreement2"])
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args()
    second_vs_first, first_vs_second = Tally(), Tally()
    ours_vs_first, ours_vs_second = Tally(), Tally()
    run_ours = args.set != "agreement"  # agreement/ is frozen test text: the extractor is not run here
    for second, first in pairs(args.set):
        a = score(as_mentions(second), load_gold(first))
        b = score(as_mentions(first), load_gold(second))
        second_vs_first.add(a)
        first_vs_second.add(b)
        row = f"{second.stem:48} second vs first: matched {len(a.matched)}, false {len(a.false_positives)}, missed {len(a.misses)}"
        if run_ours:
            meta = json.loads(first.with_suffix(".meta.json").read_text(encoding="utf-8"))
            text = first.with_suffix(".txt").read_text(encoding="utf-8")
            ours = extract_metrics(text, meta.get("report_year"), published=meta.get("published"))
            o1, o2 = score(ours, load_gold(first)), score(ours, load_gold(second))
            ours_vs_first.add(o1)
            ours_vs_second.add(o2)
            row += f"  | ours vs first {len(o1.matched)}/{len(o1.false_positives)}/{len(o1.misses)}, vs second {len(o2.matched)}/{len(o2.false_positives)}/{len(o2.misses)}"
        print(row)
        if args.detail:
            for line in a.report().splitlines()[1:]:
                print("    " + line)
    n = len(pairs(args.set))
    print(f"\n{n} texts ({args.set}), scored as the benchmark scores an extractor:")
    print(f"  second labeller against the first's gold: {second_vs_first.line()}")
    print(f"  first labeller against the second's gold: {first_vs_second.line()}")
    if run_ours:
        print(f"  extractor against the first's gold:       {ours_vs_first.line()}")
        print(f"  extractor against the second's gold:      {ours_vs_second.line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
