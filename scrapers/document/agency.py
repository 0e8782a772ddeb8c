"""Agency names given short on a page, completed to the official name.

A county site's ContentSource often says 县市场监管局, a city's 市市场监管局, a bureau's own site
just 市场监管局: the page leaves out the place because the site names it. The official name is
that place plus the expanded department name (某某县 + 市场监督管理局). Which place: the one of the
short name's level (县 -> a place ending in 县; none -> the most local place), taken from, in
order, a full name elsewhere on the page that ends with the short one, the sources entry's region,
the SiteName meta (某某县人民政府 -> 某某县), the head of the title, a full name in the body.

Place names are recognised by shape only (two or more characters before 省/市/县/区/镇 ...;
data/metadata_patterns.yaml `agency_completion`), so a one-character county (沛县) is not found
from the title or body; the region and SiteName give it whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .patterns import metadata_patterns

__all__ = ["ShortName", "complete_agency", "expand_abbreviations", "place_tokens", "short_name"]

# How many body lines from each end are searched for a full name (the opening sentence and the
# signature block are where a report names its own agency).
_BODY_LINES = 6
# A station's own name (城关, 陆屋镇) is short; a longer run before 市场监管所 is a sentence.
_STATION_NAME_CHARS = 6


@dataclass(frozen=True)
class ShortName:
    level: str | None  # 县 / 区 / 市 / 自治区 ..., None for a bare 市场监管局
    bare: str  # the department name, expanded: 市场监督管理局
    station: bool  # a station below the county (市场监管所): completed only from a name seen on the page


def _data() -> dict:
    return metadata_patterns()["agency_completion"]


def expand_abbreviations(name: str) -> str:
    for short, full in metadata_patterns()["agency_abbreviations"].items():
        if full not in name:
            name = name.replace(short, full)
    return name


def short_name(name: str | None) -> ShortName | None:
    """The level and department of a name that gives no place (县市场监管局, 市场监管局), else None."""
    if not name:
        return None
    data = _data()
    expanded = expand_abbreviations(name)
    for level in (None, *data["levels"]):
        rest = expanded if level is None else expanded.removeprefix(level)
        if level is not None and rest == expanded:
            continue
        if rest in data["bare_names"]:
            return ShortName(level, rest, False)
        if rest in data["station_names"]:
            return ShortName(level, rest, True)
    return None


@lru_cache(maxsize=1)
def _token_regex() -> re.Pattern[str]:
    suffixes = "|".join(map(re.escape, _data()["place_suffixes"]))
    return re.compile(rf"[\u4e00-\u9fff]{{2,10}}?(?:{suffixes})")


def place_tokens(text: str) -> list[str]:
    """The places `text` consists of (某某省某某市 -> [某某省, 某某市]); [] when it is not only places."""
    regex = _token_regex()
    tokens, pos = [], 0
    while pos < len(text):
        match = regex.match(text, pos)
        if not match or match.group(0) in _data()["place_rejects"]:
            return []
        tokens.append(match.group(0))
        pos = match.end()
    return tokens


def _leading_places(text: str) -> list[str]:
    """The places `text` starts with (某某县2023年… -> [某某县])."""
    regex = _token_regex()
    tokens, pos = [], 0
    while True:
        match = regex.match(text, pos)
        if not match or match.group(0) in _data()["place_rejects"]:
            return tokens
        tokens.append(match.group(0))
        pos = match.end()


def _of_level(places: Iterable[str], short: ShortName) -> str | None:
    """The most local place of the short name's level (any level when it has none)."""
    found = None
    for place in places:
        if not place:
            continue
        if short.level is None or _ends_with_level(place, short.level):
            found = place
    return found


def _ends_with_level(place: str, level: str) -> bool:
    # Two characters of name before the level word: 自治区 alone is the level, not a place.
    if not place.endswith(level) or len(place) - len(level) < 2:
        return False
    # 区 is a district, not 自治区 or 地区; 州 is not 自治州 unless asked.
    longer = [lv for lv in _data()["place_suffixes"] if lv != level and lv.endswith(level)]
    return not any(place.endswith(lv) for lv in longer)


def _seen_full_name(text: str, short: ShortName) -> str | None:
    """A full name in `text` that ends with the short name: 某某县市场监督管理局 for 县市场监管局."""
    expanded = expand_abbreviations(text)
    level = short.level or ""
    for match in re.finditer(re.escape(level + short.bare), expanded):
        head = expanded[:match.start() + len(level)]
        # The place is what precedes the department, back to a boundary, minus opening words.
        head = re.split(r"[^\u4e00-\u9fff]", head)[-1]
        for word in sorted(_data()["lead_words"], key=len, reverse=True):
            if head.startswith(word) and place_tokens(head[len(word):]):
                head = head[len(word):]
                break
        if short.station and not short.level:
            # A station is named after its town, often without 镇 (城关市场监管所), and may follow
            # its county bureau's name (某某县市场监督管理局城关市场监管所).
            own = head.rsplit("局", 1)[-1]
            if 2 <= len(own) <= _STATION_NAME_CHARS:
                return own + short.bare
            continue
        tokens = place_tokens(head)
        if tokens and (not short.level or _ends_with_level(tokens[-1], short.level)):
            return tokens[-1] + short.bare
    return None


def _site_places(site_name: str | None) -> list[str]:
    if not site_name:
        return []
    for suffix in _data()["site_name_suffixes"]:
        if site_name.endswith(suffix):
            return place_tokens(site_name[: -len(suffix)])
    return place_tokens(site_name)


_TITLE_AFTER_PLACE = re.compile(r"[\d〇○零一二]|关于|年")


def _title_places(title: str | None, short: ShortName) -> list[str]:
    """Places heading the title, when a year, 关于 or the department follows them
    (某某县2023年法治政府建设工作报告, 某某县市场监管局关于…): a title that merely starts with
    words ending like a place (深入推进法治市场监管…) gives none."""
    if not title:
        return []
    head = title.removeprefix("关于")
    places = _leading_places(head)
    rest = expand_abbreviations(head[len("".join(places)):])
    if places and (_TITLE_AFTER_PLACE.match(rest) or rest.startswith((short.bare, (short.level or "") + short.bare))):
        return places
    return []


def complete_agency(
    name: str,
    *,
    seen: Sequence[str] = (),
    region: Sequence[str | None] = (),
    site_name: str | None = None,
    title: str | None = None,
    body_lines: Sequence[str] = (),
) -> tuple[str, str] | None:
    """(official name, where the place came from) for a short `name`; None when it is not short
    or no place fits. `seen`: other names the page gives (来源, table, signature); `region`: the
    sources entry's province, city, county."""
    short = short_name(name)
    if short is None:
        return None
    for text in seen:
        full = _seen_full_name(text or "", short)
        if full:
            return full, "page"
    if not short.station:
        sources = (("region", list(region)), ("site", _site_places(site_name)), ("title", _title_places(title, short)))
        for how, places in sources:
            place = _of_level(places, short)
            if place:
                return place + short.bare, how
    if title:
        full = _seen_full_name(title, short)
        if full:
            return full, "title"
    # The closing block first: an opening sentence often names the superior bureau too
    # (在省市场监督管理局的指导下).
    lines = list(body_lines)
    for line in [*reversed(lines[-_BODY_LINES:]), *lines[:_BODY_LINES]]:
        full = _seen_full_name(line, short)
        if full:
            return full, "body"
    return None
