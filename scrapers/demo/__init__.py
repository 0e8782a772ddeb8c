"""Bundled demo government sites served on loopback (this machine cannot reach the real ones).

Three market-regulation bureaus' sites in three CMS styles, carrying the real report texts of the
shared corpus, SYNTHETIC prior-year versions of two of them, and look-alike pages. See README.md.
"""

from scrapers.demo.server import DemoSites, DemoSite
from scrapers.demo.truth import ExpectedReport, LookAlike, expected_reports, lookalikes

__all__ = ["DemoSite", "DemoSites", "ExpectedReport", "LookAlike", "expected_reports", "lookalikes"]
