"""The extractor against the hand labels in ../shared/gold (METRICS.md scoring).

Targets on every gold report: precision ≥ 0.95, recall ≥ 0.90, and approx / period / yoy_pct
right on ≥ 95 % of matched pairs. A failure prints the misses and false positives with evidence.
"""

from __future__ import annotations

import pytest

from metrics_testlib import SHARED, labelled_reports
from scrapers.metrics.extract import extract_metrics
from scrapers.metrics.scoring import score

REPORTS = labelled_reports(SHARED / "corpus", SHARED / "gold") if SHARED.exists() else []

pytestmark = pytest.mark.skipif(
    not REPORTS, reason=f"no gold labels: {SHARED}/corpus/*.txt with {SHARED}/gold/*.jsonl not found"
)

MIN_PRECISION = 0.95
MIN_RECALL = 0.90
MIN_ATTRIBUTE_ACCURACY = 0.95


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.stem)
def test_gold_report(report) -> None:
    from scrapers.metrics.scoring import load_gold

    result = score(extract_metrics(report.text, report.report_year), load_gold(report.gold_path))
    detail = f"{report.stem}\n{result.report()}"
    assert result.precision >= MIN_PRECISION, detail
    assert result.recall >= MIN_RECALL, detail
    assert result.approx_accuracy >= MIN_ATTRIBUTE_ACCURACY, detail
    assert result.period_accuracy >= MIN_ATTRIBUTE_ACCURACY, detail
    assert result.yoy_accuracy >= MIN_ATTRIBUTE_ACCURACY, detail


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.stem)
def test_gold_evidence_is_verbatim(report) -> None:
    text = report.text
    for m in extract_metrics(text, report.report_year):
        assert text[m.start : m.end] == m.evidence
        assert m.rule_id and 0 < m.confidence <= 1
