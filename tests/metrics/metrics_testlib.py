"""Helpers shared by the metric tests: where the labelled reports are and how to read them."""

from __future__ import annotations

from pathlib import Path

from scrapers.metrics.scoring import LabelledReport, labelled_reports

__all__ = ["LabelledReport", "labelled_reports"]

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Texts the team wrote and labelled itself (written fixtures, not held-out evidence): each round
# was labelled before the extractor was run on it, then used to find rules (round8 was not tuned on).
WRITTEN = Path(__file__).resolve().parent / "written"
WRITTEN_ROUNDS = [WRITTEN / f"round{n}" for n in range(1, 9)]
# Real text of real pages (search corpus), labelled before any run: dev parts to develop on, and the
# frozen test part, never tuned on.
REAL = Path(__file__).resolve().parent / "real"
REAL_DEV = sorted(p for p in REAL.glob("dev_*") if p.is_dir())
REAL_TEST = REAL / "test"
REAL_TEST2 = REAL / "test2"
REAL_TEST3 = REAL / "test3"
REAL_TEST4 = REAL / "test4"
REAL_TEST5 = REAL / "test5"
REAL_TEST6 = REAL / "test6"
REAL_TEST7 = REAL / "test7"
REAL_TEST8 = REAL / "test8"
REAL_TEST9 = REAL / "test9"
REAL_TEST10 = REAL / "test10"
REAL_TEST11 = REAL / "test11"
REAL_TEST12 = REAL / "test12"
REAL_TEST13 = REAL / "test13"
REAL_TEST14 = REAL / "test14"
REAL_TEST15 = REAL / "test15"
REAL_TEST16 = REAL / "test16"
REAL_TEST17 = REAL / "test17"
REAL_TEST18 = REAL / "test18"
REAL_TEST19 = REAL / "test19"
REAL_TEST20 = REAL / "test20"
REAL_TEST21 = REAL / "test21"
REAL_TEST22 = REAL / "test22"
REAL_TEST23 = REAL / "test23"
