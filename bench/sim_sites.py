"""A loopback simulator of N bureau sites, for the crawl benchmarks (bench_nights.py).

One process, asyncio: site i listens on its own loopback address (127.1.x.y, see `site_address`)
on one shared port, so a crawler sees N different hosts, as on the real job. Every response is
delayed (default 200 ms, like a slow county server). Each site serves:
    /robots.txt          (Cache-Control: max-age=86400)
    /col/index.html      its column list page, linking its one or two reports
    /art/<year>.html     a report page (body text from the demo fixtures, TRS-style markup)
with a strong ETag and a Last-Modified on every 200, and 304 to a matching If-None-Match or
If-Modified-Since. Request counts by kind (robots/list/report/other) and status are served as JSON
on the control address (127.0.0.1:<control port>): GET /stats, POST /reset.

Run: .venv/bin/python bench/sim_sites.py --sites 3000 --port 21080 --control-port 21079
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import resource
import signal
import sys
from collections import Counter
from email.utils import formatdate
from html import escape
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "scrapers" / "demo" / "fixtures"
LAST_MODIFIED = formatdate(1_710_000_000, usegmt=True)  # 2024-03-09: nothing changes between nights
_DIGITS = "甲乙丙丁戊己庚辛壬癸"


def site_address(index: int) -> str:
    """127.1.x.y, one per site (the whole of 127/8 is loopback on Linux)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


def site_agency(index: int) -> str:
    # A name without digits (a digit run before 年 would read as a year in a title).
    name = "".join(_DIGITS[int(d)] for d in f"{index:04d}")
    return f"{name}市市场监督管理局"


def site_years(index: int) -> list[int]:
    return [2023] if index % 2 == 0 else [2023, 2022]


def sources_yaml(sites: int, port: int) -> str:
    lines = ["sources:"]
    for i in range(sites):
        lines += [
            f"  - id: sim-{i:04d}",
            f"    agency: {site_agency(i)}",
            f"    region: {{province: 模拟省, city: {site_agency(i)[:5]}}}",
            f"    list_urls: [http://{site_address(i)}:{port}/col/index.html]",
        ]
    return "\n".join(lines) + "\n"


def _bodies() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.body.txt"))]


def report_html(index: int, year: int, bodies: list[str]) -> str:
    """Site `index`'s report of `year`: a demo fixture's real text in TRS-style page chrome."""
    agency = site_agency(index)
    title = f"{agency}{year}年度法治政府建设情况报告"
    body = bodies[(index + year) % len(bodies)]
    paras = "".join(f"<p>{escape(line)}</p>" for line in body.splitlines() if line.strip())
    return (
        f"<html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<meta name='ArticleTitle' content='{escape(title)}'><meta name='PubDate' content='{year + 1}-03-01'>"
        f"<meta name='ContentSource' content='{agency}'></head><body>"
        f"<div class='header'>{agency} 首页 | 政务公开 | 法治政府建设</div>"
        f"<h1>{escape(title)}</h1><div class='info'>发布时间：{year + 1}-03-01 来源：{agency}</div>"
        f"<div class='TRS_Editor'>{paras}</div><div class='footer'>主办：{agency} 版权所有</div></body></html>"
    )


class Sites:
    def __init__(self, count: int, delay: float) -> None:
        self.count = count
        self.delay = delay
        self.bodies = _bodies()
        self.stats: Counter[str] = Counter()
        self.by_address = {site_address(i): i for i in range(count)}

    def page(self, index: int, path: str) -> tuple[str, bytes, str] | None:
        """(kind, body, content type) for a path of site `index`, None for 404."""
        agency = site_agency(index)
        if path == "/robots.txt":
            return "robots", b"User-agent: *\nDisallow: /private/\n", "text/plain"
        if path == "/col/index.html":
            items = "".join(
                f'<li><a href="/art/{y}.html" title="{agency}{y}年度法治政府建设情况报告">{agency}{y}年度法治政府建设情况报告</a>'
                f"<span>{y + 1}-03-0{1 + index % 9}</span></li>"
                for y in site_years(index)
            ) + f'<li><a href="/art/news.html">{agency}开展计量宣传活动</a><span>2024-05-20</span></li>'
            html = (f"<html><head><meta charset='utf-8'><title>法治政府建设_{agency}</title></head><body>"
                    f"<div class='nav'><a href='/'>首页</a></div><ul class='list'>{items}</ul></body></html>")
            return "list", html.encode("utf-8"), "text/html; charset=utf-8"
        if path.startswith("/art/") and path.endswith(".html"):
            stem = path[5:-5]
            if not stem.isdigit() or int(stem) not in site_years(index):
                return None
            html = report_html(index, int(stem), self.bodies)
            return "report", html.encode("utf-8"), "text/html; charset=utf-8"
        return None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        address = writer.get_extra_info("sockname")[0]
        index = self.by_address.get(address)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                await asyncio.sleep(self.delay)
                keep = headers.get("connection", "").lower() != "close"
                self._respond(writer, index, method, target.split("?")[0], headers, keep)
                await writer.drain()
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def _respond(self, writer, index, method, path, headers, keep) -> None:  # type: ignore[no-untyped-def]
        found = self.page(index, path) if index is not None else None
        extra = ""
        if found is None:
            kind, status, body, ctype = "other", 404, b"not found", "text/plain"
        else:
            kind, body, ctype = found
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            extra = f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
            if kind == "robots":
                extra += "Cache-Control: max-age=86400\r\n"
            if headers.get("if-none-match") == etag or headers.get("if-modified-since") == LAST_MODIFIED:
                status, body = 304, b""
            else:
                status = 200
        self.stats[f"{kind} {status}"] += 1
        self.stats["requests"] += 1
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        head = (f"HTTP/1.1 {status} {reason}\r\nServer: sim\r\nContent-Type: {ctype}\r\n{extra}"
                f"Content-Length: {len(body) if status != 304 else 0}\r\n"
                f"Connection: {'keep-alive' if keep else 'close'}\r\n\r\n")
        writer.write(head.encode("latin-1") + (body if method != "HEAD" and status != 304 else b""))

    async def control(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target = head.decode("latin-1").split(" ")[:2]
            if method == "POST" and target == "/reset":
                self.stats.clear()
            body = json.dumps({"sites": self.count, **self.stats}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def serve(sites: int, port: int, control_port: int, delay: float) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    state = Sites(sites, delay)
    servers = [await asyncio.start_server(state.handle, site_address(i), port, backlog=64) for i in range(sites)]
    servers.append(await asyncio.start_server(state.control, "127.0.0.1", control_port))
    print(f"sim: {sites} sites on 127.1.x.y:{port}, {delay * 1000:.0f} ms per response; control 127.0.0.1:{control_port}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--port", type=int, default=21080)
    parser.add_argument("--control-port", type=int, default=21079)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each response")
    parser.add_argument("--write-sources", help="write the sources file for these sites and exit")
    args = parser.parse_args()
    if args.write_sources:
        Path(args.write_sources).write_text(sources_yaml(args.sites, args.port), encoding="utf-8")
        return
    try:
        asyncio.run(serve(args.sites, args.port, args.control_port, args.delay))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
