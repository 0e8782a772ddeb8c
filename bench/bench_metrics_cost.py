"""Cost of metric extraction per report, this tree against a previous version, in one run.

    .venv/bin/python bench/bench_metrics_cost.py                 # against metrics-1.4.0 (3a3f4b2)
    .venv/bin/python bench/bench_metrics_cost.py --ref <commit>
    .venv/bin/python bench/bench_metrics_cost.py --ref <commit> --pages   # bench_pipeline's pages

Both versions extract from the same texts (the shared corpus and the real dev texts; with --pages,
the bodies of the pages bench_pipeline.py times: the demo reports and ../shared/html) in
subprocesses; the previous version is checked out into a temporary git worktree. With valgrind on
the machine the figure is instructions (callgrind: the same count whatever else the shared machine
does), the difference between 6 and 2 passes, so start-up and one-time regex compilation cancel
out; without it, the median CPU time of 15 passes. Prints both and their ratio.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REF = "3a3f4b2"  # the last commit of metrics-1.4.0

RUNNER = r"""
import sys, time, glob
sys.path.insert(0, sys.argv[1])
from scrapers.metrics.extract import extract_metrics, EXTRACTOR_VERSION
texts = [open(f, encoding="utf-8").read() for f in sys.argv[3:]]
extract_metrics("立案1件。", 2023)
mode, passes = sys.argv[2].split(":")
times = []
for _ in range(int(passes)):
    start = time.process_time()
    for t in texts:
        extract_metrics(t, 2023)
    times.append(time.process_time() - start)
if mode == "time":
    times.sort()
    print(EXTRACTOR_VERSION, times[len(times) // 2])
"""


def texts() -> list[str]:
    shared = sorted((REPO.parent / "shared" / "corpus").glob("*.txt"))
    real = sorted((REPO / "tests" / "metrics" / "real").glob("dev_*/*.txt"))
    return [str(p) for p in [*shared, *real]]


def page_texts(tmp: Path) -> list[str]:
    """The bodies of bench_pipeline's pages, written out once (this tree's document stage)."""
    sys.path.insert(0, str(REPO / "bench"))
    from bench_pipeline import pages  # noqa: PLC0415
    from scrapers.document.parse import parse_report_page  # noqa: PLC0415

    out = []
    for i, (_, body, headers) in enumerate(pages()):
        path = tmp / f"page{i:02d}.txt"
        path.write_text(parse_report_page(body, "http://127.0.0.1/t20240312_1.html", headers).body_text, encoding="utf-8")
        out.append(str(path))
    return out


def instructions(tree: Path, files: list[str], passes: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", RUNNER,
         str(tree), f"count:{passes}", *files],
        capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
    )
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def cpu_seconds(tree: Path, files: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", RUNNER, str(tree), "time:15", *files], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default=DEFAULT_REF, help="the previous version (a commit)")
    parser.add_argument("--pages", action="store_true", help="the bodies of bench_pipeline's pages instead of the labelled texts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = page_texts(Path(tmp)) if args.pages else texts()
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(old), args.ref], check=True)
        try:
            print(f"{len(files)} texts; previous = {args.ref}")
            if shutil.which("valgrind"):
                cost = {name: instructions(tree, files, 6) - instructions(tree, files, 2) for name, tree in (("previous", old), ("this", REPO))}
                unit = "instructions per pass"
                for name in cost:
                    cost[name] //= 4
            else:
                cost = {name: statistics.median([cpu_seconds(tree, files) for _ in range(3)]) for name, tree in (("previous", old), ("this", REPO))}
                unit = "CPU seconds per pass"
            for name, value in cost.items():
                print(f"{name:9} {value:,} {unit}" if isinstance(value, int) else f"{name:9} {value:.4f} {unit}")
            print(f"ratio this/previous: {cost['this'] / cost['previous']:.3f}")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
