"""The warehouse at the real job's size: ~3,000 agencies, ~20,000 reports, ~40 mentions each.

Generates parsed documents (synthetic, deterministic), then times the load into DuckDB, a second
load of the same documents (must add nothing), the dbt build and the publish copy.
Run: .venv/bin/python bench/bench_scale.py [--agencies 3000] [--years 7]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import duckdb

from scrapers.metrics.catalog import load_catalog, load_domains
from scrapers.models import MetricMention, Region, ReportDocument, Source
from scrapers.store import DataDir
from scrapers.warehouse.dbt import published_path_for, publish, run_dbt
from scrapers.warehouse.load import load_run


def generate(data: DataDir, agencies: int, years: int, mentions: int) -> list[Source]:
    rng = random.Random(7)
    metrics = [(m.code, m.unit) for m in load_catalog().values()]
    domains = list(load_domains())
    sources = []
    body = "我局坚持以习近平法治思想为指导，全面推进法治政府建设。" * 200
    for a in range(agencies):
        source = Source(f"agency-{a:04d}", f"第{a}市市场监督管理局", Region("某省", f"第{a}市", None), (f"http://site{a}.example/list.html",))
        sources.append(source)
        base = {m: rng.randint(10, 100_000) for m, _ in metrics}
        for year in range(2024 - years, 2024):
            doc = ReportDocument(
                url=f"http://site{a}.example/{year}.html", title=f"{source.agency}{year}年度法治政府建设情况报告",
                agency=source.agency, report_year=year, published=f"{year + 1}-03-01", body_text=body, source_id=source.id,
                extractor_version="bench",
            )
            for i in range(mentions):
                metric, unit = metrics[i % len(metrics)]
                value = base[metric] * (1 + 0.05 * (year - 2017)) + rng.randint(0, 50)
                doc.metrics.append(
                    MetricMention(metric, domains[i % len(domains)], value, unit, False, "year",
                                  rng.choice([None, 5.0, -3.2]), "证据" * 10, 0, 20, "bench", 1.0)
                )
            data.save_document(doc)
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--mentions", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        data = DataDir(tmp)
        warehouse = Path(tmp) / "warehouse.duckdb"
        t = time.monotonic()
        sources = generate(data, args.agencies, args.years, args.mentions)
        gen = time.monotonic() - t
        t = time.monotonic()
        first = load_run(warehouse, data, "scale-1", sources)
        load1 = time.monotonic() - t
        t = time.monotonic()
        second = load_run(warehouse, data, "scale-2", sources)
        load2 = time.monotonic() - t
        t = time.monotonic()
        run_dbt(warehouse, "build")
        dbt = time.monotonic() - t
        t = time.monotonic()
        published = publish(warehouse, published_path_for(warehouse))
        pub = time.monotonic() - t
        con = duckdb.connect(str(published), read_only=True)
        yoy = con.execute("select count(*) from marts.mart_metric_yoy").fetchone()[0]
        con.close()
        size = warehouse.stat().st_size / 2**20
    print(f"{args.agencies} agencies x {args.years} years = {first.reports} reports, {first.mentions} mentions (generated in {gen:.1f} s)")
    print(f"first load {load1:.1f} s; second load of the same run-less data: {second.reports} reports re-loaded in {load2:.1f} s")
    print(f"dbt build {dbt:.1f} s ({yoy} mart_metric_yoy rows); publish copy {pub:.1f} s; warehouse {size:.0f} MiB")


if __name__ == "__main__":
    main()
