"""Stage 2: which metric a quantity is: the highest-priority rule of the lexicon whose trigger words sit next to it."""

from __future__ import annotations

import re

from scrapers.metrics.conditions import conditions_hold
from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import Lexicon, Rule, is_comparison_base
from scrapers.metrics.numbers import Quantity
from scrapers.metrics.lists import FIELD_LIST_SEPARATORS


# How far before a number a trigger may start (the longest trigger phrase, its gap and fillers).
TRIGGER_REACH = 120
# A number counted with a unit between a trigger and the quantity (1306件): the trigger is taken.
ANOTHER_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:件|宗|起|个|批次|元|条|项|人次|次|份|张)")
DIGIT = re.compile(r"\d")
# A bracket that lists kinds (抽取22大类食品(餐饮食品、食用农产品……)140批次样品) says what was
# counted, not how many, and can be longer than a trigger's reach: triggers are looked for without it.
# So does a 含 note (抽检食品(含食用农产品和食品相关产品)860批次).
KIND_LIST_BRACKET = re.compile(r"\([^()\d]*、[^()\d]*\)|\((?:含|包括|包含)[^()\d]*\)")
# So does a list of kinds closed by 等 (抽检粮食加工品、食用油、乳制品和食用农产品等大宗食品40162批次):
# between a trigger and its number it does not count towards the gap.
KIND_ENUMERATION = re.compile(r"[^,;。、\d()]{1,12}(?:、[^,;。、\d()]{1,12})+(?:[和及与][^,;。、\d()]{1,12})?等")

def best_rule(q: Quantity, layout: Layout, lex: Lexicon, label_end: int | None = None, title: str | None = None) -> Hit | None:
    """The hit of the highest-priority rule that fires on q. A table cell reads its row label
    (`label_end`) as the words before it, or, given, its column's `title` (投诉, 不合格数量)."""
    plans = lex.rule_plans(q.kind, q.unit)
    if not plans:
        return None  # no metric is counted in this unit (人次, 吨, %…of no metric)
    clause = layout.clauses[layout.clause_index(q.start)]
    if title is not None:
        left, right = title, ""
    elif label_end is not None:
        # A table cell: its row label (unit stripped) stands just before the number.
        left, right = layout.folded[clause.start : label_end], ""
    else:
        left = layout.folded[clause.start : q.start]
        right = layout.folded[q.end : clause.end]
    if lex.average_words.search(left):
        return None  # 日均新设3460户: an average, not a total
    if lex.is_difference_before(left):
        return None  # 比2019年度增加3270批次: a difference, not a count
    if is_comparison_base(left):
        return None  # 比去年同期(8904件)增长近2倍: the comparison's base
    # (the number's own hedge counts: 拟抽检…不少于120批次 is a floor set for work to come)
    hedged = left + layout.folded[q.start : q.num_start] if q.num_start > q.start and title is None else left
    if lex.plan_figure.search(hedged) and not lex.plan_done.search(left):
        return None  # 下达抽检任务1549批次: planned, not done
    sentence: Segment | None = None  # looked up once a rule's trigger or frame is found
    best: tuple[tuple[int, int], Hit] | None = None
    words = KIND_LIST_BRACKET.sub("", left) if ")" in left else left
    tail = words[-TRIGGER_REACH:]
    present = set(tail)
    digit = DIGIT.search(tail) is not None
    for spec, first_chars, digit_first, before_rules, triggers_any, frame_rules, number_first_any, all_rules in plans:
        # Only the rules that can fire: trigger rules when a trigger of this metric is near the
        # number, frame rules when a frame follows it (each kept in file order, so ties still go
        # to the earlier rule). A trigger must start with one of its first characters: the set
        # test (lexicon.may_start_in, inlined: this loop runs a dozen times a number) spares most
        # regex runs.
        near = (
            bool(before_rules)
            and (first_chars is None or (digit_first and digit) or not first_chars.isdisjoint(present))
            and (triggers_any is None or triggers_any.search(tail) is not None)
        )
        framed = bool(frame_rules) and (number_first_any is None or number_first_any.match(right) is not None)
        if near and framed:
            rules = all_rules
        elif near or framed:
            rules = before_rules if near else frame_rules
        else:
            continue
        for rule in rules:
            gap = _trigger_gap(rule, words, right, lex)
            if gap is None:
                continue
            if sentence is None:
                sentence = layout.sentences[layout.sentence_index(q.start)]
            if not conditions_hold(rule, left, sentence, layout, clause):
                continue
            key = (rule.priority, -len(lex.fillers.sub("", gap)))
            if best is None or key > best[0]:
                best = (
                    key,
                    Hit(q=q, spec=spec, rule_id=rule.id, confidence=rule.confidence, gap=gap, domain_scope=rule.domain_scope, number_first=not rule.before, home_domain=rule.home_domain),
                )
    return best[1] if best else None


def _trigger_gap(rule: Rule, left: str, right: str, lex: Lexicon) -> str | None:
    """The words between the rule's trigger and the number, or None when it does not fire."""
    if rule.after and not _matches(rule.after_any, rule.after, right):
        return None
    if rule.after_excludes and _matches(rule.after_excludes_any, rule.after_excludes, right):
        return None
    if not rule.before:
        return ""
    # A trigger ends just before the number, give or take fillers: only the clause's tail matters.
    tail = left[-TRIGGER_REACH:]
    if rule.before_any is not None and not rule.before_any.search(tail):
        return None
    gap: str | None = None
    for pattern in rule.before:
        # The latest match leaves the shortest gap; earlier ones only matter when it is too long.
        for m in reversed(list(pattern.finditer(tail))):
            candidate = tail[m.end() :]
            if gap is not None and len(candidate) >= len(gap):
                break
            if ANOTHER_NUMBER.search(candidate):
                break  # 投诉1306件、已办结1195件: the trigger is the first number's, not this one's
            core = lex.fillers.sub("", lex.gap_note.sub("", _without_kind_list(candidate, tail, m.start()))).strip()
            if core and not FIELD_LIST_SEPARATORS.sub("", lex.domain_cues.sub("", core)):
                core = ""  # only field names in between: 抽检药品、医疗器械分别为320批次
            if len(core) <= rule.max_gap:
                gap = candidate
                break
    return gap


def _matches(union: re.Pattern[str] | None, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return bool(union.match(text)) if union is not None else any(p.match(text) for p in patterns)


def _without_kind_list(gap: str, tail: str, trigger_start: int) -> str:
    """The gap without a list of kinds closed by 等, unless the trigger is itself an item of a list
    (包括…行政复议和行政诉讼情况、存在的主要问题…等六个部分: parts of a report, not cases)."""
    if "等" not in gap:
        return gap
    m = KIND_ENUMERATION.search(gap)
    if m is None or gap[m.start() - 1 : m.start()] == "、" or "、" in tail[max(0, trigger_start - 12) : trigger_start]:
        return gap
    return gap[: m.start()] + gap[m.end() :]
