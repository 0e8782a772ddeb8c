"""Is a list item an annual report on law-based government of *this* agency?

Decided on the title (the list page gives little else), again on the parsed page's title, so the
crawler fetches only candidates and records why it skipped every other item. The patterns are data
(data/report_titles.yaml); agency matching is generic: a title that names an organisation names
either the configured agency (in any of its usual spellings) or another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from scrapers.models import Source

_SPACE_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"(20\d{2}|19\d{2})\s*年")
# An organisation named at the head of a title, before the year or the subject.
_ORG_HEAD_RE = re.compile(r"^(?P<org>.{2,40}?)(?:关于)?(?:(?:19|20)\d{2}\s*年|法治|依法行政)")
_ORG_SUFFIX_RE = re.compile(r"(局|委员会|委|办公室|办|厅|院|政府|中心|公司|集团|党组|法院|检察院|所)$")
# Different spellings of the same bureau name, folded to one form before comparing.
_AGENCY_FOLDS = (
    ("市场监管局", "市场监督管理局"),
    ("市场和质量监督管理局", "市场监督管理局"),
    ("市场和质量监管局", "市场监督管理局"),
    ("市场监督管理分局", "市场监督管理局"),
)


@dataclass(frozen=True)
class Verdict:
    is_report: bool
    rule: str  # pattern id that decided
    why: str  # human-readable reason, recorded for skipped items
    report_year: int | None = None


@dataclass(frozen=True)
class _Rule:
    id: str
    pattern: re.Pattern[str]
    why: str


@dataclass(frozen=True)
class TitleRules:
    include: tuple[_Rule, ...]
    exclude: tuple[_Rule, ...]
    combined: tuple[_Rule, ...] = ()


def _compile(items: list[dict[str, Any]]) -> tuple[_Rule, ...]:
    return tuple(_Rule(i["id"], re.compile(i["pattern"]), i.get("why", "")) for i in items)


@lru_cache(maxsize=1)
def default_rules() -> TitleRules:
    text = resources.files("scrapers.discover").joinpath("data/report_titles.yaml").read_text("utf-8")
    return rules_from_yaml(text)


def rules_from_yaml(text: str) -> TitleRules:
    data = yaml.safe_load(text)
    return TitleRules(
        _compile(data.get("include", [])), _compile(data.get("exclude", [])), _compile(data.get("combined", []))
    )


def normalise_title(title: str) -> str:
    return _SPACE_RE.sub("", title or "").replace("（", "(").replace("）", ")")


def title_year(title: str) -> int | None:
    """The year a report title says it covers (the first year named)."""
    match = _YEAR_RE.search(normalise_title(title))
    return int(match.group(1)) if match else None


def classify_title(title: str, source: Source | None = None, rules: TitleRules | None = None) -> Verdict:
    rules = rules or default_rules()
    norm = normalise_title(title)
    if not norm:
        return Verdict(False, "empty", "no title")
    combined = next((r for r in rules.combined if r.pattern.search(norm)), None)
    for rule in () if combined else rules.exclude:
        if rule.pattern.search(norm):
            return Verdict(False, rule.id, rule.why)
    included = combined or next((r for r in rules.include if r.pattern.search(norm)), None)
    if included is None:
        return Verdict(False, "not_a_report", "title does not name a law-based-government report")
    if source is not None:
        other = other_agency_in_title(norm, source)
        if other:
            return Verdict(False, "other_agency", f"report of another agency: {other}")
    return Verdict(True, included.id, "", title_year(norm))


def fold_agency(name: str) -> str:
    name = normalise_title(name)
    for variant, canonical in _AGENCY_FOLDS:
        name = name.replace(variant, canonical)
    return name


def agency_variants(source: Source) -> set[str]:
    """Spellings under which the configured agency may name itself."""
    agency = fold_agency(source.agency)
    variants = {agency, *(fold_agency(a) for a in source.agency_aliases)}
    places = [p for p in (source.region.province, source.region.city, source.region.county) if p]
    # A bureau often drops the higher levels of its place name (河东区市场监督管理局).
    for place in places:
        if place in agency:
            variants.add(agency[agency.index(place):])
    return variants


def other_agency_in_title(norm_title: str, source: Source) -> str | None:
    """The organisation a title names when it is not the configured agency, else None."""
    match = _ORG_HEAD_RE.match(norm_title)
    if not match:
        return None
    org = match.group("org").strip("《》“”\"'·:：-")
    if not _ORG_SUFFIX_RE.search(org):
        return None  # the head is not an organisation name (e.g. a bare "关于")
    folded = fold_agency(org)
    variants = agency_variants(source)
    if folded in variants or any(v.endswith(folded) and len(folded) >= 4 for v in variants):
        return None
    return org
