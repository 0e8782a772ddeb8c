"""The extractor on texts the team wrote (tests/metrics/written/round1-8): unit fixtures.

Each round was written by a team member and hand-labelled from METRICS.md / catalog.csv before
the extractor was run on it, then (except round8) used to find rules. They share their writers'
view of the language, so they are not evidence of generalisation (that is tests/metrics/real):
they pin down what the extractor already knows. Their untuned figures are recorded in
bench/bench_metrics.py.

Scored as in METRICS.md, pooled over the reports of a round (micro-average): precision ≥ 0.95 and
recall ≥ 0.90; approx / period / yoy accuracy on the matched pairs ≥ 0.95. Rounds 4+5 and 6+7
are also held to the same thresholds pooled together. A failure prints every report's misses and
false positives with evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics_testlib import WRITTEN_ROUNDS, labelled_reports
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


SETS = WRITTEN_ROUNDS
SET_IDS = [p.name for p in WRITTEN_ROUNDS]


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_written_precision_and_recall(folder) -> None:
    results = _results(folder)
    figures = _pooled(results)
    detail = _detail(results, figures)
    assert figures["precision"] >= MIN_PRECISION, detail
    assert figures["recall"] >= MIN_RECALL, detail


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_written_attributes(folder) -> None:
    results = _results(folder)
    figures = _pooled(results)
    detail = _detail(results, figures)
    for name in ("approx", "period", "yoy"):
        assert figures[name] >= MIN_ATTRIBUTE_ACCURACY, detail


@pytest.mark.parametrize("folder", SETS, ids=SET_IDS)
def test_written_evidence_is_verbatim(folder) -> None:
    for report in labelled_reports(folder, folder):
        text = report.text
        for gold in load_gold(report.gold_path):
            assert gold.evidence in text, f"{report.stem}: label evidence not in text: {gold.evidence}"
        for m in extract_metrics(text, report.report_year):
            assert text[m.start : m.end] == m.evidence


@pytest.mark.parametrize(
    "folders", [(WRITTEN_ROUNDS[3], WRITTEN_ROUNDS[4]), (WRITTEN_ROUNDS[5], WRITTEN_ROUNDS[6])], ids=["round4+5", "round6+7"]
)
def test_written_rounds_pooled(folders: tuple[Path, Path]) -> None:
    results = _results(folders[0]) + _results(folders[1])
    figures = _pooled(results)
    detail = _detail(results, figures)
    assert figures["precision"] >= MIN_PRECISION, detail
    assert figures["recall"] >= MIN_RECALL, detail
    for name in ("approx", "period", "yoy"):
        assert figures[name] >= MIN_ATTRIBUTE_ACCURACY, detail
