"""Benchmark of the metric extractor against hand labels, next to a naive baseline.

    .venv/bin/python bench/bench_metrics.py                      # every group
    .venv/bin/python bench/bench_metrics.py --gold-only
    .venv/bin/python bench/bench_metrics.py --group real_dev     # only these groups (repeatable)

Groups, each with its own totals:
- `real_test` … `real_test23`: tests/metrics/real/test, test2 … test23, the FROZEN real test parts: real text of real pages,
  labelled before the extractor was ever run on it, never tuned on. Its per-report errors are
  not printed (only totals) unless --show-test-errors is given: looking at them spends the set.
  This is the headline figure.
- `real_dev`: tests/metrics/real/dev_*, real text of real pages labelled before any run,
  then used to develop the rules (its first, untuned figure is recorded in its README).
- `gold`: the three labelled reports of ../shared.
- `fixture` (tests/metrics/fixtures) and `written1`..`written8` (tests/metrics/written/roundN):
  texts the team wrote and labelled itself, each round labelled before it was run and then tuned
  on; they share their writers' view of the language and are unit fixtures, not held-out figures.

Untuned figures of the written rounds, as recorded when each was first run:
    round2 on metrics-1.1.0  P=0.968 R=0.923 approx=1.000 period=0.800 yoy=1.000
    round3 on metrics-1.1.0  P=0.981 R=0.814 approx=1.000 period=0.829 yoy=1.000
    round4 on metrics-1.2.0  P=0.952 R=0.909 approx=1.000 period=1.000 yoy=0.967
    round5 on metrics-1.2.0  P=0.930 R=0.876 approx=1.000 period=0.992 yoy=0.967  (matched 120, false 9, missed 17)
    round6 on metrics-1.3.0  P=0.959 R=0.949 approx=1.000 period=1.000 yoy=1.000  (matched 93, false 4, missed 5)
    round7 on metrics-1.3.0  P=0.988 R=0.924 approx=1.000 period=1.000 yoy=0.988  (matched 85, false 1, missed 7)
    round8 on metrics-1.4.0  P=0.963 R=0.929 approx=1.000 period=1.000 yoy=1.000  (matched 52, false 2, missed 4)

Per report: precision, recall, approx/period/yoy accuracy on matched pairs (METRICS.md scoring),
extraction time, every miss and false positive with its evidence; and the same figures for a
naive baseline ("an Arabic number followed by a catalog unit word, with a typical phrase of that
metric just before it"; its domain is the nearest domains.csv `includes` word in the 30 characters
before the number, else `all`; period `year`) so the extractor's figure reads as a ratio.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


from scrapers.metrics.catalog import CatalogMetric, load_catalog, load_domains  # noqa: E402
from scrapers.metrics.extract import EXTRACTOR_VERSION, extract_metrics  # noqa: E402
from scrapers.metrics.scoring import ScoreResult, labelled_reports, load_gold, score  # noqa: E402
from scrapers.models import MetricMention  # noqa: E402

SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "metrics" / "fixtures"
METRICS_TESTS = REPO / "tests" / "metrics"
# Group name -> folders holding <stem>.txt / .jsonl / .meta.json, in the order they are reported.
GROUP_DIRS: dict[str, tuple[Path, ...]] = {
    "real_test": (METRICS_TESTS / "real" / "test",),
    "real_test2": (METRICS_TESTS / "real" / "test2",),
    "real_test3": (METRICS_TESTS / "real" / "test3",),
    "real_test4": (METRICS_TESTS / "real" / "test4",),
    "real_test5": (METRICS_TESTS / "real" / "test5",),
    "real_test6": (METRICS_TESTS / "real" / "test6",),
    "real_test7": (METRICS_TESTS / "real" / "test7",),
    "real_test8": (METRICS_TESTS / "real" / "test8",),
    "real_test9": (METRICS_TESTS / "real" / "test9",),
    "real_test10": (METRICS_TESTS / "real" / "test10",),
    "real_test11": (METRICS_TESTS / "real" / "test11",),
    "real_test12": (METRICS_TESTS / "real" / "test12",),
    "real_test13": (METRICS_TESTS / "real" / "test13",),
    "real_test14": (METRICS_TESTS / "real" / "test14",),
    "real_test15": (METRICS_TESTS / "real" / "test15",),
    "real_test16": (METRICS_TESTS / "real" / "test16",),
    "real_test17": (METRICS_TESTS / "real" / "test17",),
    "real_test18": (METRICS_TESTS / "real" / "test18",),
    "real_test19": (METRICS_TESTS / "real" / "test19",),
    "real_test20": (METRICS_TESTS / "real" / "test20",),
    "real_test21": (METRICS_TESTS / "real" / "test21",),
    "real_test22": (METRICS_TESTS / "real" / "test22",),
    "real_test23": (METRICS_TESTS / "real" / "test23",),
    "real_dev": tuple(sorted(p for p in (METRICS_TESTS / "real").glob("dev_*") if p.is_dir())),
    "fixture": (FIXTURES,),
    **{f"written{n}": (METRICS_TESTS / "written" / f"round{n}",) for n in range(1, 9)},
}
FROZEN = (
    "real_test", "real_test2", "real_test3", "real_test4", "real_test5", "real_test6", "real_test7", "real_test8", "real_test9",
    "real_test10", "real_test11", "real_test12", "real_test13", "real_test14", "real_test15", "real_test16",
    "real_test17", "real_test18", "real_test19", "real_test20", "real_test21", "real_test22", "real_test23",
)
GROUPS = (*FROZEN, "real_dev", "gold", *(g for g in GROUP_DIRS if g not in (*FROZEN, "real_dev")))


@dataclass(frozen=True)
class Labelled:
    name: str  # "<group>/<stem>"
    text: str  # read once: extraction is timed on it
    gold: Path
    report_year: int | None
    published: str | None = None


def labelled(text_dir: Path, gold_dir: Path, prefix: str) -> list[Labelled]:
    return [
        Labelled(f"{prefix}{r.stem}", r.text, r.gold_path, r.report_year, r.published)
        for r in labelled_reports(text_dir, gold_dir)
    ]


# -- naive baseline -----------------------------------------------------------------------------
BASELINE_WINDOW = 12  # characters before the number where the phrase must start
BASELINE_DOMAIN_WINDOW = 30
SCALES = {"万": 1e4, "亿": 1e8}


def baseline_rules(catalog: dict[str, CatalogMetric]) -> list[tuple[str, str, str, re.Pattern[str]]]:
    """(metric, unit, keyword, number+unit regex) from each typical phrase 'XXXXN<unit>'."""
    rules = []
    for metric in catalog.values():
        for phrase in metric.typical_phrases:
            if "N" not in phrase:
                continue
            before, after = phrase.split("N", 1)
            keyword = before[-4:]
            unit = re.match(r"[%万亿元个批次家户件宗起份张条项笔名]+", after)
            if not keyword or not unit:
                continue
            pattern = re.compile(r"(\d+(?:\.\d+)?)" + re.escape(unit.group()))
            rules.append((metric.code, metric.unit, keyword, pattern))
    return rules


def baseline_domain(text: str, pos: int, words: dict[str, str]) -> str:
    window = text[max(0, pos - BASELINE_DOMAIN_WINDOW) : pos]
    best, best_at = "all", -1
    for word, code in words.items():
        at = window.rfind(word)
        if at > best_at:
            best, best_at = code, at
    return best


def baseline_extract(text: str, rules) -> list[MetricMention]:
    words = {w: d.code for d in load_domains().values() for w in d.includes}
    out: list[MetricMention] = []
    seen: set[tuple[int, str]] = set()
    for code, unit, keyword, pattern in rules:
        for m in pattern.finditer(text):
            window = text[max(0, m.start() - BASELINE_WINDOW) : m.start()]
            if keyword not in window or (m.start(), code) in seen:
                continue
            seen.add((m.start(), code))
            value = float(m.group(1))
            for scale, factor in SCALES.items():
                if m.group().removeprefix(m.group(1)).startswith(scale):
                    value *= factor
            domain = baseline_domain(text, m.start(), words)
            out.append(MetricMention(code, domain, value, unit, False, "year", None, m.group(), m.start(), m.end(), "baseline"))
    return out


# -- running ------------------------------------------------------------------------------------
def timed_extract(report: Labelled, runs: int = 5) -> tuple[list[MetricMention], float]:
    mentions = extract_metrics(report.text, report.report_year, published=report.published)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        extract_metrics(report.text, report.report_year, published=report.published)
        timings.append(time.perf_counter() - start)
    return mentions, statistics.median(timings)


def figures(r: ScoreResult) -> str:
    return (
        f"P={r.precision:.3f} R={r.recall:.3f} approx={r.approx_accuracy:.3f} "
        f"period={r.period_accuracy:.3f} yoy={r.yoy_accuracy:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-only", action="store_true", help="only the gold reports in ../shared")
    parser.add_argument("--group", action="append", choices=GROUPS, help="run only these groups (repeatable)")
    parser.add_argument("--show-baseline-errors", action="store_true")
    parser.add_argument(
        "--part", action="append", metavar="DEV_X",
        help="with real_dev: only these development parts (a new round is scored alone, untuned, first)",
    )
    parser.add_argument(
        "--show-test-errors", action="store_true", help="print the frozen real test part's errors (spends the set)"
    )
    args = parser.parse_args(argv)

    groups = args.group or (["gold"] if args.gold_only else list(GROUPS))
    reports: list[Labelled] = []
    if "gold" in groups and SHARED.exists():
        reports += labelled(SHARED / "corpus", SHARED / "gold", "gold/")
    for group, folders in GROUP_DIRS.items():
        for folder in folders:
            if group == "real_dev" and args.part and folder.name not in args.part:
                continue
            if group in groups and folder.exists():
                reports += labelled(folder, folder, f"{group}/")
    if not reports:
        print(f"no labelled reports found ({SHARED} missing?)")
        return 1

    start = time.perf_counter()
    extract_metrics("立案1件。", 2023)
    cold = time.perf_counter() - start
    rules = baseline_rules(load_catalog())
    print(f"extractor {EXTRACTOR_VERSION}; first call (loads rules) {cold * 1000:.0f} ms")
    print()

    totals: dict[tuple[str, str], list[ScoreResult]] = {}
    for report in reports:
        gold = load_gold(report.gold)
        mentions, seconds = timed_extract(report)
        ours = score(mentions, gold)
        naive = score(baseline_extract(report.text, rules), gold)
        group = report.name.split("/", 1)[0]
        totals.setdefault((group, "extractor"), []).append(ours)
        totals.setdefault((group, "baseline"), []).append(naive)
        totals.setdefault(("ALL", "extractor"), []).append(ours)
        totals.setdefault(("ALL", "baseline"), []).append(naive)
        if group.startswith("real_test") and not args.show_test_errors:
            continue  # the frozen part: totals only
        size = len(report.text.encode("utf-8")) / 1000
        required = sum(not g.optional for g in gold)
        print(f"== {report.name}  ({size:.1f} kB, {required} required + {len(gold) - required} optional gold lines)")
        print(f"   extractor  {figures(ours)}  time {seconds * 1000:.1f} ms  ({len(mentions)} mentions)")
        print(f"   baseline   {figures(naive)}")
        ratio_p = ours.precision / naive.precision if naive.precision else float("inf")
        ratio_r = ours.recall / naive.recall if naive.recall else float("inf")
        print(f"   ratio      P x{ratio_p:.2f}  R x{ratio_r:.2f}")
        for line in ours.report().splitlines()[1:]:
            print("   " + line)
        if args.show_baseline_errors:
            for line in naive.report().splitlines()[1:]:
                print("   baseline" + line)
        print()

    order = [g for g in (*GROUPS, "ALL") if (g, "extractor") in totals]
    for group in order:
        for name in ("extractor", "baseline"):
            print(f"overall {group:9} {name:9}  {pooled(totals[(group, name)])}")
    return 0


def pooled(results: list[ScoreResult]) -> str:
    """Micro-averaged figures over several reports (mentions pooled, not reports averaged)."""
    matched = sum(len(r.matched) for r in results)
    false = sum(len(r.false_positives) for r in results)
    missed = sum(len(r.misses) for r in results)
    p = matched / (matched + false) if matched + false else 1.0
    rec = matched / (matched + missed) if matched + missed else 1.0
    pairs = [pair for r in results for pair in r.matched]

    def share(ok: str) -> float:
        return sum(getattr(pair, ok) for pair in pairs) / len(pairs) if pairs else 1.0

    return (
        f"P={p:.3f} R={rec:.3f} approx={share('approx_ok'):.3f} period={share('period_ok'):.3f} "
        f"yoy={share('yoy_ok'):.3f}  (matched {matched}, false {false}, missed {missed})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
