"""Per-report cost of our document stage (chrome stripping + metadata) plus metric extraction,
next to trafilatura's plain extraction of the same pages, and the wall time of whole demo runs.

Run: .venv/bin/python bench/bench_pipeline.py [--reps 5] [--skip-demo]
The two extractors are timed interleaved on the same pages in one run, and the figure that
matters is the ratio: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html
import trafilatura

REPO = Path(__file__).resolve().parents[1]


from scrapers.demo.build import build_all  # noqa: E402
from scrapers.demo.truth import expected_reports  # noqa: E402
from scrapers.document.parse import parse_report_page  # noqa: E402
from scrapers.metrics.extract import extract_metrics  # noqa: E402

SHARED_HTML = REPO.parent / "shared" / "html"


def pages() -> list[tuple[str, bytes, dict[str, str]]]:
    out = []
    sites = {s.spec.id: s for s in build_all()}
    for e in expected_reports():
        page = sites[e.site_id].pages[e.path]
        out.append((f"demo:{e.site_id}{e.path}", page.body, {"content-type": page.content_type}))
    if SHARED_HTML.exists():
        for path in sorted(SHARED_HTML.glob("a*.html")):
            out.append((f"html:{path.name}", path.read_bytes(), {"content-type": "text/html; charset=utf-8"}))
    return out


def ours(body: bytes, headers: dict[str, str]) -> int:
    doc = parse_report_page(body, "http://127.0.0.1/t20240312_1.html", headers)
    return len(extract_metrics(doc.body_text, doc.report_year))


def theirs(body: bytes, headers: dict[str, str]) -> int:
    text = trafilatura.extract(body, favor_precision=True, include_tables=True) or ""
    return len(text)


def bare_lxml(body: bytes, headers: dict[str, str]) -> int:
    """The floor: one lxml parse of the bytes, nothing else."""
    return len(lxml.html.fromstring(body))


def timed(fn, body: bytes, headers: dict[str, str]) -> float:
    start = time.perf_counter()
    fn(body, headers)
    return time.perf_counter() - start


def bench_extraction(reps: int) -> dict[str, float]:
    rows = []
    for name, body, headers in pages():
        ours(body, headers), theirs(body, headers), bare_lxml(body, headers)  # warm caches (lexicons, selectors)
        a, b, c = [], [], []
        for _ in range(reps):  # interleaved, so machine noise hits all three alike
            a.append(timed(ours, body, headers))
            b.append(timed(theirs, body, headers))
            c.append(timed(bare_lxml, body, headers))
        rows.append((name, len(body), statistics.median(a), statistics.median(b), statistics.median(c)))
    print(f"{'page':<52} {'KB':>6} {'ours ms':>8} {'trafil. ms':>10} {'lxml ms':>8} {'/trafil.':>8} {'/lxml':>6}")
    for name, size, a, b, c in rows:
        print(f"{name[:52]:<52} {size / 1024:>6.0f} {a * 1000:>8.1f} {b * 1000:>10.1f} {c * 1000:>8.2f} {a / b:>8.2f} {a / c:>6.1f}")
    vs_trafilatura = [r[2] / r[3] for r in rows]
    vs_lxml = [r[2] / r[4] for r in rows]
    total_a = sum(r[2] for r in rows)
    total_b = sum(r[3] for r in rows)
    demo = [r for r in rows if r[0].startswith("demo:")]
    figures = {
        "median_vs_trafilatura": statistics.median(vs_trafilatura),
        "max_vs_trafilatura": max(vs_trafilatura),
        "pages_above_1x": float(sum(r > 1.0 for r in vs_trafilatura)),
        "median_vs_lxml": statistics.median(vs_lxml),
    }
    print(
        f"\nper page (median of {reps} runs each, {len(rows)} pages): ours / trafilatura.extract median "
        f"{figures['median_vs_trafilatura']:.2f}, max {figures['max_vs_trafilatura']:.2f} "
        f"({int(figures['pages_above_1x'])} pages above 1.0); ours / bare lxml parse median {figures['median_vs_lxml']:.1f}"
    )
    print(
        f"mean per report: ours (document stage + metric extraction) {total_a / len(rows) * 1000:.1f} ms, "
        f"trafilatura.extract {total_b / len(rows) * 1000:.1f} ms, ratio of sums {total_a / total_b:.2f}"
    )
    if demo:
        da, db = sum(r[2] for r in demo), sum(r[3] for r in demo)
        print(f"demo report pages only ({len(demo)}): ours {da / len(demo) * 1000:.1f} ms, trafilatura {db / len(demo) * 1000:.1f} ms, ratio {da / db:.2f}")
    return figures


def bench_demo_runs() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "scrapers", "demo", "--workdir", tmp, "--base-port", "18181"],
            cwd=REPO, capture_output=True, text=True,
        )
        first = time.monotonic() - start
        if proc.returncode != 0:
            print(proc.stdout[-2000:], proc.stderr[-2000:])
            raise SystemExit("demo run failed")
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "scrapers", "demo", "--workdir", tmp, "--base-port", "18181"],
            cwd=REPO, capture_output=True, text=True, check=True,
        )
        second = time.monotonic() - start
    print(f"\nwhole demo run through Airflow (`python -m scrapers demo`): first {first:.1f} s, second (nothing new) {second:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    bench_extraction(args.reps)
    if not args.skip_demo:
        bench_demo_runs()


if __name__ == "__main__":
    main()
