"""Helpers shared by the metric tests: where the labelled reports are and how to read them."""

from __future__ import annotations

from pathlib import Path

from scrapers.metrics.scoring import LabelledReport, labelled_reports

__all__ = ["LabelledReport", "labelled_reports"]

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Reports written blind (before reading the rules): `heldout` was used to find the rules of
# metrics-1.1.0, `heldout2` and `heldout3` those of metrics-1.2.0, `heldout4` (written after 1.2.0)
# and `heldout5` those of metrics-1.3.0; `heldout6` (written after 1.3.0) and `heldout7` (written
# before its author read the rules) those of metrics-1.4.0; `heldout8` was written after 1.4.0 and
# never tuned on (its figures are the honest generalisation estimate).
HELDOUT = Path(__file__).resolve().parent / "heldout"
HELDOUT2 = Path(__file__).resolve().parent / "heldout2"
HELDOUT3 = Path(__file__).resolve().parent / "heldout3"
HELDOUT4 = Path(__file__).resolve().parent / "heldout4"
HELDOUT5 = Path(__file__).resolve().parent / "heldout5"
HELDOUT6 = Path(__file__).resolve().parent / "heldout6"
HELDOUT7 = Path(__file__).resolve().parent / "heldout7"
HELDOUT8 = Path(__file__).resolve().parent / "heldout8"
