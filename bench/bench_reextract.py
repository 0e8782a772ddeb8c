"""Re-extraction of N archived reports (default 20,000) through `scrapers reextract`.

Builds once (kept in --workdir) a data dir as the crawl leaves it: N report pages of simulated
bureau sites (bench/sim_sites.py; real report text from the demo fixtures in site chrome) in the
raw archive, each with its parsed document; then times `python -m scrapers reextract` (rebuild
every document from the archive, load, dbt build, publish), with peak RSS and CPU seconds.
CPU seconds above wall seconds mean more than one core was busy.

--code DIR times the `scrapers` package in DIR instead (a before figure beside an after figure).

Run: .venv/bin/python bench/bench_reextract.py [--reports 20000] --workdir /tmp/bench-reextract
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from sim_sites import _bodies, report_html, site_address, site_agency, sources_yaml  # noqa: E402

YEARS = range(2023, 2016, -1)  # seven reports per site


def build(work: Path, reports: int, port: int = 80) -> None:
    from scrapers.fetch.archive import RawArchive
    from scrapers.models import FetchedPage, ReportDocument
    from scrapers.sources import load_sources
    from scrapers.store import DataDir

    sites = -(-reports // len(YEARS))
    sources_file = work / "sources.yaml"
    sources_file.write_text(sources_yaml(sites, port), encoding="utf-8")
    sources = load_sources(sources_file)
    data = DataDir(work)
    archive = RawArchive(data.archive_dir)
    bodies = _bodies()
    done = 0
    started = time.monotonic()
    for i in range(sites):
        for year in YEARS:
            if done == reports:
                break
            url = f"http://{site_address(i)}:{port}/art/{year}.html"
            page = FetchedPage(url=url, requested_url=url, status=200, headers={"Content-Type": "text/html; charset=utf-8"},
                               body=report_html(i, year, bodies).encode("utf-8"), fetched_at=datetime.now(UTC).isoformat())
            archive.store(page, source_id=sources[i].id, truncated=None)
            # What re-extraction reads of the old document: its URL, source, title and year.
            title = f"{site_agency(i)}{year}年度法治政府建设情况报告"
            data.save_document(ReportDocument(url=url, title=title, agency=site_agency(i), report_year=year, published=None,
                                              body_text="", source_id=sources[i].id), durable=False)
            done += 1
        if i % 200 == 0:
            print(f"built {done}/{reports} reports ({time.monotonic() - started:.0f} s)", flush=True)
    archive.close()
    (work / "built.json").write_text(json.dumps({"reports": reports}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--workdir", type=Path, required=True, help="the built data dir is kept here for reruns")
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    marker = work / "built.json"
    if not marker.exists() or json.loads(marker.read_text())["reports"] != args.reports:
        build(work, args.reports)
    started = time.monotonic()
    log = work / f"reextract-{args.label or 'run'}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapers", "reextract", "--sources", str(work / "sources.yaml"),
             "--warehouse", str(work / "warehouse.duckdb")],
            cwd=args.code.resolve(), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": ""},
        )
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": f"{os.cpu_count()} cores",
        "label": args.label, "reports": args.reports, "wall_s": round(wall, 1), "exit": os.waitstatus_to_exitcode(status),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "rate_per_s": round(args.reports / wall, 1), "log": str(log),
        "last_lines": log.read_text(encoding="utf-8", errors="replace").splitlines()[-3:],
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
