"""Command line: `python -m scrapers …` (also installed as `mr-reports`).

The DAG tasks call the same functions (scrapers.pipeline); this is how an operator tries a new
source, parses one saved page, or re-extracts everything from the archive.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from pathlib import Path

from scrapers.sources import SourcesError, load_sources


def _cmd_extract(args: argparse.Namespace) -> int:
    from scrapers.crawl import build_document
    from scrapers.document.errors import DocumentError
    from scrapers.models import FetchedPage, Region, Source

    path = Path(args.path)
    body = path.read_bytes()
    url = args.url or path.resolve().as_uri()
    page = FetchedPage(url=url, requested_url=url, status=200, headers={}, body=body, fetched_at="")
    source = Source(id="cli", agency=args.agency or "", region=Region(), list_urls=(url,))
    try:
        if path.suffix.lower() in (".pdf", ".docx"):
            doc = _document_from_file(page, source)
        else:
            doc = build_document(page, source)  # no --agency: the source's is empty, the page's stays
    except DocumentError as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 2
    out = {
        "url": doc.url,
        "title": doc.title,
        "agency": doc.agency,
        "report_year": doc.report_year,
        "published": doc.published,
        "body_text": doc.body_text,
        "metrics": [
            {k: m.to_dict()[k] for k in ("metric", "domain", "value", "unit", "approx", "period", "yoy_pct", "evidence", "start", "end")}
            for m in doc.metrics
        ],
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(f"{doc.title} | {doc.agency} | {doc.report_year} | {doc.published}")
        for m in doc.metrics:
            print(f"  {m.metric:<24} {m.domain:<12} {m.value:>14,.2f} {m.unit:<7} {m.evidence}")
    return 0


def _document_from_file(page, source):
    """A report saved as a PDF or DOCX: its text, with title and year read from its first lines."""
    from scrapers.crawl import finish_document
    from scrapers.document.attachments import extract_attachment_text
    from scrapers.document.errors import DocumentError
    from scrapers.document.metadata import _signature, report_year_from
    from scrapers.models import ReportDocument

    text = extract_attachment_text(page.body, page.url, None)
    if text.scanned:
        raise DocumentError(page.url, "a scanned PDF with no text layer: needs OCR")
    lines = [line.strip() for line in text.text.splitlines() if line.strip()]
    title = lines[0] if lines and len(lines[0]) <= 60 else None  # a file's first line is its title
    year, _ = report_year_from(title, lines[1:4], None)
    doc = ReportDocument(
        url=page.url, title=title, agency=source.agency or _signature(lines), report_year=year,
        published=None, body_text=text.text, source_file=page.url,
    )
    return finish_document(doc, page, source)


def _cmd_run(args: argparse.Namespace) -> int:
    from scrapers.fetch.http import FetchPolicy
    from scrapers.pipeline import run_all, yoy_summary
    from scrapers.warehouse.dbt import published_path_for

    from scrapers.progress import progress

    changes = {}
    if args.rps:
        changes["requests_per_second"] = args.rps
    if args.connections:
        changes["max_open_connections"] = args.connections
    policy = FetchPolicy(**changes) if changes else None
    total = len(load_sources(args.sources))
    with progress("sources", total, reports=0, errors=0, failed=0) as bar:
        summary = run_all(
            args.sources, args.warehouse, data_dir=args.data_dir, run_id=args.run_id, policy=policy,
            progress=lambda r: bar.advance(reports=len(r.report_ids), errors=r.errors, failed=r.status == "failed"),
        )
    for r in summary.results:
        print(
            f"[{r.status:>7}] {r.source_id}: {r.list_pages} list pages, {len(r.report_ids)} new reports, "
            f"{r.reports_known} known, {r.items_skipped} look-alikes skipped, {r.errors} errors"
            + (f" — {r.reason}" if r.reason else "")
        )
    print(f"loaded: {summary.load}")
    print(f"timing: {summary.timing()}")
    print(yoy_summary(published_path_for(Path(args.warehouse).resolve())))
    for failure in summary.failed:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if summary.failed else 0


def _cmd_reextract(args: argparse.Namespace) -> int:
    import time

    from scrapers.pipeline import build_marts, load, new_run_id, reextract
    from scrapers.progress import progress
    from scrapers.store import DataDir

    sources = load_sources(args.sources)
    warehouse = Path(args.warehouse).resolve()
    data = DataDir(args.data_dir or warehouse.parent)
    run_id = new_run_id().replace("manual", "reextract")
    seconds = {}
    started = time.monotonic()
    total = sum(1 for _ in data.iter_document_ids())
    with progress("reports", total) as bar:
        done = [0]

        def advance(now: int, _total: int) -> None:
            bar.advance(now - done[0])
            done[0] = now

        stats: dict[str, float] = {}
        rebuilt, errors = reextract(sources, data, run_id, workers=args.workers, progress=advance, stats=stats)
    seconds["reextract"] = time.monotonic() - started
    cores_busy = stats.get("worker_cpu_s", 0.0) / max(seconds["reextract"], 1e-9)
    started = time.monotonic()
    summary = load(sources, data, run_id, warehouse)
    seconds["load"] = time.monotonic() - started
    started = time.monotonic()
    build_marts(warehouse)
    seconds["dbt+publish"] = time.monotonic() - started
    print(f"re-extracted {len(rebuilt)} reports from the archive; loaded {summary}")
    print("timing: " + ", ".join(f"{stage} {s:.1f} s" for stage, s in seconds.items())
          + f"; re-extraction used {stats.get('worker_cpu_s', 0.0):.0f} CPU s in {stats.get('workers', 0):.0f} processes"
          + f" ({cores_busy:.2f} cores busy on average)")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from scrapers.pipeline import yoy_summary

    print(yoy_summary(args.warehouse, per_agency=args.per_agency))
    if args.plot:
        from scrapers.warehouse.plot import PlotError, plot_yoy

        try:
            print(f"chart: {plot_yoy(args.warehouse, args.plot, args.agency)}")
        except PlotError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    """Serve dbt's docs of the published copy (published/dbt-docs) on loopback."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from scrapers.warehouse.dbt import docs_dir_for, published_path_for

    docs = docs_dir_for(published_path_for(Path(args.warehouse).resolve()))
    if not (docs / "index.html").exists():
        print(f"error: no dbt docs in {docs}: build and publish the marts first", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(SimpleHTTPRequestHandler, directory=str(docs)))
    print(f"dbt docs of {docs.parent}: http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _cmd_bi(args: argparse.Namespace) -> int:
    """Set up Superset on the published copy, import the dashboard, serve it on loopback."""
    import signal
    import time

    from scrapers.bi.superset import ADMIN_USER, Superset, SupersetError
    from scrapers.settings import REPO_ROOT
    from scrapers.warehouse.dbt import published_path_for

    started = time.monotonic()
    from scrapers.warehouse.load import is_url

    # a DuckDB warehouse: Superset reads its published copy; a PostgreSQL one: its marts schema
    published = args.warehouse if is_url(args.warehouse) else published_path_for(Path(args.warehouse).resolve())
    bi = Superset(Path(args.home or REPO_ROOT / "var" / "bi"), published, port=args.port)
    try:
        bi.setup()
        bi.start()
    except SupersetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    shown = bi.published if not is_url(published) else published.split("@")[-1]
    print(f"Superset ready in {time.monotonic() - started:.0f} s on {shown}")
    print(f"dashboard: {bi.dashboard_url}  (user {ADMIN_USER}, password in {bi.home / 'admin_password'})")
    if args.no_serve:
        bi.stop()
        return 0
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while bi._proc is not None and bi._proc.poll() is None:
            time.sleep(1)
        print(f"Superset exited; log {bi.log_path}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        bi.stop()


def _cmd_check_sources(args: argparse.Namespace) -> int:
    sources = load_sources(args.sources)
    print(f"{args.sources}: {len(sources)} sources OK")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    import time

    from scrapers import local_airflow
    from scrapers.demo.server import DemoSites
    from scrapers.pipeline import source_status_summary, yoy_summary
    from scrapers.settings import REPO_ROOT
    from scrapers.warehouse.dbt import published_path_for

    work = Path(args.workdir or REPO_ROOT / "var" / "demo").resolve()
    data_dir, sources_file = work / "data", work / "sources.yaml"
    started = time.monotonic()
    # Fixed ports: report ids hash the URL, so a second demo run finds the same reports known.
    with DemoSites(base_port=args.base_port) as sites:
        sites.write_sources(sources_file)
        print(f"demo sites up: {', '.join(s.base_url for s in sites.sites)}")
        env = local_airflow.airflow_env(work / "airflow", data_dir=data_dir, sources_file=sources_file)
        local_airflow.prepare(env)
        print(f"running DAG {local_airflow.NIGHTLY_DAG} with `airflow dags test` (AIRFLOW_HOME={work / 'airflow'}) …")
        proc = local_airflow.dags_test(env)
    elapsed = time.monotonic() - started
    log_path = work / "airflow-dags-test.log"
    log_path.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    published = published_path_for(data_dir / "warehouse.duckdb")
    if proc.returncode != 0 or not published.exists():
        print("\n".join((proc.stdout + proc.stderr).splitlines()[-40:]), file=sys.stderr)
        print(f"demo run FAILED (exit {proc.returncode}); full log: {log_path}", file=sys.stderr)
        return 1
    print(source_status_summary(published))
    print(yoy_summary(published))
    print(f"demo finished in {elapsed:.1f} s; Airflow log: {log_path}; BI copy of the warehouse: {published}")
    print("next: `make bi` opens it in Superset; `python -m scrapers summary --warehouse " f"{published} --plot yoy.png` draws a chart")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scrapers", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="parse one saved report page and print its document and metrics")
    p.add_argument("path")
    p.add_argument("--url", help="the URL the page was served from (for relative links and URL dates)")
    p.add_argument("--agency", help="the agency the page belongs to (default: read from the page)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("run", help="crawl, parse, extract, load and build the marts, without Airflow")
    p.add_argument("--sources", required=True, help="sources YAML file")
    p.add_argument("--warehouse", required=True, help="DuckDB file (the published copy goes to published/ beside it)")
    p.add_argument("--data-dir", help="archive/documents/runs directory (default: the warehouse's directory)")
    p.add_argument("--run-id")
    p.add_argument("--rps", type=float, help="requests per second per host (default 1)")
    p.add_argument("--connections", type=int, help="requests in flight across all hosts (default 64)")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("reextract", help="re-parse and re-extract every stored report from the raw archive")
    p.add_argument("--sources", required=True)
    p.add_argument("--warehouse", required=True)
    p.add_argument("--data-dir")
    p.add_argument("--workers", type=int, help="processes (default: one per core)")
    p.set_defaults(func=_cmd_reextract)

    p = sub.add_parser("demo", help="the main job on the bundled demo sites, through real Airflow")
    p.add_argument("--workdir", help="where the demo keeps its data, warehouse and Airflow home (default var/demo)")
    p.add_argument("--base-port", type=int, default=18081)
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("summary", help="print the year-over-year summary of a warehouse")
    p.add_argument("--warehouse", required=True)
    p.add_argument("--per-agency", type=int, default=6, help="rows per agency (default 6)")
    p.add_argument("--plot", metavar="FILE.png", help="also draw an agency's year-over-year change (Chinese labels) to this PNG")
    p.add_argument("--agency", help="the agency id to draw (default: the one with most comparable metrics)")
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("docs", help="serve the dbt docs (manifest, catalog, run results) kept beside the published copy")
    p.add_argument("--warehouse", required=True, help="the live warehouse file (its published/ copy is served)")
    p.add_argument("--port", type=int, default=23080)
    p.set_defaults(func=_cmd_docs)

    p = sub.add_parser("bi", help="Superset (own venv, see `make bi`) on the published copy, with the dashboard imported")
    p.add_argument("--warehouse", default=str(Path("var/demo/data/warehouse.duckdb")), help="the live warehouse file (Superset reads its published/ copy; default: the demo's), or a postgresql:// URL (password from MR_WAREHOUSE_PASSWORD)")
    p.add_argument("--home", help="Superset's metadata, secrets and logs (default var/bi)")
    p.add_argument("--port", type=int, default=23088)
    p.add_argument("--no-serve", action="store_true", help="set up and check the server starts, then stop")
    p.set_defaults(func=_cmd_bi)

    p = sub.add_parser("check-sources", help="validate a sources file")
    p.add_argument("sources")
    p.set_defaults(func=_cmd_check_sources)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        logging.getLogger("trafilatura").setLevel(logging.ERROR)  # "discarding data: None" is not news
    try:
        return args.func(args)
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the environment (locked/missing/full warehouse, dbt): one line, not a traceback
        from scrapers.cli_errors import describe

        if args.verbose:
            traceback.print_exc()
        print(f"error: {describe(exc)}" + ("" if args.verbose else "  (rerun with -v for the traceback)"), file=sys.stderr)
        return 1
