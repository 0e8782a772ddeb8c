"""The METRICS.md scoring rule: multiset match on (metric, domain, value within 0.5 %)."""

from __future__ import annotations

from scrapers.metrics.scoring import GoldMention, score, values_agree
from scrapers.models import MetricMention


def pred(metric: str, value: float, domain: str = "all", period: str = "year", approx: bool = False, yoy=None) -> MetricMention:
    return MetricMention(metric, domain, value, "count", approx, period, yoy, "e", 0, 1, "r")


def gold(metric: str, value: float, domain: str = "all", optional: bool = False, **kw) -> GoldMention:
    return GoldMention(metric=metric, domain=domain, value=value, optional=optional, **kw)


def test_value_tolerance_is_half_a_percent() -> None:
    assert values_agree(1000, 1005)
    assert not values_agree(1000, 1006)
    assert values_agree(0, 0) and not values_agree(0, 0.1)


def test_multiset_each_line_used_once() -> None:
    r = score([pred("cases_filed", 2), pred("cases_filed", 2)], [gold("cases_filed", 2)])
    assert (len(r.matched), len(r.false_positives), len(r.misses)) == (1, 1, 0)
    assert r.precision == 0.5 and r.recall == 1.0


def test_metric_and_domain_must_agree() -> None:
    r = score([pred("cases_filed", 2, domain="food")], [gold("cases_filed", 2, domain="drug")])
    assert r.precision == 0 and r.recall == 0
    assert len(r.misses) == 1 and len(r.false_positives) == 1


def test_optional_lines_neither_reward_nor_punish() -> None:
    g = [gold("fines", 100), gold("licenses_issued", 7, optional=True)]
    with_optional = score([pred("fines", 100), pred("licenses_issued", 7)], g)
    without = score([pred("fines", 100)], g)
    assert with_optional.precision == without.precision == 1.0
    assert with_optional.recall == without.recall == 1.0
    assert len(with_optional.optional_matched) == 1


def test_required_lines_are_matched_before_optional_ones() -> None:
    g = [gold("complaints", 1591, optional=True), gold("complaints", 1591)]
    r = score([pred("complaints", 1591)], g)
    assert r.recall == 1.0 and not r.optional_matched


def test_metrics_outside_the_catalog_are_not_scored() -> None:
    r = score([pred("trainings", 12)], [])
    assert r.precision == 1.0 and len(r.ignored) == 1


def test_attributes_scored_on_matched_pairs() -> None:
    g = [gold("cases_filed", 10, period="cumulative"), gold("fines", 5, yoy_pct=10.0), gold("hazards_found", 3, approx=True)]
    p = [pred("cases_filed", 10, period="year"), pred("fines", 5, yoy=10.02), pred("hazards_found", 3, approx=False)]
    r = score(p, g)
    assert r.period_accuracy == 2 / 3
    assert r.yoy_accuracy == 1.0
    assert r.approx_accuracy == 2 / 3
    assert len(r.attribute_errors) == 2
    assert "ATTR" in r.report()


def test_report_lists_misses_and_false_positives() -> None:
    r = score([pred("fines", 1)], [gold("fines", 2)])
    text = r.report()
    assert "MISS" in text and "FALSE" in text
