"""Everything the document stage and the metric extractor output, over every page and text the
repo can reach, as one JSON file: a speed-up must leave it byte-identical.

Run: .venv/bin/python bench/output_snapshot.py OUT.json [--exclude tests/metrics/real/test12*]
     .venv/bin/python bench/output_snapshot.py OUT2.json --compare OUT.json
Pages: ../shared/html, the HTML fixtures under tests/, every page of the bundled demo sites.
Texts: the labelled texts under tests/metrics (real, written, fixtures) and ../shared/corpus,
each extracted as the benchmarks do, plus the body of every page above.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.demo.build import build_all  # noqa: E402
from scrapers.document.errors import DocumentError  # noqa: E402
from scrapers.document.parse import parse_report_page  # noqa: E402
from scrapers.metrics.extract import extract_metrics  # noqa: E402

SHARED = REPO.parent / "shared"


def _pages() -> list[tuple[str, bytes, dict[str, str]]]:
    out = []
    html = {"content-type": "text/html; charset=utf-8"}
    for path in sorted((SHARED / "html").glob("*.html")):
        out.append((f"shared/{path.name}", path.read_bytes(), {}))
    for path in sorted((REPO / "tests").rglob("*.html")):
        out.append((str(path.relative_to(REPO)), path.read_bytes(), {}))
    for site in build_all():
        for page_path, page in sorted(site.pages.items()):
            out.append((f"demo:{site.spec.id}{page_path}", page.body, {"content-type": page.content_type}))
    return [(n, b, h or html) for n, b, h in out]


def _texts(exclude: tuple[str, ...] = ()) -> list[tuple[str, str, int | None, str | None]]:
    out = []
    for meta_path in sorted((REPO / "tests" / "metrics").rglob("*.meta.json")):
        text_path = meta_path.with_name(meta_path.name.replace(".meta.json", ".txt"))
        if not text_path.exists() or any(text_path.relative_to(REPO).match(f"{g}/*") for g in exclude):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append((str(text_path.relative_to(REPO)), text_path.read_text(encoding="utf-8"), meta.get("report_year"), meta.get("published")))
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        out.append((f"shared/corpus/{path.name}", path.read_text(encoding="utf-8"), None, None))
    return out


def snapshot(exclude: tuple[str, ...] = ()) -> dict[str, object]:
    result: dict[str, object] = {}
    for name, body, headers in _pages():
        try:
            doc = parse_report_page(body, "http://127.0.0.1/t20240312_1.html", headers)
        except DocumentError as exc:
            result[name] = {"error": str(exc)}
            continue
        d = doc.to_dict() if hasattr(doc, "to_dict") else dict(doc.__dict__)
        d["mentions"] = [m.to_dict() for m in extract_metrics(doc.body_text, doc.report_year)]
        result[name] = d
    for name, text, year, published in _texts(exclude):
        result[name] = [m.to_dict() for m in extract_metrics(text, year, published=published)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="an earlier snapshot: list every entry that differs")
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="DIR",
        help="leave out the texts of these folders (glob, e.g. tests/metrics/real/test12*): a part still "
        "being labelled is never run through the extractor",
    )
    args = parser.parse_args()
    snap = snapshot(tuple(args.exclude))
    args.out.write_text(json.dumps(snap, ensure_ascii=False, indent=0, sort_keys=True, default=str), encoding="utf-8")
    print(f"{len(snap)} pages and texts -> {args.out}")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        new = json.loads(args.out.read_text(encoding="utf-8"))
        differ = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
        missing, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        for key in differ[:40]:
            print(f"DIFFERS: {key}")
        for key in missing:
            print(f"MISSING: {key}")
        print(f"{len(differ)} of {len(old.keys() & new.keys())} differ from {args.compare}; {len(missing)} missing, {len(added)} new (not compared)")
        raise SystemExit(1 if differ or missing else 0)


if __name__ == "__main__":
    main()
