"""Choose the report body in a page and turn it into clean lines.

CMS-aware first: the containers listed in data/body_selectors.yaml hold exactly the article on
the CMSs government sites run (TRS, Hanweb, UCAP, Founder, ...), so when one is present and
passes a sanity check (enough text, not a link list) it beats any generic heuristic. When none
matches, two generic guesses are made and cross-checked: trafilatura (favor_precision, tables
kept) and the prose-density container (density.py). trafilatura's output is kept unless it lost
body that the density container holds: when trafilatura returns nothing, or its lines all sit
inside the density container but cover less than _RESCUE_COVERAGE of it, the container wins
(trafilatura in precision mode drops whole short articles on some templates). Either way the
lines then go through the chrome stripper (chrome.py), because containers carry chrome too
(empty 附件 headings, 相关文章 lists, the byline) and trafilatura lets some through.

Text convention (tables as tab-separated rows, one line per block): see htmltext.py.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass

import trafilatura
from lxml import etree

from .chrome import CleanResult, clean_lines
from .density import density_container
from .htmltext import Line, element_lines, trafilatura_xml_lines
from .patterns import BodySelector, body_selectors

__all__ = ["ExtractedBody", "choose_container", "extract_body", "DENSITY", "TRAFILATURA"]

TRAFILATURA = "trafilatura"
DENSITY = "density"
# trafilatura's lines must lie inside the density container (share of their characters) ...
_RESCUE_INSIDE = 0.9
# ... and cover less than this share of the container's characters for the container to win.
_RESCUE_COVERAGE = 0.9
# Plain strings, and no union: sorting one node-set of ids, classes and comments into document
# order cost more than the look-ups themselves (the order does not matter to the needle test).
_IDS = etree.XPath("//@id", smart_strings=False)
_CLASSES = etree.XPath("//@class", smart_strings=False)
_COMMENTS = etree.XPath("//comment()")
# A container whose text is mostly link text is a navigation list, whatever its class says.
_MAX_LINK_SHARE = 0.5


@dataclass(frozen=True)
class ExtractedBody:
    text: str  # lines joined with "\n"
    method: str  # selector name from body_selectors.yaml, or "trafilatura"
    lines: tuple[Line, ...]
    removed: tuple[tuple[str, str], ...]  # chrome dropped inside the body: (rule id, text)
    container: etree._Element | None = None  # the chosen element (None for trafilatura)
    container_lines: tuple[Line, ...] | None = None  # its lines before chrome stripping


def _visible_chars(lines: list[Line]) -> tuple[int, int]:
    total = sum(len(l.text.replace(" ", "").replace("\t", "")) for l in lines)
    links = sum(l.link_chars for l in lines)
    return total, links


@lru_cache(maxsize=256)
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


def choose_container(
    tree: etree._Element, selectors: Sequence[BodySelector] | None = None
) -> tuple[BodySelector, etree._Element, list[Line]] | None:
    """First selector (in data-file order) whose first match passes the sanity check."""
    # One look at the page's ids, classes and comments rules out most selectors before their
    # XPath runs: 18 full-tree XPaths cost about 2 ms a page, this about 0.1 ms.
    names = " ".join([*_IDS(tree), *_CLASSES(tree), *(str(c) for c in _COMMENTS(tree))])
    for selector in body_selectors() if selectors is None else selectors:
        if not all(needle in names for needle in selector.needles):
            continue
        try:
            matches = _compiled(selector.xpath)(tree)
        except etree.XPathError as exc:  # a bad line in the data file must not pass silently
            raise ValueError(f"body_selectors.yaml: {selector.name}: {exc}") from exc
        for element in matches:
            if not isinstance(element, etree._Element):
                continue
            lines = element_lines(element)
            total, links = _visible_chars(lines)
            if total >= selector.min_chars and links <= _MAX_LINK_SHARE * total:
                return selector, element, lines
    return None


def _trafilatura_lines(tree: etree._Element) -> list[Line]:
    # trafilatura prunes the tree it is given; hand it a copy so metadata can still read ours.
    xml = trafilatura.extract(
        copy.deepcopy(tree),
        output_format="xml",
        include_tables=True,
        favor_precision=True,
        include_comments=False,
        include_links=True,
        include_images=False,
        with_metadata=False,
    )
    return trafilatura_xml_lines(xml) if xml else []


def extract_body(
    tree: etree._Element, title: str | None = None, selectors: Sequence[BodySelector] | None = None
) -> ExtractedBody:
    """Body of a parsed page. `title` (if known) is dropped when the body starts with it.

    `selectors` overrides data/body_selectors.yaml (the benchmark uses it to measure the
    fallback path on its own).
    """
    chosen = choose_container(tree, selectors)
    if chosen is not None:
        selector, element, lines = chosen
        method = selector.name
        cleaned = clean_lines(lines, title)
    else:
        element, lines, cleaned, method = _generic_body(tree, title)
    text = "\n".join(line.text for line in cleaned.lines)
    raw = tuple(lines) if element is not None else None
    return ExtractedBody(text, method, tuple(cleaned.lines), tuple(cleaned.removed), element, raw)


def _squeezed(lines: list[Line]) -> list[str]:
    return ["".join(line.text.split()) for line in lines]


def _generic_body(
    tree: etree._Element, title: str | None
) -> tuple[etree._Element | None, list[Line], CleanResult, str]:
    """trafilatura, unless the prose-density container shows it lost the body (module docstring).
    (container or None, its lines before stripping, the stripped lines, method)"""
    trafilatura_lines = _trafilatura_lines(tree)
    from_trafilatura = clean_lines(trafilatura_lines, title)
    container = density_container(tree)
    if container is None:
        return None, trafilatura_lines, from_trafilatura, TRAFILATURA
    container_lines = element_lines(container)
    from_container = clean_lines(container_lines, title)
    c_lines = _squeezed(from_container.lines)
    c_text = "".join(c_lines)
    c_total = len(c_text)
    if c_total == 0:
        return None, trafilatura_lines, from_trafilatura, TRAFILATURA
    t_lines = _squeezed(from_trafilatura.lines)
    t_text = "".join(t_lines)
    t_total = len(t_text)
    if t_total == 0:
        return container, container_lines, from_container, DENSITY
    inside = sum(len(s) for s in t_lines if s in c_text) / t_total
    coverage = sum(len(s) for s in c_lines if s in t_text) / c_total
    if inside >= _RESCUE_INSIDE and coverage < _RESCUE_COVERAGE:
        return container, container_lines, from_container, DENSITY
    return None, trafilatura_lines, from_trafilatura, TRAFILATURA
