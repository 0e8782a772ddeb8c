"""The chrome-stripping targets hold on the demo sites too (same measurement as the benchmark)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_demo_pages.py"


def test_demo_report_pages_keep_the_body_and_leak_no_chrome() -> None:
    spec = importlib.util.spec_from_file_location("bench_demo_pages", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.figures()
    assert len(rows) >= 5
    for name, kept, leaks, *_ in rows:
        assert kept >= 99.5 and leaks == 0, (name, kept, leaks)
