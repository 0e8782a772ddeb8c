"""What the demo sites hold: sites, their list columns and every item on them, as typed records.

The content lives in ``data/sites.yaml`` (sites and items) and ``data/lookalikes.yaml`` (look-alike
bodies). This module resolves them into :class:`SiteSpec` / :class:`Item` with stable paths and
article ids, so the HTML builders (``cms/``) and the ground truth (``truth.py``) read one source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from scrapers.demo.fixtures import Fixture, load_fixture

DATA_DIR = Path(__file__).parent / "data"

Cms = Literal["trs", "hanweb", "generic"]
REPORT = "report"


@dataclass(frozen=True)
class Item:
    site_id: str
    path: str  # absolute path on the site, e.g. /zwgk/fzzfjs/202403/t20240312_3101234.html
    title: str
    date: str  # YYYY-MM-DD, as the list and the visible date line show it
    kind: str  # "report" or a look-alike kind from lookalikes.yaml
    issuer: str  # who published the text (another department for other_agency items)
    article_id: int
    fixture: Fixture | None = None  # set for reports
    paragraphs: tuple[str, ...] = ()  # body of a look-alike
    why_not: str | None = None  # for look-alikes: why this is not the agency's report
    pubdate_meta: str | None = None  # guideline PubDate if it differs (a CMS migration date)

    @property
    def is_report(self) -> bool:
        return self.kind == REPORT


@dataclass(frozen=True)
class SiteSpec:
    id: str
    agency: str
    short_name: str
    region: dict[str, str | None]
    cms: Cms
    charset: str
    site_name: str
    site_domain: str
    site_code: str
    icp: str
    psb: str
    sponsor: str
    tech_support: str
    address: str
    phone: str
    column: dict[str, Any]
    per_page: int
    items: tuple[Item, ...]
    webid: int = 0
    unitid: int = 0

    @property
    def list_paths(self) -> tuple[str, ...]:
        """The paths a sources file lists: the first page of the column."""
        if self.cms == "hanweb":
            return (f"/col/col{self.column['id']}/index.html",)
        if self.cms == "trs":
            return (f"{self.column['dir']}index.html",)
        return (f"{self.column['dir']}list.html",)

    def list_pages(self) -> list[tuple[str, tuple[Item, ...]]]:
        """Every page of the column, in order, with its items (newest first)."""
        chunks = [
            self.items[i : i + self.per_page] for i in range(0, len(self.items), self.per_page)
        ]
        if self.cms == "trs":  # createPageHTML: index.html, index_1.html, ...
            names = ["index.html"] + [f"index_{i}.html" for i in range(1, len(chunks))]
        elif self.cms == "generic":
            names = ["list.html"] + [f"list_{i}.html" for i in range(2, len(chunks) + 1)]
        else:  # Hanweb: one page; further records come from dataproxy.jsp
            return [(self.list_paths[0], self.items)]
        return [(f"{self.column['dir']}{name}", chunk) for name, chunk in zip(names, chunks)]


@cache
def load_sites() -> tuple[SiteSpec, ...]:
    raw = yaml.safe_load((DATA_DIR / "sites.yaml").read_text(encoding="utf-8"))
    kinds = yaml.safe_load((DATA_DIR / "lookalikes.yaml").read_text(encoding="utf-8"))["kinds"]
    return tuple(_site(entry, kinds) for entry in raw["sites"])


def site_spec(site_id: str) -> SiteSpec:
    for spec in load_sites():
        if spec.id == site_id:
            return spec
    raise KeyError(f"no demo site {site_id!r}")


def _site(entry: dict[str, Any], kinds: dict[str, Any]) -> SiteSpec:
    fields = {k: v for k, v in entry.items() if k not in ("items", "article_id_base")}
    raw_items = entry["items"]
    items = []
    for index, raw in enumerate(raw_items):
        # Ids grow with time like a CMS sequence; the hash only keeps them from looking regular.
        seq = len(raw_items) - index
        items.append(_item(entry, raw, kinds, seq))
    dates = [it.date for it in items]
    if dates != sorted(dates, reverse=True):
        raise ValueError(f"{entry['id']}: items must be listed newest first")
    if len({it.path for it in items}) != len(items):
        raise ValueError(f"{entry['id']}: two items share a path")
    return SiteSpec(items=tuple(items), **fields)


def _item(site: dict[str, Any], raw: dict[str, Any], kinds: dict[str, Any], seq: int) -> Item:
    kind = raw["kind"]
    fixture = load_fixture(raw["fixture"]) if kind == REPORT else None
    title = fixture.title if fixture else raw["title"]
    day = fixture.published if fixture else str(raw["date"])
    article_id = site["article_id_base"] + seq * 37 + _hash_int(title) % 29
    common = dict(
        site_id=site["id"],
        path=_article_path(site, day, article_id),
        title=title,
        date=day,
        kind=kind,
        article_id=article_id,
        pubdate_meta=raw.get("pubdate_meta"),
    )
    if fixture:
        return Item(issuer=fixture.agency, fixture=fixture, **common)
    if kind not in kinds:
        raise ValueError(f"unknown look-alike kind {kind!r}")
    issuer = raw.get("issuer", site["agency"])
    variants = kinds[kind]["bodies"]
    template = variants[_hash_int(title) % len(variants)]
    values = _placeholders(site, title, day, issuer)
    return Item(
        issuer=issuer,
        paragraphs=tuple(p.format(**values) for p in template),
        why_not=kinds[kind]["why_not"],
        **common,
    )


def _article_path(site: dict[str, Any], day: str, article_id: int) -> str:
    y, m, d = day.split("-")
    if site["cms"] == "trs":
        return f"{site['column']['dir']}{y}{m}/t{y}{m}{d}_{article_id}.html"
    if site["cms"] == "hanweb":  # Hanweb writes the date unpadded: /art/2024/1/5/
        return f"/art/{y}/{int(m)}/{int(d)}/art_{site['column']['id']}_{article_id}.html"
    return f"{site['column']['dir']}{y}-{m}/{d}/content_{article_id}.html"


def _placeholders(site: dict[str, Any], title: str, day: str, issuer: str) -> dict[str, Any]:
    named = re.search(r"(20\d\d)年", title)
    year = int(named.group(1)) if named else date.fromisoformat(day).year
    h = hashlib.sha256(title.encode("utf-8")).digest()
    region = site["region"]
    n1, n1b, n1c = 2 + h[0] % 8, 2 + h[9] % 8, 2 + h[10] % 8
    return {
        "issuer": issuer,
        "agency": site["agency"],
        "short": site["short_name"],
        "city": region["county"] or region["city"],
        "year": year,
        "next_year": year + 1,
        "month": int(day[5:7]),
        "day": int(day[8:10]),
        "phone": site["phone"],
        "n1": n1,
        "n1b": n1b,
        "n1c": n1c,
        "n1sum": n1 + n1b + n1c,
        "n2": 10 + h[1] % 90,
        "n2b": 10 + h[7] % 90,
        "n2c": 10 + h[8] % 90,
        "n3": 100 + int.from_bytes(h[2:4], "big") % 900,
        "n3b": 100 + int.from_bytes(h[11:13], "big") % 900,
        "n4": 1000 + int.from_bytes(h[4:6], "big") % 9000,
        "p1": f"{90 + (h[6] % 100) / 10:.1f}",
    }


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")
