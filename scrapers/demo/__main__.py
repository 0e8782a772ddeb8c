"""Command line for the demo sites.

    python -m scrapers.demo serve [--host 127.0.0.1] [--base-port 18081] [--write-sources PATH]
                                  [--fault SITE=MODE ...]
    python -m scrapers.demo build --out DIR          # write the static pages to disk
    python -m scrapers.demo fixtures [--import-from SHARED_DIR]
                                     # regenerate the synthetic fixtures (and re-import the real ones)
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve every demo site until SIGTERM/SIGINT")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--base-port", type=int, default=0,
                       help="site i listens on BASE_PORT+i (0: free ports)")
    serve.add_argument("--write-sources", type=Path, help="write a sources YAML for these URLs")
    serve.add_argument("--fault", action="append", default=[], metavar="SITE=MODE",
                       help="start SITE in MODE (none, http500, down); repeatable")

    build = sub.add_parser("build", help="write the static pages under DIR/<site_id>/")
    build.add_argument("--out", type=Path, required=True)

    fixtures = sub.add_parser("fixtures", help="regenerate the synthetic fixtures")
    fixtures.add_argument("--import-from", type=Path,
                          help="shared folder to re-import the real reports from (corpus/ + gold/)")

    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "build":
        from scrapers.demo.build import write_static

        written = write_static(args.out)
        print(f"wrote {len(written)} files under {args.out}")
        return 0
    return _fixtures(args)


def _serve(args: argparse.Namespace) -> int:
    from scrapers.demo.server import DemoSites

    faults = {}
    for spec in args.fault:
        site_id, _, mode = spec.partition("=")
        faults[site_id] = mode
    stop = threading.Event()
    # SIGTERM (from a supervisor or test) ends the process as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with DemoSites(host=args.host, base_port=args.base_port, faults=faults) as demo:
        for site in demo.sites:
            state = f"  [fault: {site.fault}]" if site.fault else ""
            print(f"{site.id:14} {site.agency}  {site.base_url}{state}")
            for url in site.list_urls:
                print(f"{'':14} list: {url}")
        if args.write_sources:
            print(f"sources written to {demo.write_sources(args.write_sources)}")
        print("serving; stop with Ctrl-C or SIGTERM", flush=True)
        while not stop.wait(0.5):
            pass
    return 0


def _fixtures(args: argparse.Namespace) -> int:
    from scrapers.demo.fixtures import import_from_shared, write_fixture
    from scrapers.demo.synthetic import synthetic_fixtures

    if args.import_from:
        for fixture in import_from_shared(args.import_from):
            write_fixture(fixture)
            print(f"imported {fixture.stem}")
    for fixture in synthetic_fixtures():
        write_fixture(fixture)
        print(f"generated {fixture.stem} (SYNTHETIC, from {fixture.derived_from})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
