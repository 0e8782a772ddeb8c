"""The extractor on reports it was not written for (tests/metrics/heldout, heldout2-8).

All sets were hand-labelled from METRICS.md / catalog.csv only, before the extractor was run on
them; heldout to heldout3 and heldout5 were also written before their author read the rules
(heldout4 and heldout6 were not: each was written after a release, by that release's author).
`heldout` was used to find the general rules of metrics-1.1.0; `heldout2` (untuned: P 0.968 /
R 0.923, period 0.800) and `heldout3` (untuned: P 0.981 / R 0.814, period 0.829) those of
metrics-1.2.0; `heldout4` (untuned on 1.2.0: P 0.952 / R 0.909, yoy 0.967) and `heldout5`
(untuned on 1.2.0: P 0.930 / R 0.876, period 0.992, yoy 0.967) those of metrics-1.3.0.
`heldout6` (written after 1.3.0 by its author; untuned on 1.3.0: P 0.959 / R 0.949, approx /
period / yoy 1.000) and `heldout7` (written and labelled before its author read the rules or ran
1.3.0; untuned on 1.3.0: P 0.988 / R 0.924, yoy 0.988) were used to find the rules of
metrics-1.4.0. `heldout8` was written after 1.4.0 by its author, labelled before any run, and
never tuned on: its figure is the honest generalisation estimate of 1.4.0 (untuned: P 0.963 /
R 0.929, approx / period / yoy 1.000). It passes the thresholds below as it stands; its misses are
left unfixed on purpose (a heldout9 comes first).

Scored as in METRICS.md, pooled over the reports of a set (micro-average): precision ≥ 0.95 and
recall ≥ 0.90; approx / period / yoy accuracy on the matched pairs ≥ 0.95 (heldout2 and heldout3
hold half-year reports, whose cue-less figures are partial since 1.2.0). heldout4 and heldout5
are also held to the same thresholds pooled together, and so are heldout6 and heldout7. A failure prints every report's misses and
false positives with evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics_testlib import (
    HELDOUT,
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    HELDOUT5,
    HELDOUT6,
    HELDOUT7,
    HELDOUT8,
    labelled_reports,
)
from scrapers.metrics.extract import extract_metrics
from scrapers.metrics.scoring import ScoreResult, load_gold, score

MIN_PRECISION = 0.95
MIN_RECALL = 0.90
MIN_ATTRIBUTE_ACCURACY = 0.95


def _results(folder) -> list[tuple[str, ScoreResult]]:
    reports = labelled_reports(folder, folder)
    assert reports, f"no labelled reports in {folder}"
    return [
        (r.stem, score(extract_metrics(r.text, r.report_year), load_gold(r.gold_path))) for r in reports
    ]


def _pooled(results: list[tuple[str, ScoreResult]]) -> dict[str, float]:
    matched = sum(len(r.matched) for _, r in results)
    false = sum(len(r.false_positives) for _, r in results)
    missed = sum(len(r.misses) for _, r in results)
    pairs = [p for _, r in results for p in r.matched]

    def share(ok: str) -> float:
        return sum(getattr(p, ok) for p in pairs) / len(pairs) if pairs else 1.0

    return {
        "precision": matched / (matched + false) if matched + false else 1.0,
        "recall": matched / (matched + missed) if matched + missed else 1.0,
        "approx": share("approx_ok"),
        "period": share("period_ok"),
        "yoy": share("yoy_ok"),
    }


def _detail(results: list[tuple[str, ScoreResult]], figures: dict[str, float]) -> str:
    head = " ".join(f"{k}={v:.3f}" for k, v in figures.items())
    return head + "\n" + "\n".join(f"{name}\n{r.report()}" for name, r in results)


SETS = [HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6, HELDOUT7, HELDOUT8]
SET_IDS = ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8"]


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_heldout_precision_and_recall(folder) -> None:
    results = _results(folder)
    figures = _pooled(results)
    detail = _detail(results, figures)
    assert figures["precision"] >= MIN_PRECISION, detail
    assert figures["recall"] >= MIN_RECALL, detail


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_heldout_attributes(folder) -> None:
    results = _results(folder)
    figures = _pooled(results)
    detail = _detail(results, figures)
    for name in ("approx", "period", "yoy"):
        assert figures[name] >= MIN_ATTRIBUTE_ACCURACY, detail


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_heldout_evidence_is_verbatim(folder) -> None:
    for report in labelled_reports(folder, folder):
        text = report.text
        for gold in load_gold(report.gold_path):
            assert gold.evidence in text, f"{report.stem}: label evidence not in text: {gold.evidence}"
        for m in extract_metrics(text, report.report_year):
            assert text[m.start : m.end] == m.evidence


@pytest.mark.parametrize(
    "folders", [(HELDOUT4, HELDOUT5), (HELDOUT6, HELDOUT7)], ids=["heldout4+5", "heldout6+7"]
)
def test_tuned_heldout_sets_pooled(folders: tuple[Path, Path]) -> None:
    results = _results(folders[0]) + _results(folders[1])
    figures = _pooled(results)
    detail = _detail(results, figures)
    assert figures["precision"] >= MIN_PRECISION, detail
    assert figures["recall"] >= MIN_RECALL, detail
    for name in ("approx", "period", "yoy"):
        assert figures[name] >= MIN_ATTRIBUTE_ACCURACY, detail
