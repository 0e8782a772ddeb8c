"""The chrome benchmark on HELD-OUT real pages: sites the extractor was never tuned on.

    .venv/bin/python bench/bench_chrome_heldout.py [--verbose] [--set heldout|heldout2|heldout3|heldout4|all]

Same measurement as bench/bench_chrome.py (imported, not copied): body kept %, chrome lines
leaked, ours vs trafilatura alone vs ours with only the "cms"-tier selectors. The pages live in
tests/document/heldout/ (measured before any change, then used to guide general improvements)
and tests/document/heldout2/ (collected afterwards and measured untuned: the generalisation
figure); tests/document/heldout3/ (measured before the third round of changes) and
tests/document/heldout4/ (collected after it, measured untuned). Each folder has index.tsv (provenance) and body_xpath.tsv (the body, chosen by reading
the page); an XPath that selects several elements means "all of them, in document order" (used
where the body element also holds a byline or a QR box).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HELDOUT_DIRS = {
    "heldout": REPO / "tests" / "document" / "heldout",
    "heldout2": REPO / "tests" / "document" / "heldout2",
    "heldout3": REPO / "tests" / "document" / "heldout3",
    "heldout4": REPO / "tests" / "document" / "heldout4",
}


def _bench_chrome():
    if "bench_chrome" in sys.modules:
        return sys.modules["bench_chrome"]
    spec = importlib.util.spec_from_file_location("bench_chrome", Path(__file__).with_name("bench_chrome.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


def run(which: str = "heldout"):
    bench = _bench_chrome()
    return bench.run(HELDOUT_DIRS[which], prefix="h", all_matches=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print missing and leaked lines")
    parser.add_argument("--set", choices=[*HELDOUT_DIRS, "all"], default="all")
    args = parser.parse_args(argv)
    bench = _bench_chrome()
    ok = True
    for which in (list(HELDOUT_DIRS) if args.set == "all" else [args.set]):
        if not (HELDOUT_DIRS[which] / "body_xpath.tsv").exists():
            print(f"[{which}] no pages yet at {HELDOUT_DIRS[which]}")
            continue
        print(f"=== {which} ===")
        ok = bench.report(run(which), args.verbose) and ok
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
