"""Metadata benchmark: title, publication date and agency, ours vs trafilatura's own extraction.

    .venv/bin/python bench/bench_metadata.py [--verbose] [--set shared|heldout|heldout2|heldout3|heldout4|all]

The truth is read off each page by a person and stored next to the pages:
tests/document/shared_html_metadata.tsv (for ../shared/html, which the repo does not own) and
tests/document/heldout*/metadata.tsv. Columns: file, title, published (the date SHOWN on the
page: the 发布时间/日期 line or its unlabelled equivalent; "-" when none is shown), agency (the
government body named as 来源/发布机构/信息发布; "-" when the page names none or only a newspaper
or media column), notes.

Per page, side by side:

* ours        - scrapers.document.parse_report_page (bytes in): .title, .published, .agency;
* trafilatura - trafilatura.bare_extraction(html, with_metadata=True): title, date, and author
                as its nearest field to an agency (it has no agency field; sitename is the portal).

Scoring:

* title    - exact match after whitespace collapse (runs of whitespace -> one space, stripped);
* date     - YYYY-MM-DD equality, counted only on pages whose truth is not "-";
* agency   - counted only where the truth is not "-": equal after dropping a trailing
             parenthetical remark （原市文广新局）, or one name ends with the other (省发改委 /
             浙江省发改委).

The per-page time of both is printed (ours includes the body extraction it needs anyway).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "shared": (REPO.parent / "shared" / "html", REPO / "tests" / "document" / "shared_html_metadata.tsv"),
    "heldout": (REPO / "tests" / "document" / "heldout", None),
    "heldout2": (REPO / "tests" / "document" / "heldout2", None),
    "heldout3": (REPO / "tests" / "document" / "heldout3", None),
    "heldout4": (REPO / "tests" / "document" / "heldout4", None),
}
_WS = re.compile(r"[\s\u00a0\u3000]+")
_PAREN_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


def collapse(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def agency_key(name: str | None) -> str:
    return _PAREN_TAIL.sub("", re.sub(r"\s", "", name or ""))


def title_ok(truth: str, got: str | None) -> bool:
    return collapse(truth) == collapse(got)


def date_ok(truth: str, got: str | None) -> bool:
    return bool(got) and str(got)[:10] == truth


def agency_ok(truth: str, got: str | None) -> bool:
    t, g = agency_key(truth), agency_key(got)
    return bool(g) and (t == g or t.endswith(g) or g.endswith(t))


@dataclass
class Row:
    page: str
    truth: tuple[str, str, str]
    ours: tuple[str | None, str | None, str | None]
    theirs: tuple[str | None, str | None, str | None]
    ours_seconds: float
    theirs_seconds: float


def load_truth(which: str) -> tuple[Path, list[tuple[str, str, str, str]]]:
    html_dir, tsv = SETS[which]
    tsv = tsv or html_dir / "metadata.tsv"
    rows = []
    for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        name, title, published, agency = line.split("\t")[:4]
        rows.append((name, title, published, agency))
    return html_dir, rows


def trafilatura_metadata(html: str) -> tuple[str | None, str | None, str | None]:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return None, None, None
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return get("title"), get("date"), get("author")


def run(which: str) -> list[Row]:
    from scrapers.document import DocumentError, parse_report_page

    html_dir, truth_rows = load_truth(which)
    rows = []
    for name, title, published, agency in truth_rows:
        raw = (html_dir / name).read_bytes()
        start = time.perf_counter()
        try:
            doc = parse_report_page(raw, f"https://bench.invalid/{name}", {"Content-Type": "text/html"})
            ours = (doc.title, doc.published, doc.agency)
        except DocumentError:
            ours = (None, None, None)
        middle = time.perf_counter()
        theirs = trafilatura_metadata(raw.decode("utf-8"))
        end = time.perf_counter()
        rows.append(Row(name, (title, published, agency), ours, theirs, middle - start, end - middle))
    return rows


def tally(rows: list[Row], who: str) -> dict[str, tuple[int, int]]:
    out = {"title": [0, 0], "date": [0, 0], "agency": [0, 0]}
    for r in rows:
        got = getattr(r, who)
        title, published, agency = r.truth
        out["title"][1] += 1
        out["title"][0] += title_ok(title, got[0])
        if published != "-":
            out["date"][1] += 1
            out["date"][0] += date_ok(published, got[1])
        if agency != "-":
            out["agency"][1] += 1
            out["agency"][0] += agency_ok(agency, got[2])
    return {k: (v[0], v[1]) for k, v in out.items()}


def report(which: str, rows: list[Row], verbose: bool = False) -> None:
    print(f"=== {which} ({len(rows)} pages) ===")
    for r in rows:
        title, published, agency = r.truth
        marks = []
        for who in ("ours", "theirs"):
            got = getattr(r, who)
            marks.append(
                ("T" if title_ok(title, got[0]) else "t")
                + ("D" if published == "-" or date_ok(published, got[1]) else "d")
                + ("A" if agency == "-" or agency_ok(agency, got[2]) else "a")
            )
        print(f"{r.page:<34} ours {marks[0]}  trafilatura {marks[1]}")
        if verbose:
            for field, i in (("title", 0), ("date", 1), ("agency", 2)):
                truth = r.truth[i]
                ok_ours = (title_ok, date_ok, agency_ok)[i](truth, r.ours[i]) if truth != "-" or i == 0 else True
                if not ok_ours:
                    print(f"    {field}: truth={truth!r} ours={r.ours[i]!r} trafilatura={r.theirs[i]!r}")
    for who, label in (("ours", "ours"), ("theirs", "trafilatura")):
        t = tally(rows, who)
        print(
            f"{label:<12}: title {t['title'][0]}/{t['title'][1]}  date {t['date'][0]}/{t['date'][1]}"
            f"  agency {t['agency'][0]}/{t['agency'][1]}"
        )
    ours_ms = 1000 * sum(r.ours_seconds for r in rows) / max(len(rows), 1)
    theirs_ms = 1000 * sum(r.theirs_seconds for r in rows) / max(len(rows), 1)
    print(f"mean time per page: ours {ours_ms:.1f} ms (full parse), trafilatura bare_extraction {theirs_ms:.1f} ms")
    print("(marks: T/D/A right, t/d/a wrong; D/A also when the page shows no date/agency)")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    args = parser.parse_args(argv)
    for which in list(SETS) if args.set == "all" else [args.set]:
        html_dir, tsv = SETS[which]
        if not (tsv or html_dir / "metadata.tsv").exists():
            print(f"[{which}] no metadata.tsv yet")
            continue
        report(which, run(which), args.verbose)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
