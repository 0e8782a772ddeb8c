"""The metric catalog and the domains, as typed records.

catalog.csv and domains.csv are a contract with the warehouse and the dashboards: codes are never
renamed. They ship as package data (scrapers/metrics/data/) so the extractor needs no checkout of
the shared folder at run time.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

MetricUnit = Literal["count", "yuan", "percent"]
UNITS: tuple[str, ...] = ("count", "yuan", "percent")


@dataclass(frozen=True)
class CatalogMetric:
    code: str
    name_zh: str
    name_en: str
    unit: MetricUnit
    definition: str
    typical_phrases: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    code: str
    name_zh: str
    name_en: str
    includes: tuple[str, ...]  # Chinese words naming the field (empty for `all`)


def _read(name: str, path: str | Path | None) -> str:
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("scrapers.metrics").joinpath(f"data/{name}").read_text("utf-8")


@lru_cache(maxsize=4)
def load_catalog(path: str | None = None) -> dict[str, CatalogMetric]:
    """Metric code → record, in catalog order."""
    out: dict[str, CatalogMetric] = {}
    for row in csv.DictReader(io.StringIO(_read("catalog.csv", path))):
        unit = row["unit"].strip()
        if unit not in UNITS:
            raise ValueError(f"catalog.csv: metric {row['code']!r} has unknown unit {unit!r}")
        phrases = tuple(p.strip() for p in row["typical_phrases"].split(";") if p.strip())
        out[row["code"].strip()] = CatalogMetric(
            code=row["code"].strip(),
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            unit=unit,  # type: ignore[arg-type]
            definition=row["definition"].strip(),
            typical_phrases=phrases,
        )
    return out


@lru_cache(maxsize=4)
def load_domains(path: str | None = None) -> dict[str, Domain]:
    """Domain code → record. `includes` keeps only the Chinese words of the CSV column."""
    out: dict[str, Domain] = {}
    for row in csv.DictReader(io.StringIO(_read("domains.csv", path))):
        code = row["code"].strip()
        words: tuple[str, ...] = ()
        if code != "all":
            # "烟草, 野生动物, 网络交易 and any field not above": keep the named words only.
            parts = (re.sub(r"\s+and\s.*$", "", w).strip() for w in re.split(r"[,、]", row["includes"]))
            words = tuple(w for w in parts if w)
        out[code] = Domain(code=code, name_zh=row["name_zh"].strip(), name_en=row["name_en"].strip(), includes=words)
    return out
