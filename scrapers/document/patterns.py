"""Loads the data files under data/ once: selectors, chrome patterns, metadata patterns.

Keeping CMS knowledge in YAML means a new site family is a data change with a test page, not a
code change. Everything here is compiled at first use and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["BodySelector", "ChromeRule", "ChromeRules", "body_selectors", "chrome_rules", "is_prose", "metadata_patterns"]


@dataclass(frozen=True)
class BodySelector:
    name: str
    xpath: str
    min_chars: int
    tier: str = "cms"

    @property
    def needles(self) -> tuple[str, ...]:
        """The quoted names in the XPath (an id, a class token, a comment's text): the selector
        can only match a page whose ids, classes and comments contain every one of them."""
        return _needles(self.xpath)


@lru_cache(maxsize=256)
def _needles(xpath: str) -> tuple[str, ...]:
    return tuple(n for n in (q.strip() for q in re.findall(r"'([^']*)'", xpath)) if n)


# A sentence (a comma inside, a full stop at the end) is prose: no widget or footer line reads
# like that, while a body sentence may well mention 版权所有 or 扫一扫.
_PROSE = re.compile(r"[，,].*[。；;！!？?]$")


def is_prose(line: str) -> bool:
    return _PROSE.search(line) is not None


@dataclass(frozen=True)
class ChromeRule:
    id: str
    regex: re.Pattern[str]
    max_len: int
    takes_links_below: bool = False

    def matches(self, line: str) -> bool:
        if len(line) > self.max_len or is_prose(line):
            return False
        return self.regex.search(line) is not None


@dataclass(frozen=True)
class ChromeRules:
    inline_junk: tuple[re.Pattern[str], ...]
    anywhere: tuple[ChromeRule, ...]
    leading: tuple[ChromeRule, ...]
    trailing: tuple[ChromeRule, ...]


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _rules(items: list[dict[str, Any]]) -> tuple[ChromeRule, ...]:
    return tuple(
        ChromeRule(
            id=item["id"],
            regex=re.compile(item["pattern"], re.IGNORECASE),
            max_len=int(item.get("max_len", 200)),
            takes_links_below=bool(item.get("takes_links_below", False)),
        )
        for item in items
    )


@lru_cache(maxsize=1)
def body_selectors() -> tuple[BodySelector, ...]:
    data = _load("body_selectors.yaml")
    default = int(data.get("default_min_chars", 40))
    return tuple(BodySelector(s["name"], s["xpath"], int(s.get("min_chars", default)), s.get("tier", "cms")) for s in data["selectors"])


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    data = _load("chrome_patterns.yaml")
    return ChromeRules(
        inline_junk=tuple(re.compile(p) for p in data.get("inline_junk", [])),
        anywhere=_rules(data.get("anywhere", [])),
        leading=_rules(data.get("leading", [])),
        trailing=_rules(data.get("trailing", [])),
    )


@lru_cache(maxsize=1)
def metadata_patterns() -> dict[str, Any]:
    data = _load("metadata_patterns.yaml")
    data["url_date_regexes"] = [re.compile(p) for p in data["url_date_patterns"]]
    return data
