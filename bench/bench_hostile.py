"""What a hostile source costs: parser growth on adversarial input, and one whole run with a
hostile source beside the demo sites (its wall time, the run's wall time and peak RSS).

Run: .venv/bin/python bench/bench_hostile.py [--wall-s 60] [--skip-parsers]
The hostile site (127.0.0.1:22301, the demo sites on 22311..) combines the classes of issue 9:
a Hanweb pager claiming 8,000,000 records of 1 per page, an unclosed-<script> list page, report
pages trickling 1 byte/s, a 300 MB DOCX zip bomb, a PDF whose stream inflates to 300 MB, and a
redirect to another port. Its wall-time budget is --wall-s (the default budget is 300 s; a
shorter one keeps the bench short, the other budgets are the defaults).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "fetch")]

from bench.hostile_inputs import LIST_PREFIX, LIST_SHAPES, PAGE_PREFIX, PAGE_SHAPES, TEXT_SHAPES, build  # noqa: E402


def parser_growth() -> None:
    from scrapers.discover.listing import parse_list_page
    from scrapers.document.errors import DocumentError
    from scrapers.document.parse import parse_report_page
    from scrapers.metrics.extract import extract_metrics

    def timed(call) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            call()
        except DocumentError:
            pass
        return time.perf_counter() - started

    extract_metrics("查处案件120件。", 2023)
    print(f"{'parser / shape':<52} {'small':>8} {'10x':>8} {'growth':>7}")
    from scrapers.document.challenge import detect_challenge

    rows = [(f"challenge check: {k}", lambda s: detect_challenge(200, {}, s.encode()), LIST_PREFIX, u, 1_000_000) for k, u in LIST_SHAPES.items()]
    rows += [(f"list: {k}", lambda s, u=u: parse_list_page(s, "http://127.0.0.1/col/index.html"), LIST_PREFIX, u, 1_000_000) for k, u in LIST_SHAPES.items()]
    rows += [(f"report page: {k}", lambda s, u=u: parse_report_page(s.encode(), "http://127.0.0.1/a.html", {}), PAGE_PREFIX, u, 1_000_000) for k, u in PAGE_SHAPES.items()]
    rows += [(f"metrics: {k}", lambda s, u=u: extract_metrics(s, 2023), "", u, 100_000) for k, u in TEXT_SHAPES.items()]
    for name, call, prefix, unit, size in rows:
        small, big = build(prefix, unit, size), build(prefix, unit, 10 * size)
        t1, t10 = timed(lambda: call(small)), timed(lambda: call(big))
        print(f"{name:<52} {t1:>7.2f}s {t10:>7.2f}s {t10 / max(t1, 1e-3):>6.1f}x   ({size / 1e6:g} MB -> {10 * size / 1e6:g} MB)", flush=True)


def hostile_run(wall_s: float) -> None:
    from faultserver import FaultServer, Reply
    from test_fetch_hostile import TITLE, cover_page, docx_bomb, list_page, pdf_bomb

    from scrapers.demo.server import DemoSites
    from scrapers.fetch.http import FetchPolicy
    from scrapers.pipeline import run_all

    html = {"Content-Type": "text/html; charset=utf-8"}
    with FaultServer(22301) as bad, FaultServer(22302) as other_port, DemoSites(base_port=22311) as sites, tempfile.TemporaryDirectory() as work:
        pager = (
            '<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?p=1">]]></nextgroup>'
            "</datastore></script><script>perpage:1</script><totalrecord>8000000</totalrecord>" + "<script>var a;" * 20000
        )
        reports = [(f"/art/t2024031{i}_{i}.html", TITLE.replace("2023", str(2010 + i))) for i in range(4)]
        bad.route("/list/index.html", list_page(*reports, ("/art/t20240320_9.html", TITLE.replace("2023", "2009")), extra=pager))
        bad.route("/module/web/jpage/dataproxy.jsp", list_page())
        bad.route(reports[0][0], cover_page("/files/bomb.docx"))
        bad.route(reports[1][0], cover_page("/files/bomb.pdf"))
        bad.route(reports[2][0], Reply(status=302, headers={"Location": other_port.url("/internal.html")}))
        bad.route(reports[3][0], Reply(body=b"<html>" + b" " * 100_000, headers=html, trickle_s=1.0, trickle_chunk=1))
        bad.route("/art/t20240320_9.html", Reply(body=b"<html>" + b" " * 100_000, headers=html, trickle_s=1.0, trickle_chunk=1))
        bad.route("/files/bomb.docx", Reply(body=docx_bomb(300), headers={"Content-Type": "application/octet-stream"}))
        bad.route("/files/bomb.pdf", Reply(body=pdf_bomb(300), headers={"Content-Type": "application/pdf"}))

        sources = Path(work) / "sources.yaml"
        sites.write_sources(sources)
        text = sources.read_text(encoding="utf-8") + (
            f"- id: hostile-amr\n  agency: 某某市市场监督管理局\n  list_urls: ['{bad.url('/list/index.html')}']\n"
            f"  budgets: {{max_wall_s: {wall_s:g}}}\n"
        )
        sources.write_text(text, encoding="utf-8")
        policy = FetchPolicy(requests_per_second=20, attempts=2, backoff_base_s=0.1, backoff_max_s=1, respect_robots=False)
        started = time.monotonic()
        summary = run_all(sources, Path(work) / "warehouse.duckdb", run_id="bench-hostile", policy=policy)
        elapsed = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        for r in summary.results:
            took = "" if not (r.started_at and r.finished_at) else ""
            print(f"[{r.status:>7}] {r.source_id}: {len(r.report_ids)} reports, {r.errors} errors, "
                  f"{r.fetch_stats.get('requests', 0)} requests, {r.fetch_stats.get('bytes', 0)} bytes{took}"
                  + (f" — {r.reason}" if r.reason else ""))
        hostile = next(r for r in summary.results if r.source_id == "hostile-amr")
        from datetime import datetime

        cost = (datetime.fromisoformat(hostile.finished_at) - datetime.fromisoformat(hostile.started_at)).total_seconds()
        print(f"hostile source: {cost:.0f} s of wall time (budget {wall_s:g} s); requests to the other port: {len(other_port.log)}")
        print(f"whole run (crawl of 4 sources, load, dbt build, publish): {elapsed:.0f} s; peak RSS {peak:.0f} MiB "
              f"(largest child, dbt or the PDF reader: {peak_children:.0f} MiB)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wall-s", type=float, default=60)
    parser.add_argument("--skip-parsers", action="store_true")
    args = parser.parse_args()
    if not args.skip_parsers:
        parser_growth()
    hostile_run(args.wall_s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
