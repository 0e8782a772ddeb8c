"""Generic body container by prose density, for pages no CMS selector knows.

Readability-style, tuned for Chinese government pages: every block (``<p>``, ``<div>``, ``<td>``
...) owns the text written directly in it (inline tags included, nested blocks not). A block
whose own text reads like prose — enough characters, Chinese sentence punctuation, little of it
inside links — scores its non-link characters plus a bonus per punctuation mark; that score goes
to the block's parent in full and to its grandparent at half weight, so the element that directly
holds the article's paragraphs collects the most. Link-heavy blocks (menus, related lists)
subtract their link text. The winner's score is finally scaled by (1 - link share) of its whole
text, so a page wrapper that also holds the navigation loses to the article container.

One pass over the tree, no rendering: cheap next to trafilatura.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from .htmltext import _SKIP, _is_hidden, _tag, element_lines

__all__ = ["density_container"]

# Blocks whose own text is scored (a <br> splits lines but not blocks: the text stays with its
# block, which is what we want for <p>a<br>b</p>).
_BLOCKS = frozenset("p div td th li dd dt section article main blockquote pre center h1 h2 h3 h4 h5 h6 body".split())
# Elements that can be the body container.
_CONTAINERS = frozenset("div td section article main blockquote center dd body".split())
_SENTENCE_PUNCT = re.compile(r"[，。；！？、]")  # not ：, which labels footers and bylines
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_MIN_PROSE = 15  # non-link characters a block needs before its text counts as prose
_PUNCT_BONUS = 10
_MIN_WINNER = 60  # below this score the page has no prose container worth trusting


def _own_text(tree: etree._Element) -> tuple[dict, dict]:
    """Per block: own visible characters and own link characters."""
    chars: dict[etree._Element, list[str]] = defaultdict(list)
    link_chars: dict[etree._Element, int] = defaultdict(int)

    def walk(el: etree._Element, block: etree._Element, in_link: bool) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP or _is_hidden(el):
            return
        if tag in _BLOCKS and tag not in ("span", "font"):
            block = el
        link = in_link or (tag == "a" and el.get("href") is not None)
        if el.text:
            squeezed = _SPACE.sub("", el.text)
            chars[block].append(squeezed)
            if link:
                link_chars[block] += len(squeezed)
        for child in el:
            walk(child, block, link)
            if child.tail:
                squeezed = _SPACE.sub("", child.tail)
                chars[block].append(squeezed)
                if link:
                    link_chars[block] += len(squeezed)

    root = tree.find(".//body")
    if root is None:
        root = tree
    walk(root, root, False)
    return {b: "".join(parts) for b, parts in chars.items()}, link_chars


def _link_share(el: etree._Element) -> float:
    lines = element_lines(el)
    total = sum(len(_SPACE.sub("", line.text)) for line in lines)
    return min(1.0, sum(line.link_chars for line in lines) / total) if total else 1.0


def density_container(tree: etree._Element) -> etree._Element | None:
    """The element that directly holds the most prose, or None when the page has none."""
    own, links = _own_text(tree)
    scores: dict[etree._Element, float] = defaultdict(float)
    for block, text in own.items():
        non_link = len(text) - links.get(block, 0)
        if non_link >= _MIN_PROSE and links.get(block, 0) <= 0.3 * len(text):
            punct = len(_SENTENCE_PUNCT.findall(text))
            if punct == 0:
                continue
            gain = non_link + _PUNCT_BONUS * punct
        elif links.get(block, 0) > 0.5 * len(text):
            gain = -links[block]
        else:
            continue
        parent = block.getparent()
        target = block if _tag(block) in _CONTAINERS and block is not parent else None
        # The text's own block counts as a candidate too (a body written straight into one div).
        if target is not None:
            scores[target] += gain
        if parent is not None:
            scores[parent] += gain
            grand = parent.getparent()
            if grand is not None:
                scores[grand] += gain / 2
    candidates = [(s, el) for el, s in scores.items() if s > 0 and _tag(el) in _CONTAINERS]
    if not candidates:
        return None
    candidates.sort(key=lambda t: t[0], reverse=True)
    best_score, best = max(((s * (1 - _link_share(el)), el) for s, el in candidates[:5]), key=lambda t: t[0])
    return best if best_score >= _MIN_WINNER else None
