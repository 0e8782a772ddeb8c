"""Report fixtures behind the demo sites: the real report texts and their synthetic prior years.

A fixture is two files in ``fixtures/``: ``<stem>.body.txt`` (the report body, verbatim) and
``<stem>.json`` (agency, region, year, title, dates, chrome lines, provenance). The real ones were
copied once from the shared corpus with :func:`import_from_shared`; the project never reads the
shared folder at run time. Synthetic ones are written by ``python -m scrapers.demo fixtures`` from
the real ones (see ``synthetic.py``) and a test checks that the files on disk still match the rule.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FIXTURES_DIR = Path(__file__).parent / "fixtures"

# The three real reports, by the stem they carry in shared/corpus and shared/gold, so gold labels
# can be joined to what the demo serves.
REAL_STEMS: tuple[str, ...] = (
    "000_a8f37f06b62b6b46",
    "001_b4761d77e6b5b755",
    "002_cfe5856917785c2e",
)

# The scrape of 001 carries neither title nor publication date; the demo must show some, so it
# assigns plausible ones and says so in the fixture (``assigned_by_demo``).
_ASSIGNED: dict[str, dict[str, str]] = {
    "001_b4761d77e6b5b755": {
        "title": "天津市河东区市场监督管理局2023年度法治政府建设情况报告",
        "published": "2024-01-05",
    },
}


@dataclass(frozen=True)
class YoyLink:
    """A quantity whose synthetic prior value was derived from the 同比 change the real text states."""

    evidence: str  # the clause in the real report
    value: float  # the real (current-year) value as written
    prior: float  # the value written in the synthetic prior-year report
    yoy_pct: float


@dataclass(frozen=True)
class Fixture:
    stem: str
    agency: str
    region: dict[str, str | None]
    admin_level: str
    report_year: int
    title: str
    published: str  # YYYY-MM-DD
    signed: str | None
    chrome: tuple[str, ...]
    body: str
    synthetic: bool = False
    derived_from: str | None = None  # the real stem a synthetic report was generated from
    assigned_by_demo: tuple[str, ...] = ()  # fields the scrape lacked and the demo made up
    source: str = ""  # where the text came from, for people
    yoy_links: tuple[YoyLink, ...] = field(default=())

    def meta(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("body")
        data["chrome"] = list(self.chrome)
        data["assigned_by_demo"] = list(self.assigned_by_demo)
        data["yoy_links"] = [asdict(link) for link in self.yoy_links]
        return data


def load_fixture(stem: str, directory: Path = FIXTURES_DIR) -> Fixture:
    meta = json.loads((directory / f"{stem}.json").read_text(encoding="utf-8"))
    body = (directory / f"{stem}.body.txt").read_text(encoding="utf-8")
    meta["chrome"] = tuple(meta["chrome"])
    meta["assigned_by_demo"] = tuple(meta.get("assigned_by_demo", ()))
    meta["yoy_links"] = tuple(YoyLink(**link) for link in meta.get("yoy_links", ()))
    return Fixture(body=body, **meta)


def write_fixture(fixture: Fixture, directory: Path = FIXTURES_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    meta = json.dumps(fixture.meta(), ensure_ascii=False, indent=2) + "\n"
    (directory / f"{fixture.stem}.json").write_text(meta, encoding="utf-8")
    # newline="" keeps the body byte-for-byte (no platform newline translation).
    with open(directory / f"{fixture.stem}.body.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(fixture.body)


def import_from_shared(shared_dir: Path) -> list[Fixture]:
    """Split each shared corpus text into body and chrome using its gold meta (a dev-time tool)."""
    fixtures = []
    for stem in REAL_STEMS:
        text = (shared_dir / "corpus" / f"{stem}.txt").read_text(encoding="utf-8")
        meta = json.loads((shared_dir / "gold" / f"{stem}.meta.json").read_text(encoding="utf-8"))
        start = text.index(meta["body_first"])
        end = text.rindex(meta["body_last"]) + len(meta["body_last"])
        body = text[start:end]
        _check_outside_is_chrome(text[:start] + "\n" + text[end:], meta)
        assigned = _ASSIGNED.get(stem, {})
        fixtures.append(
            Fixture(
                stem=stem,
                agency=meta["agency"],
                region=meta["region"],
                admin_level=meta["admin_level"],
                report_year=meta["report_year"],
                title=meta["title"] or assigned["title"],
                published=meta["published"] or assigned["published"],
                signed=meta["signed"],
                chrome=tuple(meta["chrome"]),
                body=body,
                assigned_by_demo=tuple(sorted(k for k in assigned if not meta.get(k))),
                source=f"shared/corpus/{stem}.txt (real text scraped from the agency's page)",
            )
        )
    return fixtures


def _check_outside_is_chrome(outside: str, meta: dict[str, Any]) -> None:
    # Everything the scrape holds outside the body must be a chrome line or the title, else the
    # split lost body text.
    allowed = set(meta["chrome"]) | {meta["title"]}
    stray = [ln for ln in outside.splitlines() if ln.strip() and ln.strip() not in allowed]
    if stray:
        raise ValueError(f"text outside the body is not chrome: {stray[:3]}")
