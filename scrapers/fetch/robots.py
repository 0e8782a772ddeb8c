"""robots.txt per RFC 9309: groups by user-agent product token, Allow/Disallow with `*` and `$`,
longest match wins and Allow wins ties. (urllib.robotparser supports neither wildcards nor
longest-match, and gets real-world files wrong.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

# RFC 9309 §2.5: parsers must handle at least 500 KiB; bigger files are cut there.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class RobotsRules:
    rules: tuple[tuple[bool, str], ...] = ()  # (allow?, path pattern)
    crawl_delay: float | None = None
    _compiled: list[tuple[bool, int, re.Pattern[str]]] = field(
        default_factory=list, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for allow, pattern in self.rules:
            self._compiled.append((allow, len(pattern), _to_regex(pattern)))

    def allowed(self, path: str) -> bool:
        """``path`` is the URL's path plus query, e.g. '/col/index_1.html?x=1'."""
        if path.startswith("/robots.txt"):
            return True
        target = unquote(path or "/")
        best: tuple[int, bool] | None = None  # (pattern length, allow)
        for allow, length, regex in self._compiled:
            if regex.match(target):
                if best is None or length > best[0] or (length == best[0] and allow):
                    best = (length, allow)
        return True if best is None else best[1]


ALLOW_ALL = RobotsRules()


def parse_robots(text: str, user_agent: str) -> RobotsRules:
    """Rules that apply to ``user_agent`` (its product token, e.g. 'mr-reports')."""
    token = user_agent.split("/", 1)[0].strip().lower()
    groups: list[tuple[list[str], list[tuple[bool, str]], list[float]]] = []
    agents: list[str] = []
    rules: list[tuple[bool, str]] = []
    delays: list[float] = []
    in_agents = False
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        name, value = (part.strip() for part in line.split(":", 1))
        name = name.lower()
        if name in ("user-agent", "useragent"):
            if not in_agents:  # a user-agent line after rules starts a new group
                agents, rules, delays = [], [], []
                groups.append((agents, rules, delays))
                in_agents = True
            agents.append(value.lower())
        elif name in ("allow", "disallow") and groups:
            in_agents = False
            if value:  # "Disallow:" with no path means allow everything; no rule needed
                rules.append((name == "allow", value))
        elif name == "crawl-delay" and groups:
            in_agents = False
            try:
                delays.append(float(value))
            except ValueError:
                pass
    mine = [g for g in groups if token in g[0]]
    if not mine:
        mine = [g for g in groups if "*" in g[0]]
    merged_rules = tuple(rule for g in mine for rule in g[1])
    merged_delays = [d for g in mine for d in g[2]]
    return RobotsRules(merged_rules, max(merged_delays) if merged_delays else None)


def _to_regex(pattern: str) -> re.Pattern[str]:
    pattern = unquote(pattern)
    anchored = pattern.endswith("$")
    if anchored:
        pattern = pattern[:-1]
    body = ".*".join(re.escape(piece) for piece in pattern.split("*"))
    return re.compile(body + ("$" if anchored else ""), re.DOTALL)
