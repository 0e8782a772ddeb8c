"""Recognise anti-bot challenge pages so they are reported, never parsed as reports.

We do not try to pass these challenges; an operator needs to know the site blocked the crawl
(and which vendor), instead of finding an empty or garbage document later:

* 瑞数 (Rivers Security): HTTP 412 (sometimes 202/200) with an obfuscated script that sets a
  cookie; the page carries ``$_ts`` and almost no visible text;
* 加速乐 (Jiasule, Zhidao Chuangyu): HTTP 521 with a script computing ``__jsl_clearance``;
* pages whose body is only loaded by JavaScript: almost no visible text, scripts present
  (an empty app root, or a ``location`` redirect script).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from scrapers.textscan import without_elements

from .decode import decode_html

__all__ = ["detect_challenge"]

# Cut in linear time (scrapers.textscan): the regexes `<script>.*?</script>` and `<[^>]*>` were
# quadratic on a page of many unclosed <script> or '<' (4,000 unclosed scripts: 2.8 s, 20,000: ~60 s).
_HIDDEN_ELEMENTS = ("script", "style", "noscript", "template")
_SCRIPT_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_HIDDEN_OPEN = re.compile(r"<(" + "|".join(_HIDDEN_ELEMENTS) + r")\b", re.IGNORECASE)
_HIDDEN_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _HIDDEN_ELEMENTS}
_REDIRECT = re.compile(r"(window|document|top|self)\.location(\.href|\.replace)?\s*[=(]|location\.(href|replace)\b", re.IGNORECASE)
_NEEDS_JS = re.compile(r"(开启|启用|打开|支持)\s*JavaScript|enable\s+JavaScript|JavaScript\s+(is\s+)?(required|disabled)", re.IGNORECASE)
# Fewer visible characters than this and the page has no content of its own.
_MIN_VISIBLE = 30
# Every decision below compares the count with at most this; above it, a floor is enough.
_ENOUGH_VISIBLE = _MIN_VISIBLE * 4
_HEAD_CHARS = 16_384
# Most pages show enough in their first 4 KB; a page that does not often opens with huge inline
# styles, and then heads of its text without hidden elements decide.
_QUICK_HEAD = 4_096
_STRIPPED_HEADS = (16_384, 65_536)
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&[#\w]+;")
_ENTITY_BODY = re.compile(r"[#\w]*")


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    values = [v for k, v in headers.items() if k.lower() == name]
    return " ".join(values)


def _without_tags(text: str) -> str:
    """Every <…> replaced by a space; a '<' with no '>' after it stays as text (as
    scrapers.textscan.without_tags). Up to the last '>' every '<' closes, so the regex never
    rescans to the end of the text: linear, and done in C."""
    last = text.rfind(">")
    return _TAG.sub(" ", text[: last + 1]) + text[last + 1 :]


def _count_stripped(stripped: str) -> int:
    """Visible characters of a text already without its hidden elements."""
    stripped = _ENTITY.sub(" ", _without_tags(stripped))
    return sum(map(len, stripped.split()))  # str.split() splits on exactly what \s matches


def _count_visible(text: str) -> int:
    return _count_stripped(without_elements(text, _HIDDEN_ELEMENTS))


def _visible_chars(text: str, quick: bool = False) -> int:
    """Visible characters of the page, exact below _ENOUGH_VISIBLE. A report page shows that
    many in its first few KB, so only the head is scanned (counting a whole long page took
    longer than parsing it): the head's count is a floor of the page's.

    `quick`: a floor from other heads may settle it first (cheaper; the count above
    _ENOUGH_VISIBLE then differs, never whether it is above)."""
    if quick and len(text) > _QUICK_HEAD:
        floor = _count_visible(_floor_head(text[:_QUICK_HEAD]))
        if floor >= _ENOUGH_VISIBLE:
            return floor
    if len(text) > _HEAD_CHARS:
        floor = _count_visible(_visible_head(text[:_HEAD_CHARS]))
        if floor >= _ENOUGH_VISIBLE:
            return floor
    stripped = without_elements(text, _HIDDEN_ELEMENTS)
    for size in _STRIPPED_HEADS if quick else ():
        if len(stripped) <= size:
            break
        floor = _count_stripped(_floor_head(stripped[:size]))
        if floor >= _ENOUGH_VISIBLE:
            return floor
    return _count_stripped(stripped)


def _visible_head(head: str) -> str:
    """The head cut so that nothing in it counts as visible unless it is visible in the whole
    page: before the first hidden element the head does not close (the rest may be inside it),
    and before a tag or entity the cut split."""
    return _cut_open(head[:-16])  # no entity (&nbsp;) is split by what remains


def _floor_head(head: str) -> str:
    """_visible_head, also cut before a trailing '&' run that an entity of the whole page may
    go on from (the 16 characters do not hold every &[#\\w]+; run), so that the head's count is
    never above the page's. The cut text holds no '<' or '>': no tag is split anew."""
    head = _visible_head(head)
    amp = head.rfind("&")
    if amp >= 0 and _ENTITY_BODY.fullmatch(head, amp + 1):
        return head[:amp]
    return head


def _cut_open(head: str) -> str:
    """Before the first hidden element `head` does not close, and before a tag it does not."""
    pos = 0
    while (start := _HIDDEN_OPEN.search(head, pos)) is not None:
        close = _HIDDEN_CLOSE[start.group(1).lower()].search(head, start.end())
        if close is None:
            head = head[: start.start()]
            break
        pos = close.end()
    lt = head.rfind("<")
    return head[:lt] if lt > head.rfind(">") else head


def detect_challenge(
    status: int,
    headers: Mapping[str, str] | None,
    body: bytes,
    *,
    text: str | None = None,
    visible_floor: int | None = None,
) -> str | None:
    """Reason the response is an anti-bot challenge, or None for an ordinary page.

    `text`: the body already decoded by the caller (decode_html), so a page is decoded once.
    `visible_floor`: characters the caller already knows the page shows (the report body it
    extracted from the parsed tree); with no vendor marker and an ordinary status, that many
    settle it without counting the text again."""
    cookies = _header(headers, "set-cookie")
    if text is None:
        text = decode_html(body, headers).text if body else ""
    rivers = "$_ts" in text  # each marker is looked for once: on a long page that is a cost too
    jiasule = "__jsl_clearance" in text or "__jsl_clearance" in cookies
    plain = not rivers and not jiasule and status not in (412, 521)
    if plain and visible_floor is not None and visible_floor >= _ENOUGH_VISIBLE:
        return None
    # The 瑞数 reason reports the count even above _ENOUGH_VISIBLE: that one is counted as always.
    visible = _visible_chars(text, quick=not rivers)
    # Every check below needs a vendor marker, a challenge status or few visible characters.
    if plain and visible >= _ENOUGH_VISIBLE:
        return None
    scripts = len(_SCRIPT_OPEN.findall(text))

    if rivers and (status in (202, 412) or visible < _MIN_VISIBLE * 4):
        return f"瑞数 (Rivers Security) JavaScript cookie challenge: HTTP {status}, page sets $_ts and shows {visible} characters"
    if status == 412 and scripts and visible < _MIN_VISIBLE * 4:
        return f"HTTP 412 with a script-only page ({visible} visible characters): JavaScript cookie challenge (瑞数-style)"
    if jiasule or (status == 521 and ("__jsluid" in cookies or scripts)):
        return f"加速乐 (Jiasule) JavaScript cookie challenge: HTTP {status}, page computes __jsl_clearance"
    # Hanweb column pages keep their items in <script type="text/xml"><datastore>: data, not a
    # JavaScript-only page.
    if "<datastore>" in text:
        return None
    if visible < _MIN_VISIBLE and scripts:
        if _REDIRECT.search(text):
            return f"page is only a JavaScript redirect ({visible} visible characters, {scripts} scripts)"
        return f"page body is only loaded by JavaScript ({visible} visible characters, {scripts} scripts)"
    if visible < _MIN_VISIBLE * 4 and _NEEDS_JS.search(text) and scripts:
        return "page asks for JavaScript to show its content"
    return None
