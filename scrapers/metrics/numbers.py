"""Quantities in Chinese report text: a number that a unit follows.

General number finders return every year, date, document number and list ordinal as a number
(STACK-NOTES: 169-299 false quantities per report). Here a number is a quantity only when a
unit follows it (a measure word, 元 with 万/亿 scaling, or %), which removes those at the root.
The remaining traps (ranges, per-thousand rates, ordinals, slogans such as 三项制度) are
rejected by explicit checks, each with a reason so tests and analysts can see why.

The word lists live in data/units.yaml; this module is the grammar that uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, NamedTuple

import cn2an
import yaml

QuantityKind = Literal["count", "yuan", "percent", "points", "bare"]

# Same-length folding: full-width digits and punctuation become ASCII so one regex covers
# both spellings, and every offset into the folded text is an offset into the original.
def _traditional_pairs() -> dict[str, str]:
    """data/traditional.txt: traditional → simplified characters, one pair a token."""
    pairs: dict[str, str] = {}
    text = (Path(__file__).parent / "data" / "traditional.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for token in line.split():
            if len(token) != 2:
                raise ValueError(f"traditional.txt: {token!r} is not a pair of characters")
            pairs[token[0]] = token[1]
    return pairs


_FOLD = str.maketrans(
    {
        # ﹒ (small full stop) is a decimal point in some full-width pages (８９０２﹒８萬件).
        **dict(zip("０１２３４５６７８９％．﹒，；：（）！？～", "0123456789%..,;:()!?~")),
        **_traditional_pairs(),
    }
)

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
# Characters that end a clause; a quantity's hedges and units never cross them.
CLAUSE_PUNCT = ",;。!?:"


# str.translate looks every character up in a dict (about a tenth of extraction on a long report);
# replacing just the few characters of the table a text holds is the same mapping, 2x faster.
_FOLD_PAIRS = {chr(k): v for k, v in _FOLD.items() if chr(k) != v}
_FOLD_KEYS = frozenset(_FOLD_PAIRS)


def fold_text(text: str) -> str:
    """Full-width digits/punctuation to ASCII; the result has exactly the same length."""
    present = _FOLD_KEYS.intersection(text)
    if any(_FOLD_PAIRS[c] in present for c in present):
        return text.translate(_FOLD)  # a chain (薴→苧, 苧→苎): translate maps each character once
    for c in present:
        text = text.replace(c, _FOLD_PAIRS[c])
    return text


@dataclass(frozen=True)
class Grammar:
    """The word lists of data/units.yaml, compiled."""

    count_measures: tuple[str, ...]
    points_units: tuple[str, ...]
    unit_suffixes: tuple[str, ...]
    currency: tuple[str, ...]
    percent_signs: tuple[str, ...]
    percent_prefix: str
    scales: dict[str, int]
    hedges_before: tuple[str, ...]
    hedges_after: tuple[str, ...]
    hedge_scale_prefix: str
    range_connectors: tuple[str, ...]
    rate_markers: tuple[str, ...]
    duration_after_ge: tuple[str, ...]
    sized_case_nouns: tuple[str, ...]
    blocked_prefix_chars: str
    idioms: tuple[str, ...]
    slogan_nouns: tuple[str, ...]
    slogan_quote_max_chars: int
    pattern: re.Pattern[str]
    range_start: re.Pattern[str]  # a connector and a number right after a quantity
    measure_chars: frozenset[str]

    @classmethod
    def from_mapping(cls, data: dict) -> Grammar:
        def words(key: str) -> tuple[str, ...]:
            # Longest first so alternations prefer 个批次 over 个, 超过 over 超.
            return tuple(sorted((str(w) for w in data.get(key, [])), key=len, reverse=True))

        scales = {str(k): int(v) for k, v in data["scales"].items()}
        fields = dict(
            count_measures=words("count_measures"),
            points_units=words("points_units"),
            unit_suffixes=words("unit_suffixes"),
            currency=words("currency"),
            percent_signs=words("percent_signs"),
            percent_prefix=str(data.get("percent_prefix", "百分之")),
            scales=scales,
            hedges_before=words("hedges_before"),
            hedges_after=words("hedges_after"),
            hedge_scale_prefix=str(data.get("hedge_scale_prefix", "上")),
            range_connectors=words("range_connectors"),
            rate_markers=words("rate_markers"),
            duration_after_ge=words("duration_after_ge"),
            sized_case_nouns=words("sized_case_nouns"),
            blocked_prefix_chars=str(data.get("blocked_prefix_chars", "")),
            idioms=words("idioms"),
            slogan_nouns=words("slogan_nouns"),
            slogan_quote_max_chars=int(data.get("slogan_quote_max_chars", 12)),
        )
        range_start = re.compile(rf"(?:{_alt(fields['range_connectors'])})\s*[\d{CN_NUMERAL_CHARS}]")
        measure_chars = frozenset("".join(fields["count_measures"]))
        return cls(pattern=_compile(fields), range_start=range_start, measure_chars=measure_chars, **fields)


def _alt(options: tuple[str, ...]) -> str:
    return "|".join(re.escape(o) for o in options) or "(?!)"


def _compile(f: dict) -> re.Pattern[str]:
    scale_alt = "|".join(re.escape(s) for s in sorted(f["scales"], key=len, reverse=True))
    cn = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+)?"
    # Thousands grouped by commas (1,234) or, as GB/T 15835 sets them in print, by spaces (315 892.36元,
    # 5 410批次): the spaced form only right before a decimal point or a word, never in a run of
    # numbers (a table flattened into 514 560 1074).
    arabic = r"(?<![A-Za-z\d.])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\x20\d{3})+(?=[.\u4e00-\u9fff])|\d+)(?:\.\d+)?"
    unit_alt = "|".join(
        [
            f"(?P<points>{_alt(f['points_units'])})",
            f"(?P<currency>{_alt(f['currency'])})",
            f"(?P<percent>{_alt(f['percent_signs'])})",
            f"(?P<measure>{_alt(f['count_measures'])})",
        ]
    )
    suffix = rf"(?:\((?P<suffix>{_alt(f['unit_suffixes'])})\))?"
    body = "|".join(
        [
            rf"(?P<pct_prefix>{re.escape(f['percent_prefix'])})(?P<pct_num>{cn}|{arabic})",
            # 1万6679件: a scale with the digits below it written after it.
            # 153.7 万元 / 39 件: pages set a space between digits and their scale or unit.
            rf"(?P<arabic>{arabic})(?:\x20?(?P<scale>{scale_alt}))?(?:(?<=万)(?P<below>\d{{1,4}})(?![\d.,千百万亿]))?",
            rf"{re.escape(f['hedge_scale_prefix'])}(?P<up_scale>{scale_alt})",
            rf"(?P<cn>{cn})",
        ]
    )
    hedge_b = f"(?:(?P<hedge_b>{_alt(f['hedges_before'])})\x20?)?"  # (约 38.81 万元: spaced like the unit)
    hedge_a = f"(?P<hedge_a>{_alt(f['hedges_after'])})?"
    hedge_a2 = f"(?P<hedge_a2>{_alt(f['hedges_after'])})?"
    # 8000余万元: a scale may also follow the hedge.
    scale2 = f"(?P<scale2>{scale_alt})?"
    # Every match starts with a hedge, a digit, a numeral, 百(分之) or 上(万): a one-character
    # lookahead of those rejects all other positions before the optional hedge alternation runs
    # (the same matches, about 3x faster on a long report).
    first = {*CN_NUMERAL_CHARS, *"0123456789", f["percent_prefix"][:1], f["hedge_scale_prefix"][:1]}
    first.update(h[0] for h in f["hedges_before"])
    lead = "[" + "".join(re.escape(c) for c in sorted(c for c in first if c)) + "]"
    unit_gap = r"(?:(?<=\d)\x20)?"  # the space only after digits (39 件), never after a numeral
    return re.compile(f"(?={lead}){hedge_b}(?:{body}){hedge_a}{scale2}(?:{unit_gap}(?:{unit_alt}))?{suffix}{hedge_a2}")


@lru_cache(maxsize=8)
def load_grammar(path: str | None = None) -> Grammar:
    """The grammar from data/units.yaml, or from another file with the same keys."""
    if path is None:
        raw = resources.files("scrapers.metrics").joinpath("data/units.yaml").read_text("utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    return Grammar.from_mapping(yaml.safe_load(raw))


class Quantity(NamedTuple):
    """A number with its unit, as found in the text (a tuple: a long report makes hundreds in
    the hot loop, and a frozen dataclass costs 2.5x as much to build)."""

    start: int  # span start, including a hedge in front (近, 约, 超过)
    end: int  # span end, including unit and trailing hedge (余, 以上)
    num_start: int
    num_end: int
    value: float  # count: number of things; yuan: yuan; percent: percent; bare: scaled number
    kind: QuantityKind
    unit: str  # the measure word / currency / % as written (家次 for 家(次))
    approx: bool
    numeral: Literal["arabic", "chinese"]
    text: str
    rejected: str | None = None  # why this is not a value, or None

    @property
    def is_value(self) -> bool:
        return self.rejected is None


@lru_cache(maxsize=4096)
def parse_chinese_numeral(token: str) -> Decimal | None:
    """一百五十 → 150, 九十六点五 → 96.5, 两 → 2; None when the token is not a numeral."""
    if not token or token in ("百", "千", "万", "亿"):
        return None
    try:
        value = cn2an.cn2an(token, "smart")
    except Exception:  # cn2an raises bare ValueError/KeyError variants on non-numerals
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def find_quantities(
    text: str, grammar: Grammar | None = None, include_rejected: bool = False, folded: str | None = None
) -> list[Quantity]:
    """Every number followed by a unit, in text order; rejected ones only on request. `folded` is
    fold_text(text) when the caller has it already (the text is folded once per report)."""
    g = grammar or load_grammar()
    folded = folded if folded is not None else fold_text(text)
    out: list[Quantity] = []
    for m in g.pattern.finditer(folded):
        q = _to_quantity(m, folded, g)
        if q is not None and (include_rejected or q.is_value):
            out.append(q)
    return out


# 分别抽检了12105、4499、1688和907批次: numbers listed before the one that carries their shared
# measure word. Only after 分别 (1、2、3季度 and 第1、2批 list no counts), and only unscaled counts.
_SHARED_UNIT_ITEM = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[、和及与]\s*$")
_SHARED_UNIT_REACH = 24
_LIST_JOINS = frozenset("、和及与 ")


def shared_unit_items(folded: str, quantities: list[Quantity]) -> list[Quantity]:
    """The counts a list gives with one measure word for all (分别为3、5和7件: 3 and 5 as well as 7)."""
    out: list[Quantity] = []
    if "分别" not in folded:
        return out
    for q in quantities:
        if q.kind != "count" or q.numeral != "arabic" or q.approx or folded[q.num_start - 1 : q.num_start] not in _LIST_JOINS:
            continue
        raw = folded[q.num_start : q.num_end].replace(",", "")
        if not raw.replace(".", "", 1).isdigit() or float(raw) != q.value:
            continue  # a scaled count (1.2、3.4万件): which numbers the scale covers is not said
        items: list[tuple[int, int]] = []
        pos = q.num_start
        while (m := _SHARED_UNIT_ITEM.search(folded, max(0, pos - _SHARED_UNIT_REACH), pos)) is not None:
            items.append((m.start(1), m.end(1)))
            pos = m.start(1)
        if not items:
            continue
        clause_start = max(folded.rfind(c, 0, pos) for c in CLAUSE_PUNCT + "\n") + 1
        if "分别" not in folded[clause_start:pos]:
            continue
        for start, end in items:
            text = folded[start:end]
            out.append(Quantity(start, end, start, end, float(text), q.kind, q.unit, False, "arabic", text))
    return out


_CENT = Decimal("0.01")
_SMALL_NUMERALS = CN_DIGITS + "十"


def _to_quantity(m: re.Match[str], text: str, g: Grammar) -> Quantity | None:
    whole = m.group()
    if whole.isdigit() or not whole.strip(_SMALL_NUMERALS):
        # Digits alone (2023, 12), the commonest match by far, and numerals below a hundred alone
        # (一是, 第三, 二十大): no unit, scale, percent or hedge is in them.
        return None
    gd = m.groupdict()  # one dict instead of ~16 m.group() calls a match
    unit_kind, unit = _unit_of(gd)
    if unit_kind is None and not (gd["pct_prefix"] or gd["scale"] or gd["scale2"] or gd["up_scale"] or gd["hedge_a"]):
        return None  # no unit and no scale: a year, ordinal or code, not worth parsing
    value, numeral, bare_scale = _number_of(gd, g)
    if value is None:
        return None
    if gd["scale2"]:
        value *= g.scales[gd["scale2"]]
    if gd["pct_prefix"]:
        unit_kind, unit = "percent", "%"
    elif unit_kind is None:
        # A number without a unit counts only when scaled (罚没1.5万): never a year or ordinal.
        if not (gd["scale"] or gd["scale2"] or gd["up_scale"] or bare_scale):
            return None
        unit_kind, unit = "bare", ""
    approx = bool(gd["hedge_b"] or gd["hedge_a"] or gd["hedge_a2"] or gd["up_scale"])
    if unit_kind == "yuan":
        value = value.quantize(_CENT)
    num_start = m.start("pct_prefix") if gd["pct_prefix"] else _first_start(m, gd)
    start, end = m.span()
    # start, end, num_start, num_end, value, kind, unit, approx, numeral, text (positional: hot loop)
    q = Quantity(start, end, num_start, _number_end(m, gd), float(value), unit_kind, unit, approx, numeral, whole)
    reason = _rejection(q, gd, text, g)
    return q._replace(rejected=reason) if reason else q


def _unit_of(gd: dict[str, str | None]) -> tuple[QuantityKind | None, str]:
    if gd["points"]:
        return "points", gd["points"]
    if gd["currency"]:
        return "yuan", gd["currency"]
    if gd["percent"]:
        return "percent", "%"
    if gd["measure"]:
        return "count", gd["measure"] + (gd["suffix"] or "")
    return None, ""


def _number_of(gd: dict[str, str | None], g: Grammar) -> tuple[Decimal | None, Literal["arabic", "chinese"], bool]:
    """The scaled value, the numeral system, and whether it was a bare scale (万余份)."""
    if gd["pct_prefix"]:
        tok = gd["pct_num"] or ""
        if tok[0].isdigit():
            return Decimal(_ungrouped(tok)), "arabic", False
        if tok == "百":
            return Decimal(100), "chinese", False  # 百分之百 = 100 %
        return parse_chinese_numeral(tok), "chinese", False
    if gd["arabic"]:
        value = Decimal(_ungrouped(gd["arabic"]))
        if gd["scale"]:
            value *= g.scales[gd["scale"]]
            if gd["below"]:
                value += Decimal(gd["below"])
        return value, "arabic", False
    if gd["up_scale"]:
        return Decimal(g.scales[gd["up_scale"]]), "chinese", True
    tok = gd["cn"] or ""
    if tok in g.scales or tok in ("十", "百"):
        # 万余份, 百余次, 近百件, 超千家: a scale word alone, hedged, means about one scale unit.
        if gd["hedge_a"] or gd["hedge_b"]:
            scale = {"十": 10, "百": 100}.get(tok) or g.scales[tok]
            return Decimal(scale), "chinese", True
        return None, "chinese", False
    return parse_chinese_numeral(tok), "chinese", False


def _ungrouped(digits: str) -> str:
    """The digits without their thousands separators (1,234 / 315 892.36, as the grammar takes them)."""
    return digits.replace(",", "").replace(" ", "")


def _first_start(m: re.Match[str], gd: dict[str, str | None]) -> int:
    for name in ("arabic", "cn"):
        if gd[name]:
            return m.start(name)
    return m.start("up_scale") - 1


def _number_end(m: re.Match[str], gd: dict[str, str | None]) -> int:
    for name in ("pct_num", "below", "scale", "arabic", "up_scale", "cn"):
        if gd[name]:
            return m.end(name)
    return m.end()


_KILO_UNITS = frozenset("米克瓦伏帕卡焦赫")
_ORDINAL_LIST = re.compile(r"第\d+(?:、\d+)*[、和及与]$")


def _rejection(q: Quantity, gd: dict[str, str | None], text: str, g: Grammar) -> str | None:
    before = text[max(0, q.start - 12) : q.start]
    after = text[q.end : q.end + 12]
    # Range ends: 30-70%, 5%~15%, 10至20件. The connector must touch a number or unit.
    if g.range_start.match(after):
        return "range"
    # (str.endswith/startswith take a tuple: one call rules out every connector or marker.)
    for c in g.range_connectors if before.endswith(g.range_connectors) else ():
        if before.endswith(c) and len(before) > len(c):
            prev = before[-len(c) - 1]
            if prev.isdigit() or prev == "%" or (c not in "至到" and prev in CN_NUMERAL_CHARS) or (
                prev in g.measure_chars and c in "-~—–"
            ):
                return "range"
    # Rates: 6.7批次/千人.
    if q.kind in ("count", "yuan") and after.startswith(g.rate_markers):
        return "rate"
    if q.kind == "count" and q.unit == "个" and after.startswith(g.duration_after_ge):
        return "duration"
    # 处5万元以上罚款 / 10万元以下的罚款: a bound the law sets, not an amount.
    if q.kind == "yuan" and q.text.endswith(("以上", "以下", "以内")) and after.lstrip("的").startswith(("罚款", "罚金", "处罚")):
        return "threshold"
    if q.kind == "yuan" and after.startswith("的") and any(n in after[1:9] for n in g.sized_case_nouns):
        return "threshold"  # 罚款金额超万元的大要案件: the size of the cases counted
    # 压力管道4246千米 / 1.2千克: 千 opens a unit of measure (kilo-), it scales nothing.
    if q.kind == "bare" and q.text.endswith("千") and after[:1] in _KILO_UNITS:
        return "unit"
    if q.numeral == "arabic":
        raw = text[q.num_start : q.num_end]
        if len(raw) >= 11 and raw.isdigit() and raw.startswith("1"):
            return "phone"
        if before.endswith("第") or _ORDINAL_LIST.search(before):
            return "ordinal"  # 第3批 / 第1、2批
        return None
    # Chinese numerals: ordinals, words that merely contain a numeral, idioms and slogans.
    head = text[q.num_start - 1] if q.num_start > 0 else ""
    if head and head in g.blocked_prefix_chars:
        return "ordinal" if head == "第" else "word"
    if g.idioms and text.startswith(g.idioms, q.num_start):
        return "idiom"
    if q.kind == "count" and g.slogan_nouns and after.startswith(g.slogan_nouns):
        return "slogan"
    if _inside_short_quote(text, q, g.slogan_quote_max_chars):
        return "slogan"
    # 一 + measure + noun is the article "a/one" (一个目标, 一批企业), not a count;
    # a real count of one ends its phrase (败诉一件。).
    if gd["cn"] == "一" and q.kind == "count" and after[:1] and after[:1] not in CLAUSE_PUNCT + "、)”\n ":
        return "article"
    return None


def _inside_short_quote(text: str, q: Quantity, max_chars: int) -> bool:
    left = text.rfind("“", max(0, q.start - max_chars), q.start + 1)
    if left < 0:
        return False
    right = text.find("”", q.end - 1, left + max_chars + 2)
    return right >= 0 and "”" not in text[left + 1 : q.start] and right - left - 1 <= max_chars
