"""Chrome stripping on the demo sites' report pages: body kept and chrome leaked, ours next to
trafilatura (favor_precision, include_tables), against the fixture's own body lines.

Run: .venv/bin/python bench/bench_demo_pages.py
Targets (issue 3): body kept >= 99.5% and zero leaked lines on every page.
"""

from __future__ import annotations

import re

import trafilatura

from scrapers.demo.build import build_all
from scrapers.demo.fixtures import load_fixture
from scrapers.demo.truth import expected_reports
from scrapers.document.decode import decode_html
from scrapers.document.parse import parse_report_page

_SPACE = re.compile(r"\s+")


def lines_of(text: str) -> list[str]:
    return [_SPACE.sub("", line) for line in text.splitlines() if line.strip()]


def measure(reference: list[str], output: list[str]) -> tuple[float, int]:
    """Share of reference characters in lines kept whole; output lines not in the reference."""
    out, ref = set(output), set(reference)
    kept = sum(len(line) for line in reference if line in out)
    return 100.0 * kept / sum(len(line) for line in reference), sum(1 for line in output if line not in ref)


def figures() -> list[tuple[str, float, int, float, int]]:
    sites = {s.spec.id: s for s in build_all()}
    rows = []
    for e in expected_reports():
        page = sites[e.site_id].pages[e.path]
        headers = {"content-type": page.content_type}
        reference = lines_of(load_fixture(e.fixture).body)
        ours = lines_of(parse_report_page(page.body, "http://127.0.0.1" + e.path, headers).body_text)
        html = decode_html(page.body, headers).text
        theirs = lines_of(trafilatura.extract(html, favor_precision=True, include_tables=True) or "")
        rows.append((f"{e.site_id}{e.path}", *measure(reference, ours), *measure(reference, theirs)))
    return rows


def main() -> None:
    rows = figures()
    print(f"{'page':<56} {'ours kept%':>10} {'leaks':>5} | {'traf kept%':>10} {'leaks':>5}")
    for name, kept, leaks, tkept, tleaks in rows:
        print(f"{name[:56]:<56} {kept:>10.1f} {leaks:>5} | {tkept:>10.1f} {tleaks:>5}")
    ok = sum(1 for r in rows if r[1] >= 99.5 and r[2] == 0)
    tok = sum(1 for r in rows if r[3] >= 99.5 and r[4] == 0)
    print(f"\npages meeting both targets: ours {ok}/{len(rows)}, trafilatura {tok}/{len(rows)}")


if __name__ == "__main__":
    main()
