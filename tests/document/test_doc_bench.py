"""The chrome benchmark's measurement, asserted on all 25 sample article pages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ._pages import HTML_DIR, require_shared

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_chrome.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_chrome", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(bench):
    require_shared(HTML_DIR / "body_xpath.tsv")
    return bench.run(HTML_DIR)


def test_all_25_pages_measured(results) -> None:
    assert len(results) == 25


def test_targets_on_every_page(bench, results) -> None:
    for r in results:
        assert r.ours.kept_pct >= bench.KEPT_TARGET, (r.page, r.ours.missing)
        assert r.ours.leaks == [], (r.page, r.ours.leaks)


def test_never_worse_than_trafilatura(results) -> None:
    for r in results:
        assert r.ours.kept_pct >= r.trafilatura.kept_pct - 1e-9, r.page
        assert len(r.ours.leaks) <= len(r.trafilatura.leaks), r.page


def test_measurement_catches_leaks_and_losses(bench) -> None:
    # The scorer itself: a chrome line is a leak, a dropped paragraph is a loss, a table row in
    # either notation matches.
    ref = ["第一段正文内容。", "指标 数值", "第二段正文内容。"]
    outside = bench.squeeze("当前位置：首页 > 政务公开 分享到：")
    good = bench.score(["第一段正文内容。", "指标\t数值", "第二段正文内容。"], ref, set(), outside)
    assert good.kept_pct == 100.0 and good.leaks == []
    bad = bench.score(["当前位置：首页 > 政务公开", "第一段正文内容。", "打印"], ref, set(), outside)
    assert [reason for reason, _ in bad.leaks] == ["outside", "chrome"]
    assert bad.kept_pct < 50


def test_optional_lines_are_only_title_byline_and_empty_widgets(bench, results) -> None:
    # Optional lines are excluded from "kept"; keep them few so the measure stays honest
    # (a short gazette page whose title sits in the body is the largest share, ~17 %).
    for r in results:
        assert r.optional_chars <= 0.2 * r.reference_chars, r.page
    assert sum(r.optional_chars for r in results) <= 0.01 * sum(r.reference_chars for r in results)
