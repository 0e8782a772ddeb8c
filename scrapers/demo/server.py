"""Serve the bundled demo sites on loopback, one port per site, with switchable faults.

    with DemoSites() as demo:              # free ports; DemoSites(base_port=18081) -> 18081, 18082, ...
        demo.write_sources("sources.yaml")
        demo.set_fault("hedong-amr", "http500")   # every request answers 500
        demo.set_fault("hedong-amr", "down")      # listening socket closed: connection refused
        demo.set_fault("hedong-amr", None)        # healthy again, same port

Each site also answers ``POST /__demo__/fault`` with a form body ``mode=http500|down|none`` and an
optional ``site=<id>`` (so one site's endpoint can repair another that is down); ``GET`` on the same
path tells the current mode. Only loopback addresses are accepted.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import yaml

from scrapers.demo.build import BuiltSite, build_all

FaultMode = Literal["http500", "down"] | None
FAULT_MODES: tuple[str, ...] = ("none", "http500", "down")
ADMIN_PATH = "/__demo__/fault"


def parse_fault(mode: str | None) -> FaultMode:
    """'none'/''/None -> None; 'http500' and 'down' as they are; anything else is an error."""
    if mode is None or mode.strip().lower() in ("", "none", "healthy", "ok"):
        return None
    mode = mode.strip().lower()
    if mode not in FAULT_MODES:
        raise ValueError(f"unknown fault mode {mode!r}; use one of {', '.join(FAULT_MODES)}")
    return mode  # type: ignore[return-value]


class DemoSite:
    """One running site: what it is, where it listens, and whether it is faulty."""

    def __init__(self, built: BuiltSite, host: str, port: int) -> None:
        self.built = built
        self.host = host
        self.port = port  # 0 until bound; kept across down/up so URLs stay valid
        self.fault: FaultMode = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def id(self) -> str:
        return self.built.spec.id

    @property
    def agency(self) -> str:
        return self.built.spec.agency

    @property
    def region(self) -> dict[str, str | None]:
        return dict(self.built.spec.region)

    @property
    def base_url(self) -> str:
        if not self.port:
            raise RuntimeError(f"{self.id} has no port yet: start DemoSites first")
        return f"http://{self.host}:{self.port}"

    @property
    def list_urls(self) -> list[str]:
        return [self.base_url + path for path in self.built.spec.list_paths]

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def listening(self) -> bool:
        return self._server is not None

    def __repr__(self) -> str:
        return f"DemoSite({self.id!r}, port={self.port}, fault={self.fault!r})"


class DemoSites:
    """All demo sites, each on its own port, served by ThreadingHTTPServer in background threads."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        base_port: int = 0,
        faults: Mapping[str, str | None] | None = None,
        sites: Iterable[BuiltSite] | None = None,
    ) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"demo sites bind to loopback only, not {host!r}")
        built = list(sites) if sites is not None else build_all()
        self.host = host
        self.sites: list[DemoSite] = [
            DemoSite(b, host, base_port + i if base_port else 0) for i, b in enumerate(built)
        ]
        self._lock = threading.RLock()
        self._started = False
        for site_id, mode in (faults or {}).items():
            self.site(site_id).fault = parse_fault(mode)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> DemoSites:
        with self._lock:
            if self._started:
                return self
            try:
                for site in self.sites:
                    if site.fault != "down":
                        self._listen(site)
                    elif not site.port:  # a site that starts down still needs its port
                        self._listen(site)
                        self._close(site)
            except BaseException:
                self._stop_all()
                raise
            self._started = True
            return self

    def stop(self) -> None:
        with self._lock:
            self._stop_all()
            self._started = False

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- lookups and the sources file --------------------------------------------------------

    def site(self, site_id: str) -> DemoSite:
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(f"no demo site {site_id!r}; have {[s.id for s in self.sites]}")

    def sources(self) -> list[dict[str, Any]]:
        """The sites as entries of the project's sources file."""
        return [
            {
                "id": site.id,
                "agency": site.agency,
                "region": {k: site.region.get(k) for k in ("province", "city", "county")},
                "list_urls": site.list_urls,
            }
            for site in self.sites
        ]

    def write_sources(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "# Bundled demo sites on loopback (scrapers/demo). Written by DemoSites.write_sources.\n"
        text = yaml.safe_dump(
            {"sources": self.sources()}, allow_unicode=True, sort_keys=False, default_flow_style=None
        )
        path.write_text(header + text, encoding="utf-8")
        return path

    # -- faults -------------------------------------------------------------------------------

    def set_fault(self, site_id: str, mode: str | None) -> None:
        """Switch a site between healthy (None), 'http500' and 'down' (connection refused)."""
        fault = parse_fault(mode)
        with self._lock:
            site = self.site(site_id)
            site.fault = fault
            if not self._started:
                return
            if fault == "down":
                self._close(site)
            elif not site.listening:
                self._listen(site)

    def fault(self, site_id: str) -> FaultMode:
        return self.site(site_id).fault

    # -- internals ----------------------------------------------------------------------------

    def _listen(self, site: DemoSite) -> None:
        server = ThreadingHTTPServer((site.host, site.port), _handler_for(self, site))
        server.daemon_threads = True
        site.port = server.server_address[1]
        site._server = server
        site._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"demo-{site.id}", daemon=True
        )
        site._thread.start()

    def _close(self, site: DemoSite) -> None:
        server, thread = site._server, site._thread
        site._server = site._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _stop_all(self) -> None:
        for site in self.sites:
            self._close(site)


def _handler_for(owner: DemoSites, site: DemoSite) -> type[BaseHTTPRequestHandler]:
    class Handler(_DemoHandler):
        pass

    Handler.owner = owner
    Handler.site = site
    return Handler


class _DemoHandler(BaseHTTPRequestHandler):
    owner: DemoSites
    site: DemoSite
    server_version = "nginx"  # what most of these sites answer with
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_POST(self) -> None:
        self._serve(send_body=True)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep test and CLI output quiet; the crawler logs what it fetched

    def _serve(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if self.command == "POST":
            params.update(self._form())
        if parts.path == ADMIN_PATH:
            self._admin(params)
            return
        if self.site.fault == "http500":
            self._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                       "text/html; charset=utf-8", send_body)
            return
        page = self.site.built.respond(parts.path, params)
        self._send(page.status, page.body, page.content_type, send_body)

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))

    def _admin(self, params: dict[str, str]) -> None:
        target_id = params.get("site") or self.site.id
        if self.command != "POST":
            try:
                mode = self.owner.fault(target_id)
            except KeyError as exc:
                self._send(404, str(exc).encode(), "text/plain; charset=utf-8", True)
                return
            self._send(200, f"{target_id} {mode or 'none'}\n".encode(), "text/plain; charset=utf-8", True)
            return
        try:
            mode = parse_fault(params.get("mode"))
            self.owner.site(target_id)
        except (KeyError, ValueError) as exc:
            self._send(400, f"{exc}\n".encode(), "text/plain; charset=utf-8", True)
            return
        answer = f"{target_id} {mode or 'none'}\n".encode()
        if mode == "down" and target_id == self.site.id:
            # This very server must close; do it after the answer has left, off this thread.
            self._send(200, answer, "text/plain; charset=utf-8", True)
            self.wfile.flush()
            threading.Thread(target=self.owner.set_fault, args=(target_id, mode), daemon=True).start()
        else:
            # Switch first, answer second: a client that got 200 sees the new state at once.
            self.owner.set_fault(target_id, mode)
            self._send(200, answer, "text/plain; charset=utf-8", True)

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            self.wfile.write(body)
