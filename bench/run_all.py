"""Every benchmark in one go (`make bench`): each prints its figures next to its reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = [
    ("chrome stripping on real pages (ours vs trafilatura)", ["bench_chrome.py"]),
    ("chrome stripping on the demo sites' report pages (ours vs trafilatura)", ["bench_demo_pages.py"]),
    ("metric extraction vs the gold labels (ours vs a naive baseline)", ["bench_metrics.py"]),
    ("report identification (false / missed)", ["bench_identify.py"]),
    ("per-report cost and whole demo runs (ours vs trafilatura)", ["bench_pipeline.py"]),
    ("make demo → Superset dashboard rendered in a browser (target under 5 minutes)", ["bench_bi.py"]),
    ("compose up to a green nightly run, fresh and warm (target < 600 s)", ["bench_compose.py"]),
]


def main() -> int:
    failed = 0
    for title, args in SCRIPTS:
        print(f"\n=== {title}: bench/{args[0]}", flush=True)
        failed += subprocess.run([sys.executable, str(BENCH / args[0]), *args[1:]]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
