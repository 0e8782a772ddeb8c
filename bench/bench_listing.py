"""Held-out measurement of list-page discovery (scrapers.discover.listing.parse_list_page).

For every folder given (default: tests/discover/heldout and tests/discover/heldout2 when present)
reads expected.json ({"pages": [{file, url, items: [{url, title, date}], pagination: [...]}]}),
parses each saved page and prints per page: item precision / recall (URL match after
normalisation), titles equal (whitespace collapsed) over matched items, dates found over matched
items that show one, and pagination recall over the expected further-page URLs. Totals are pooled.

    .venv/bin/python bench/bench_listing.py [folder ...]

tests/discover/built holds hand-written imitations of CMS column pages (not real pages; see its
README.md): pass it explicitly for a coverage estimate. It is not in the default (held-out) set.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scrapers.discover.listing import parse_list_page

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests/discover/heldout", ROOT / "tests/discover/heldout2"]


def norm(url: str) -> str:
    parts = urlsplit(url.strip())
    path = re.sub(r"/+", "/", parts.path or "/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def measure(folder: Path) -> list[dict]:
    spec = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    rows = []
    for page in spec["pages"]:
        html = (folder / page["file"]).read_text(encoding="utf-8", errors="replace")
        got = parse_list_page(html, page["url"])
        got_items = {norm(i.url): i for i in got.items}
        exp_items = {norm(i["url"]): i for i in page["items"]}
        hit = [u for u in exp_items if u in got_items]
        titles_ok = sum(ws(got_items[u].title) == ws(exp_items[u]["title"]) for u in hit)
        with_date = [u for u in hit if exp_items[u].get("date")]
        dates_ok = sum(got_items[u].date == exp_items[u]["date"] for u in with_date)
        exp_pages = {norm(u) for u in (page.get("pagination") or []) if u != "none"}
        got_pages = {norm(u) for u in got.next_pages}
        rows.append(
            {
                "page": f"{folder.name}/{page['file']}",
                "exp": len(exp_items),
                "got": len(got_items),
                "hit": len(hit),
                "titles": titles_ok,
                "dated": len(with_date),
                "dates": dates_ok,
                "pexp": len(exp_pages),
                "phit": len(exp_pages & got_pages),
                "pgot": len(got_pages),
                "missed": [u for u in exp_items if u not in got_items][:3],
                "extra": [u for u in got_items if u not in exp_items][:3],
                "pmissed": sorted(exp_pages - got_pages)[:3],
            }
        )
    return rows


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [f for f in DEFAULT if (f / "expected.json").exists()]
    rows = [r for f in folders for r in measure(f)]
    print(f"{'page':48} {'exp':>4} {'got':>4} {'P':>6} {'R':>6} {'title':>6} {'date':>6} {'pages':>9}")
    for r in rows:
        print(
            f"{r['page'][:48]:48} {r['exp']:4} {r['got']:4} {ratio(r['hit'], r['got']):>6} {ratio(r['hit'], r['exp']):>6}"
            f" {ratio(r['titles'], r['hit']):>6} {ratio(r['dates'], r['dated']):>6} {r['phit']:>4}/{r['pexp']:<4}"
        )
        for key in ("missed", "extra", "pmissed"):
            if r[key]:
                print(f"    {key}: {r[key]}")
    t = {k: sum(r[k] for r in rows) for k in ("exp", "got", "hit", "titles", "dated", "dates", "pexp", "phit")}
    print(
        f"{'TOTAL (pooled, ' + str(len(rows)) + ' pages)':48} {t['exp']:4} {t['got']:4} {ratio(t['hit'], t['got']):>6}"
        f" {ratio(t['hit'], t['exp']):>6} {ratio(t['titles'], t['hit']):>6} {ratio(t['dates'], t['dated']):>6}"
        f" {t['phit']:>4}/{t['pexp']:<4}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
