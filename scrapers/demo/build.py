"""Build each demo site into bytes in memory: every page, robots.txt, a 404, and Hanweb's dataproxy.

Deterministic: the same fixtures and data files give the same bytes (tests compare two builds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from scrapers.demo.catalog import SiteSpec, load_sites
from scrapers.demo.cms import generic, hanweb, trs

_RENDERERS: dict[str, Callable[[SiteSpec], dict[str, str]]] = {
    "trs": trs.render_pages,
    "hanweb": hanweb.render_pages,
    "generic": generic.render_pages,
}

ROBOTS_TXT = b"User-agent: *\nDisallow:\n"


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    status: int = 200


@dataclass(frozen=True)
class BuiltSite:
    spec: SiteSpec
    pages: Mapping[str, Page] = field(repr=False)

    def respond(self, path: str, params: Mapping[str, str]) -> Page:
        """The page for a request path (query already split off into ``params``)."""
        path = unquote(path) or "/"
        if self.spec.cms == "hanweb" and path == hanweb.DATAPROXY_PATH:
            xml = hanweb.dataproxy(self.spec, params)
            if xml is not None:
                return Page(xml.encode("utf-8"), "text/xml;charset=UTF-8")
        page = self.pages.get(path)
        if page is None and path.endswith("/"):
            page = self.pages.get(path + ("index.html" if self.spec.cms != "generic" else "list.html"))
        return page or self.not_found()

    def not_found(self) -> Page:
        return self.pages["/__404__"]

    def digest(self) -> str:
        h = hashlib.sha256()
        for path in sorted(self.pages):
            h.update(path.encode("utf-8") + b"\0" + self.pages[path].body + b"\0")
        return h.hexdigest()


def build_site(spec: SiteSpec) -> BuiltSite:
    charset = spec.charset
    codec = "gbk" if charset.upper() in ("GBK", "GB2312") else "utf-8"
    content_type = f"text/html; charset={charset}"
    # A GBK page must not crash on a character GBK lacks; real CMSs emit a numeric reference.
    pages = {
        path: Page(html.encode(codec, errors="xmlcharrefreplace"), content_type)
        for path, html in _RENDERERS[spec.cms](spec).items()
    }
    pages["/robots.txt"] = Page(ROBOTS_TXT, "text/plain; charset=utf-8")
    pages["/__404__"] = Page(
        _not_found_html(spec).encode(codec, errors="xmlcharrefreplace"), content_type, status=404
    )
    return BuiltSite(spec=spec, pages=pages)


def build_all() -> list[BuiltSite]:
    return [build_site(spec) for spec in load_sites()]


def write_static(out_dir: Path) -> list[Path]:
    """Write every static page under ``out_dir/<site_id>/`` (for looking at, or saved-page tests)."""
    written = []
    for site in build_all():
        for path, page in sorted(site.pages.items()):
            rel = path.lstrip("/") or "index.html"
            if rel.endswith("/"):
                rel += "index.html"
            target = out_dir / site.spec.id / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.body)
            written.append(target)
    return written


def _not_found_html(spec: SiteSpec) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="{spec.charset}"><title>404 页面不存在 - {spec.site_name}</title></head>
<body><div class="err404"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p>
<p><a href="/">返回首页</a></p></div></body></html>"""
