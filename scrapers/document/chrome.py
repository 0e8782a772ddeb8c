"""Chrome line removal inside a chosen body (patterns: data/chrome_patterns.yaml).

Three zones, because the same words mean different things in different places: 来源： at the top
of a container is the article's byline, deep in a report it is prose; 附件： at the very end with
nothing after it is an empty widget, followed by a file name it is part of the document. The
signature block and date that close a report are never touched: only the trailing rules run at
the end, and they match headings and share rows, not names or dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .htmltext import Line, normalize_space
from .patterns import ChromeRule, chrome_rules, is_prose

__all__ = ["CleanResult", "clean_lines", "chrome_rule_for"]

_TITLE_NOISE = re.compile(r"[\s\u3000\"“”'‘’《》<>]+")
# How many of the first lines may together spell a title broken by <br> (a03, a17 style headers).
_MAX_TITLE_LINES = 4
# A column label above the title: a few characters, no sentence punctuation, no digits.
_MAX_LABEL_CHARS = 8
_LABEL_REJECT = re.compile(r"[0-9０-９。，、；：:,.!！?？]")


@dataclass(frozen=True)
class CleanResult:
    lines: list[Line]
    removed: list[tuple[str, str]]  # (rule id, line text): for tests and debugging


def _title_key(text: str) -> str:
    return _TITLE_NOISE.sub("", text)


def chrome_rule_for(text: str, rules: tuple[ChromeRule, ...]) -> ChromeRule | None:
    """The first rule that matches (ChromeRule.matches), with the prose test, the same for every
    rule, made once and only when some rule's length limit lets the line through."""
    length = len(text)
    prose: bool | None = None
    for rule in rules:
        if length > rule.max_len:
            continue
        if prose is None:
            prose = is_prose(text)
        if prose:
            return None
        if rule.regex.search(text) is not None:
            return rule
    return None


def _is_column_label(text: str) -> bool:
    """A short bare label (栏目名 such as 本市动态, 工作动态) that templates print above the title."""
    squeezed = _title_key(text)
    return 0 < len(squeezed) <= _MAX_LABEL_CHARS and not _LABEL_REJECT.search(squeezed)


def _strip_title(lines: list[Line], title: str | None, removed: list[tuple[str, str]]) -> list[Line]:
    if not title or not lines:
        return lines
    key = _title_key(title)
    if not key:
        return lines
    # The title may follow one short column label (the 栏目 name printed above it): both go.
    for skip in (0, 1):
        if skip and (len(lines) < 2 or not _is_column_label(lines[0].text)):
            break
        joined = ""
        for count, line in enumerate(lines[skip:skip + _MAX_TITLE_LINES], start=skip + 1):
            joined += _title_key(line.text)
            if joined == key:
                if skip:
                    removed.append(("column-label", lines[0].text))
                removed.extend(("title", ln.text) for ln in lines[skip:count])
                return lines[count:]
            if not key.startswith(joined):
                break
    return lines


def clean_lines(lines: list[Line], title: str | None = None) -> CleanResult:
    """Drop chrome lines from body lines; keep everything else in order."""
    rules = chrome_rules()
    removed: list[tuple[str, str]] = []
    # No "anywhere" rule takes a line longer than this: most body paragraphs skip the rules.
    longest = max((rule.max_len for rule in rules.anywhere), default=-1)

    kept: list[Line] = []
    for line in lines:
        text = line.text
        for junk in rules.inline_junk:
            text = junk.sub("", text)
        text = text if line.is_row else normalize_space(text)
        if not text.strip():
            if line.text.strip():
                removed.append(("inline-junk", line.text))
            continue
        rule = chrome_rule_for(text, rules.anywhere) if len(text) <= longest else None
        if rule is not None:
            removed.append((rule.id, text))
            continue
        kept.append(replace(line, text=text) if text != line.text else line)

    # Leading zone: the article header some templates put inside the container.
    while kept:
        before = len(kept)
        kept = _strip_title(kept, title, removed)
        if kept:
            rule = chrome_rule_for(kept[0].text, rules.leading)
            if rule is not None:
                removed.append((rule.id, kept[0].text))
                kept = kept[1:]
        if len(kept) == before:
            break

    # Trailing zone, bottom-up. `cut` is where the dropped tail starts; link-only lines are only
    # dropped when a related-links heading turns up above them.
    cut = len(kept)
    i = len(kept) - 1
    while i >= 0:
        line = kept[i]
        rule = chrome_rule_for(line.text, rules.trailing)
        if rule is not None and (rule.takes_links_below or cut == i + 1):
            cut = i
        elif rule is None and line.link_ratio >= 0.8 and not line.is_row:
            pass  # maybe the list under a 相关链接 heading; decided when the heading shows up
        else:
            break
        i -= 1
    removed.extend(("trailing", ln.text) for ln in kept[cut:])
    return CleanResult(kept[:cut], removed)
