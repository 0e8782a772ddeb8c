"""No parser of page content is super-linear: each is timed on adversarial input at two sizes
ten times apart and must grow roughly linearly (at most ~2.5x the size ratio, generous for a
shared 2-core machine). Before the fix an unclosed <script> or <datastore> made the list parser
quadratic (220 KB: 20 s) and a one-line report made the metric extraction quadratic.

The product never parses more than its budgets (max_page_bytes 2 MiB, max_text_chars 1M); these
sizes go beyond them on purpose, to show the growth. Figures: bench/bench_hostile.py.
"""

from __future__ import annotations

import time

import pytest

from bench.hostile_inputs import LIST_PREFIX, LIST_SHAPES, PAGE_PREFIX, PAGE_SHAPES, TEXT_SHAPES, build
from scrapers.discover.listing import parse_list_page
from scrapers.document.challenge import detect_challenge
from scrapers.document.errors import DocumentError
from scrapers.document.parse import parse_report_page
from scrapers.metrics.extract import extract_metrics

MB = 1_000_000
SLACK = 2.5


def seconds(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        call()
    except DocumentError:
        pass  # a refusal is an answer too; what is timed is getting to it
    return time.perf_counter() - started


def assert_linear(small: float, big: float, ratio: float) -> None:
    assert big <= SLACK * ratio * max(small, 0.05), f"{small:.2f}s -> {big:.2f}s for {ratio:g}x the input"


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(LIST_SHAPES))
def test_list_parser_is_linear(shape: str) -> None:
    small, big = (build(LIST_PREFIX, LIST_SHAPES[shape], n) for n in (MB, 10 * MB))
    t_small = seconds(lambda: parse_list_page(small, "http://127.0.0.1/col/index.html"))
    t_big = seconds(lambda: parse_list_page(big, "http://127.0.0.1/col/index.html"))
    assert_linear(t_small, t_big, 10)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(PAGE_SHAPES))
def test_report_page_parser_is_linear(shape: str) -> None:
    small, big = (build(PAGE_PREFIX, PAGE_SHAPES[shape], n).encode() for n in (MB, 10 * MB))
    t_small = seconds(lambda: parse_report_page(small, "http://127.0.0.1/a.html", {}))
    t_big = seconds(lambda: parse_report_page(big, "http://127.0.0.1/a.html", {}))
    assert_linear(t_small, t_big, 10)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(TEXT_SHAPES))
def test_metric_extraction_is_linear(shape: str) -> None:
    extract_metrics("查处案件120件。", 2023)  # load the lexicon outside the timing
    small, big = (build("", TEXT_SHAPES[shape], n) for n in (100_000, MB))
    t_small = seconds(lambda: extract_metrics(small, 2023))
    t_big = seconds(lambda: extract_metrics(big, 2023))
    assert_linear(t_small, t_big, 10)


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(LIST_SHAPES))
def test_challenge_detection_is_linear(shape: str) -> None:
    # Runs on every fetched page before anything else: 20,000 unclosed <script> took ~60 s here.
    small, big = (build(LIST_PREFIX, LIST_SHAPES[shape], n).encode() for n in (MB, 10 * MB))
    t_small = seconds(lambda: detect_challenge(200, {}, small))
    t_big = seconds(lambda: detect_challenge(200, {}, big))
    assert_linear(t_small, t_big, 10)
