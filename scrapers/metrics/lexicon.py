"""The extraction rules (data/lexicon.yaml) as typed, compiled records.

The YAML is what an analyst edits; this module only validates and compiles it, so a bad rule
fails at load time with the rule's id rather than silently never firing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from scrapers.metrics.catalog import MetricUnit, load_catalog
from scrapers.metrics.numbers import Grammar, load_grammar
from scrapers.metrics.scan import first_chars, original, with_first_char_lookahead

DomainScope = Literal["clause", "sentence", "paragraph"]
PeriodCueKind = Literal[
    "cumulative", "cumulative_unless_stock", "since_year", "since_month", "until_month", "partial", "year", "year_to_date",
    "to_date", "span",
]

Patterns = tuple[re.Pattern[str], ...]

# A stated change: 10.86%, 1.5倍, 百分之十二点五, 两倍.
_CN = "零〇一二两三四五六七八九十百点"
YOY_VALUE = rf"(?:\d+(?:\.\d+)?(?:%|倍)|百分之[{_CN}]+|[{_CN}]+倍)"


def _union(patterns: Patterns) -> re.Pattern[str] | None:
    """One regex matching where any of `patterns` matches (None for none, or when a backreference
    would be renumbered by the union)."""
    if not patterns:
        return None
    if any(re.search(r"\\\d", p.pattern) for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _firsts(pattern: re.Pattern[str] | None) -> tuple[frozenset[str], bool] | None:
    """The characters a match of `pattern` can start with and whether a digit (\\d) can; None
    when not known or another category (\\s, \\w) can."""
    firsts = first_chars(original(pattern).pattern, pattern.flags) if pattern is not None else None
    if firsts is None or any(f.startswith("\\") and f != "\\d" for f in firsts):
        return None
    return frozenset(f for f in firsts if f != "\\d"), "\\d" in firsts


def may_start_in(firsts: tuple[frozenset[str], bool] | None, present: set[str], digit: bool) -> bool:
    """Whether a match with these first characters can start in a text holding `present` (its
    characters; `digit`: whether one is a decimal digit)."""
    return firsts is None or (firsts[1] and digit) or not firsts[0].isdisjoint(present)


def _compile_all(items: Any, where: str) -> Patterns:
    out = []
    for item in items or []:
        try:
            out.append(with_first_char_lookahead(re.compile(str(item))))
        except re.error as exc:
            raise ValueError(f"lexicon {where}: bad regex {item!r}: {exc}") from exc
    return tuple(out)


@dataclass(frozen=True)
class Rule:
    id: str
    metric: str
    before: Patterns
    after: Patterns
    max_gap: int
    sentence_requires: Patterns
    sentence_excludes: Patterns
    context_requires: Patterns
    clause_excludes: Patterns
    priority: int
    confidence: float
    # Regexes that veto the rule when found in the clause just before the number's clause, in the
    # same sentence (a bare verb refers back to it: 收到行政复议申请14件,依法办结13件).
    previous_clause_excludes: Patterns = ()
    # …and anywhere in its sentence before the number (新收复议案件151件,其中已办结案件135件: the
    # subject was named earlier; 办结违法案件21件,行政复议案件2件: named after, it is another count).
    preceding_excludes: Patterns = ()
    # Overrides the metric's domain_scope for numbers this rule finds (a frame that describes its
    # own objects, 对受疫情影响的132户个体工商户免予处罚, takes no field from other sentences).
    domain_scope: str | None = None
    after_excludes: Patterns = ()  # regexes that veto the rule when they match right after the quantity
    # The field of numbers this rule finds when none is named, overriding the metric's home field
    # (诉转案: cases opened from consumers' complaints are consumer cases).
    home_domain: str | None = None
    # The measure words this rule accepts, within its metric's (empty: all of them): entities
    # checked are counted in 户 / 家, not in 户次 visits, unless the rule names 双随机.
    measures: frozenset[str] = frozenset()

    @cached_property
    def before_any(self) -> re.Pattern[str] | None:
        """All `before` patterns as one regex: a cheap first test that any trigger is near at all."""
        return _union(self.before)

    @cached_property
    def after_any(self) -> re.Pattern[str] | None:
        return _union(self.after)

    @cached_property
    def after_excludes_any(self) -> re.Pattern[str] | None:
        return _union(self.after_excludes)

    # The conditions as one regex each (one scan of a short clause instead of one per pattern).
    @cached_property
    def clause_excludes_any(self) -> re.Pattern[str] | None:
        return _union(self.clause_excludes)

    @cached_property
    def sentence_requires_any(self) -> re.Pattern[str] | None:
        return _union(self.sentence_requires)

    @cached_property
    def sentence_excludes_any(self) -> re.Pattern[str] | None:
        return _union(self.sentence_excludes)


@dataclass(frozen=True)
class MetricSpec:
    code: str
    unit: MetricUnit
    family: str
    stock: bool  # a level at the end of the period (共有/现有 do not make it cumulative)
    reviews_old_documents: bool  # a clean-up: 2015年以来制发的 dates the documents, not the count
    domain_scope: DomainScope  # how far from the number a field may be named
    home_domain: str | None
    breakdown_domain: str | None  # the field of its parts and list items whatever they name (12315 by product)
    measures: frozenset[str]  # accepted measure words; empty = any (count metrics only)
    rules: tuple[Rule, ...]
    breakdown_fields: dict[str, str] = field(default_factory=dict)  # …unless the item names one of these problems
    # A scaled number with no measure word is a count of it (新增市场主体101万, 市场主体数量为773.44万):
    # only where the metric's words leave no doubt what is counted.
    bare_scaled: bool = False

    @cached_property
    def triggers_any(self) -> re.Pattern[str] | None:
        """Every rule's `before` patterns as one regex: no match near a number means no rule of
        this metric with a `before` can fire on it (None: no such shortcut)."""
        union = _union(tuple(p for r in self.rules for p in r.before))
        return with_first_char_lookahead(union) if union is not None else None

    @cached_property
    def trigger_firsts(self) -> tuple[frozenset[str], bool] | None:
        """The characters a trigger of this metric can start with, and whether a digit can; None
        when not known. Words near a number that hold none of them need no regex run at all."""
        return _firsts(self.triggers_any)

    @cached_property
    def number_first_any(self) -> re.Pattern[str] | None:
        """The `after` patterns of the rules without a `before` (number-first frames), as one regex."""
        return _union(tuple(p for r in self.rules if not r.before for p in r.after))

    @cached_property
    def before_rules(self) -> tuple[Rule, ...]:
        """The rules with trigger words before the number, in priority-file order."""
        return tuple(r for r in self.rules if r.before)

    @cached_property
    def frame_rules(self) -> tuple[Rule, ...]:
        """The number-first rules (a frame after the number, no trigger before it), in order."""
        return tuple(r for r in self.rules if not r.before)

    def accepts(self, kind: str, unit: str) -> bool:
        """Whether a quantity of this kind/unit can be a value of this metric."""
        if self.unit == "count":
            return (kind == "count" and (not self.measures or unit in self.measures)) or (self.bare_scaled and kind == "bare")
        if self.unit == "yuan":
            return kind in ("yuan", "bare")
        return kind == "percent"


# The characters a comparison ends with (比上年增加 / 较去年减少了 / 同比多): only words ending in one
# are searched for a difference.
DIFFERENCE_LAST_CHARS = frozenset("加长少降升增减多了 \u3000\t")
# A number right after a comparison is its base, not a count: 比2013年的397.3户, 比去年同期(8904件),
# 比去年同期投诉量(2380件), 较上年同期12件.
_COMPARISON_BASE = re.compile(
    r"(?:比|较|相比)(?:上年|去年|前年|\d{4}年)度?(?:同期)?(?:的\s*|[^,;。()\d]{0,6}?\(\s*|\s*)$"
)


def is_comparison_base(words: str) -> bool:
    """Whether `words` (what stands just before a number) end on a comparison, so that the number
    is its base; the comparison is short: only their last 24 characters are searched."""
    return _COMPARISON_BASE.search(words[-24:]) is not None


# What best_rule reads of one metric, flat: the metric, its triggers' first characters (None: not
# known), whether a digit can start one, its trigger rules, their union, its frame rules, their
# union, and all its rules in file order.
RulePlan = tuple[
    MetricSpec, frozenset[str] | None, bool, tuple[Rule, ...], re.Pattern[str] | None, tuple[Rule, ...],
    re.Pattern[str] | None, tuple[Rule, ...],
]


@dataclass(frozen=True)
class DomainSpec:
    code: str
    cues: tuple[str, ...]
    only_for: frozenset[str] | None  # metric codes the cues apply to; None = all metrics
    narrowed: dict[str, str] = field(default_factory=dict)
    kind: bool = False  # names a kind of case (X广告 = advertising of X), winning over the fields before it
    weak_cues: tuple[str, ...] = ()  # name this field only when nothing around names another (不合格产品)
    # Products of this field (电动自行车): its cue in the number's own phrase, weak elsewhere.
    product_cues: tuple[str, ...] = ()

    def applies_to(self, metric: str) -> bool:
        return self.only_for is None or metric in self.only_for


@dataclass(frozen=True)
class Hotline:
    """A complaints line other than 12315 (12358 of the price bureaus, 12331 of the food and drug
    offices, 12365 of the quality offices): in a text on it (and not on `unless`), the consumer
    figures of `metrics` are `domain`'s (all of them with `overrides`), and its breakdowns by kind
    of goods take the field of the kind (`kinds`)."""

    pattern: re.Pattern[str]
    unless: re.Pattern[str]
    metrics: frozenset[str]
    domain: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    overrides: bool = False  # `domain` wins over a field the figure's own words name (12365: 电梯投诉)…
    keeps: frozenset[str] = frozenset()  # …but not over these fields named by a breakdown's item

    def on(self, text: str) -> bool:
        return self.pattern.search(text) is not None and self.unless.search(text) is None


@dataclass(frozen=True)
class PeriodCue:
    kind: PeriodCueKind
    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()  # words every match holds (scan.spans_near); none: scan it all


@dataclass(frozen=True)
class ZeroRule:
    id: str
    metric: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...] = ()  # a match holds one of these words: a text holding none is skipped


@dataclass(frozen=True)
class Lexicon:
    version: str
    grammar: Grammar
    fillers: re.Pattern[str]
    lead: re.Pattern[str]
    plan_heading: re.Pattern[str]
    inclusion_note: re.Pattern[str]
    part_note: re.Pattern[str]  # (其中…): the parts of the count before it
    period_cues: tuple[PeriodCue, ...]
    partial_before_month: int
    signed_date: re.Pattern[str]
    yoy: re.Pattern[str]
    yoy_down: frozenset[str]
    yoy_max_subject_chars: int
    domains: dict[str, DomainSpec]
    domain_aggregate: re.Pattern[str]  # 各类…: the number sums over fields, inherit none
    domain_cues: re.Pattern[str]  # one alternation of every cue, longest first
    cue_domain: dict[str, str]
    zero_rules: tuple[ZeroRule, ...]
    zero_blockers: Patterns
    metrics: dict[str, MetricSpec]
    # 日均新设3460户: an average per day/month/head is never a catalog total (vetoes every rule).
    average_words: re.Pattern[str] = re.compile("(?!)")
    difference_before: re.Pattern[str] = re.compile("(?!)")  # 比上年增加N件: a difference
    weak_cues: re.Pattern[str] = re.compile("(?!)")  # generic words of one field (不合格产品 → quality)
    weak_cue_domain: dict[str, str] = field(default_factory=dict)
    product_cues: re.Pattern[str] = re.compile("(?!)")  # products of one field (电动自行车 → quality)
    plan_figure: re.Pattern[str] = re.compile("(?!)")  # 抽检计划2320批次: what was planned
    plan_done: re.Pattern[str] = re.compile("(?!)")  # 完成…任务705批次: what was done
    # A clause that only restates the number of the clause before it (突破800万户,达到812.47万户).
    restatement: re.Pattern[str] = re.compile("(?!)")
    # Tables rendered as tab-separated rows: header words of the year-over-year column.
    table_yoy_header: re.Pattern[str] = re.compile("(?!)")
    table_unit_header: re.Pattern[str] = re.compile("(?!)")
    table_yoy_flat: re.Pattern[str] = re.compile("(?!)")
    # A report on part of the year (上半年工作总结): looked for in its first characters.
    partial_report: re.Pattern[str] = re.compile("(?!)")
    partial_report_chars: int = 160
    sampling_round: re.Pattern[str] = re.compile("(?!)")  # 本次抽检: a notice of one sampling round
    multi_year_report: re.Pattern[str] = re.compile("(?!)")  # 整个“十四五”期间: a text on several years
    since_year_describing: re.Pattern[str] = re.compile("(?!)")
    # A short bracketed aside between a trigger and its number (移送涉嫌犯罪案件(线索)22件).
    gap_note: re.Pattern[str] = re.compile("(?!)")
    # A clause that counts a part of the number before it (…不予处罚,其中价格领域24件).
    period_named_year: re.Pattern[str] = re.compile("(?!)")
    table_previous_header: re.Pattern[str] = re.compile("(?!)")  # 上一年项目数量: last year's column
    table_count_header: re.Pattern[str] = re.compile("(?!)")  # 处理决定数量: a column of counts
    table_count_unit: str = "件"  # 2021年…累计: the year itself
    yoy_year_end: re.Pattern[str] = re.compile("(?!)")  # 较上年末: no yoy in a text on part of the year
    yoy_foreign_subject: re.Pattern[str] = re.compile("(?!)")  # 占比同比增长: the change of another quantity
    yoy_bare: re.Pattern[str] = re.compile("(?!)")  # 增长7.7% with no cue of its own
    yoy_share_clause: re.Pattern[str] = re.compile("(?!)")  # 占受理总量的37.71%: a share, not a rate
    yoy_base_phrase: re.Pattern[str] = re.compile("(?!)")  # 与上年相比: the sentence's comparison base
    part_clause: re.Pattern[str] = re.compile("(?!)")
    part_outcome: re.Pattern[str] = re.compile("(?!)")  # 维持, 撤销…: an outcome, not a part
    part_takes_head_metric: frozenset[str] = frozenset()  # generic rule ids a 其中 part overrides
    part_after_excludes: re.Pattern[str] = re.compile("(?!)")  # 典型: after a 其中 figure, not a part
    review_topic: re.Pattern[str] = re.compile("(?!)")  # 复议 / 应诉: the topic of a paragraph
    review_topic_metric: dict[str, str] = field(default_factory=dict)
    review_topic_rules: frozenset[str] = frozenset()  # bare case counts that take that topic's metric
    # …and the rules whose figures take it only as items by kind (投诉举报类12件, 涉及行政处罚2件)
    review_kind_rules: frozenset[str] = frozenset()
    review_kind_item: re.Pattern[str] = re.compile("(?!)")
    bare_intake: re.Pattern[str] = re.compile("(?!)")  # a clause of only 受理 before its number
    intake_metrics: frozenset[str] = frozenset()  # …which continues a count of these metrics
    joint_campaign: re.Pattern[str] = re.compile("(?!)")  # 暨知识产权保护行动: group 1 names no field
    hotlines: tuple[Hotline, ...] = ()
    list_opener: re.Pattern[str] = re.compile("(?!)")  # 其中/分别/依次为 before a list's first number
    list_colon_opener: re.Pattern[str] = re.compile("(?!)")  # …依次为: a clause that opens a list
    by_kind_opener: re.Pattern[str] = re.compile("(?!)")  # 以案件类型分: a sentence breaking the total before it down
    by_kind_heading: re.Pattern[str] = re.compile("(?!)")  # (一)按接诉来源分析: a heading breaking the total above it down
    # A sampling programme named with its field (食品安全监督抽检), and the metrics it gives a field.
    sampling_programme: re.Pattern[str] = re.compile("(?!)")
    programme_metrics: frozenset[str] = frozenset()
    # Words that, anywhere earlier in a sentence, make its numbers totals over fields (双随机).
    domain_aggregate_sentence: re.Pattern[str] = re.compile("(?!)")
    new_matter: re.Pattern[str] = re.compile("(?!)")
    new_subject: re.Pattern[str] = re.compile("(?!)")  # ;全省工商机关共查处…: a part on its own subject
    # A stated year-over-year change of zero (同比持平, 与上年持平).
    yoy_flat: re.Pattern[str] = re.compile("(?!)")

    @cached_property
    def _accepting(self) -> dict[tuple[str, str], tuple[MetricSpec, ...]]:
        return {}

    @cached_property
    def _plans(self) -> dict[tuple[str, str], tuple[RulePlan, ...]]:
        return {}

    @cached_property
    def period_any(self) -> re.Pattern[str] | None:
        """Every period cue as one regex: most clauses have none, and need no closer look."""
        return _union(tuple(c.pattern for c in self.period_cues))

    @cached_property
    def period_cue_firsts(self) -> tuple[tuple[frozenset[str], bool] | None, ...]:
        """Per period cue, the characters a match can start with and whether a digit (\\d, any
        Unicode decimal) can start one; None when not known. A clause holding none of them cannot
        match the cue, which is then not run on it."""
        return tuple(_firsts(c.pattern) for c in self.period_cues)

    def period_cues_in(self, present: set[str]) -> list[int]:
        """The positions of the period cues that can match in a text holding the characters
        `present`, in file order: found from its characters through period_cue_index, not by
        testing every cue (a regex's set-up costs more than a set test on a clause)."""
        by_char, digit_cues, unknown = self.period_cue_index
        runnable = set(unknown)
        for c in present:
            ks = by_char.get(c)
            if ks is not None:
                runnable |= ks
        if digit_cues and any(c.isdecimal() for c in present):
            runnable |= digit_cues
        return sorted(runnable)

    @cached_property
    def period_cue_index(self) -> tuple[dict[str, frozenset[int]], frozenset[int], frozenset[int]]:
        """period_cue_firsts turned round: per first character the cues (by position) that can
        start with it, the cues a digit can start, and those whose first characters are not
        known."""
        by_char: dict[str, set[int]] = {}
        digit: set[int] = set()
        unknown: set[int] = set()
        for k, firsts in enumerate(self.period_cue_firsts):
            if firsts is None:
                unknown.add(k)
                continue
            for c in firsts[0]:
                by_char.setdefault(c, set()).add(k)
            if firsts[1]:
                digit.add(k)
        return {c: frozenset(ks) for c, ks in by_char.items()}, frozenset(digit), frozenset(unknown)

    def rule_plans(self, kind: str, unit: str) -> tuple[RulePlan, ...]:
        """Per metric accepting this kind and unit, what best_rule reads of it, as one flat tuple
        (the loop runs a dozen times a number: attribute look-ups were most of its own time)."""
        key = (kind, unit)
        found = self._plans.get(key)
        if found is None:
            plans = []
            for spec in self.accepting(kind, unit):
                firsts = spec.trigger_firsts
                plans.append((
                    spec, None if firsts is None else firsts[0], firsts is not None and firsts[1], _taking(spec.before_rules, unit),
                    spec.triggers_any, _taking(spec.frame_rules, unit), spec.number_first_any, _taking(spec.rules, unit),
                ))
            found = self._plans[key] = tuple(plans)
        return found

    @cached_property
    def hotline_metrics(self) -> frozenset[str]:
        """The metrics some complaints line gives a field to (a text with none of them is not
        searched for the lines)."""
        return frozenset(m for line in self.hotlines for m in line.metrics)

    def is_difference_before(self, words: str) -> bool:
        """Whether `words` (what stands just before a number) end on a difference (比2019年度增加):
        the number is the change, not a count. Only words ending on a direction word or space can,
        and the difference is short: the search looks at their last 28 characters."""
        return words[-1:] in DIFFERENCE_LAST_CHARS and self.difference_before.search(words, max(0, len(words) - 28)) is not None

    def accepting(self, kind: str, unit: str) -> tuple[MetricSpec, ...]:
        """The metrics a quantity of this kind and unit can be a value of (cached per report run)."""
        key = (kind, unit)
        found = self._accepting.get(key)
        if found is None:
            found = self._accepting[key] = tuple(m for m in self.metrics.values() if m.accepts(kind, unit))
        return found

    @classmethod
    def from_mapping(cls, data: dict[str, Any], grammar: Grammar | None = None) -> Lexicon:
        catalog = load_catalog()
        metrics = {code: _metric(code, spec or {}, catalog) for code, spec in (data.get("metrics") or {}).items()}
        domains = {code: _domain(code, spec or {}, metrics) for code, spec in (data.get("domains") or {}).items()}
        cue_domain: dict[str, str] = {}
        for d in domains.values():
            for cue in d.cues:
                if cue in cue_domain and cue_domain[cue] != d.code:
                    raise ValueError(f"lexicon domains: cue {cue!r} is in {cue_domain[cue]} and {d.code}")
                cue_domain[cue] = d.code
        not_fields = [str(w) for w in data.get("not_field_words") or []]
        product_domain = {cue: d.code for d in domains.values() for cue in d.product_cues}
        weak_cue_domain = {**{cue: d.code for d in domains.values() for cue in d.weak_cues}, **product_domain}
        weak_alt = "|".join(re.escape(c) for c in sorted(weak_cue_domain, key=len, reverse=True)) or "(?!)"
        product_alt = "|".join(re.escape(c) for c in sorted(product_domain, key=len, reverse=True)) or "(?!)"
        cue_alt = "|".join(_guarded_cue(c, not_fields) for c in sorted(cue_domain, key=len, reverse=True)) or "(?!)"
        for m in metrics.values():
            if m.home_domain and m.home_domain not in domains and m.home_domain != "all":
                raise ValueError(f"lexicon metric {m.code}: unknown home_domain {m.home_domain!r}")
            for r in m.rules:
                if r.home_domain and r.home_domain not in domains and r.home_domain != "all":
                    raise ValueError(f"lexicon rule {r.id}: unknown home_domain {r.home_domain!r}")
        period = data.get("period") or {}
        yoy = data.get("yoy") or {}
        zero = data.get("zero") or {}
        fillers = sorted((str(f) for f in data.get("fillers") or []), key=len, reverse=True)
        return cls(
            version=str(data.get("version", "0")),
            grammar=grammar or load_grammar(),
            fillers=re.compile("|".join(re.escape(f) for f in fillers) or "(?!)"),
            lead=re.compile(str(data.get("lead_pattern", r"(?!)"))),
            plan_heading=re.compile(str(data.get("plan_heading_pattern", r"(?!)"))),
            inclusion_note=re.compile(str(data.get("inclusion_note_pattern", r"(?!)"))),
            part_note=re.compile(str(data.get("part_note_pattern", r"(?!)"))),
            period_cues=_period_cues(period),
            partial_before_month=int(period.get("partial_before_month", 12)),
            signed_date=re.compile(str(period.get("signed_date", r"(?!)"))),
            # Scanned over the whole text: the first-character lookahead skips most positions.
            yoy=with_first_char_lookahead(_yoy_pattern(yoy)),
            yoy_down=frozenset(str(w) for w in yoy.get("down", [])),
            yoy_max_subject_chars=int(yoy.get("max_subject_chars", 8)),
            yoy_year_end=re.compile(str(yoy.get("year_end_cue", r"(?!)"))),
            period_named_year=re.compile(str(period.get("named_year", r"(?!)"))),
            yoy_foreign_subject=re.compile(str(yoy.get("foreign_subject", r"(?!)"))),
            yoy_bare=_yoy_bare_pattern(yoy),
            yoy_share_clause=re.compile(str(yoy.get("share_clause", r"(?!)"))),
            yoy_base_phrase=re.compile(str(yoy.get("base_phrase", r"(?!)"))),
            domains=domains,
            domain_aggregate=re.compile("|".join(re.escape(str(w)) for w in data.get("domain_aggregate_words") or []) or "(?!)"),
            # Guarded cues open with a lookahead, so re has no prefix to skip by: ours (6x faster).
            domain_cues=with_first_char_lookahead(re.compile(cue_alt)),
            cue_domain=cue_domain,
            weak_cues=with_first_char_lookahead(re.compile(weak_alt)),
            weak_cue_domain=weak_cue_domain,
            product_cues=with_first_char_lookahead(re.compile(product_alt)),
            zero_rules=tuple(
                ZeroRule(
                    id=str(z["id"]),
                    metric=_known(str(z["metric"]), metrics, f"zero {z['id']}"),
                    pattern=with_first_char_lookahead(re.compile(z["pattern"])),
                    needs=_zero_needs(z),
                )
                for z in zero.get("rules") or []
            ),
            zero_blockers=_compile_all(zero.get("blockers"), "zero.blockers"),
            metrics=metrics,
            plan_figure=re.compile(str((data.get("plan_figures") or {}).get("before_number", r"(?!)"))),
            plan_done=re.compile(str((data.get("plan_figures") or {}).get("done", r"(?!)"))),
            sampling_programme=re.compile(str((data.get("sampling_programme") or {}).get("pattern", r"(?!)"))),
            programme_metrics=frozenset(
                _known(str(m), metrics, "sampling_programme") for m in (data.get("sampling_programme") or {}).get("metrics") or []
            ),
            difference_before=re.compile(str(data.get("difference_before_pattern", r"(?!)"))),
            average_words=re.compile(
                "|".join(re.escape(str(w)) for w in data.get("average_words") or []) or "(?!)"
            ),
            restatement=re.compile(str(data.get("restatement_pattern", r"(?!)"))),
            table_yoy_header=re.compile(str((data.get("tables") or {}).get("yoy_header", r"(?!)"))),
            table_unit_header=re.compile(str((data.get("tables") or {}).get("unit_header", r"(?!)"))),
            table_previous_header=re.compile(str((data.get("tables") or {}).get("previous_header", r"(?!)"))),
            table_count_header=re.compile(str((data.get("tables") or {}).get("count_header", r"(?!)"))),
            table_yoy_flat=re.compile(str((data.get("tables") or {}).get("yoy_flat_cell", r"(?!)"))),
            partial_report=re.compile(str(period.get("partial_report", r"(?!)"))),
            partial_report_chars=int(period.get("partial_report_chars", 160)),
            sampling_round=re.compile(str(period.get("sampling_round", r"(?!)"))),
            multi_year_report=re.compile(str(period.get("multi_year_report", r"(?!)"))),
            since_year_describing=re.compile(str(period.get("since_year_describing", r"(?!)"))),
            gap_note=re.compile(str(data.get("gap_note_pattern", r"(?!)"))),
            part_clause=re.compile(str(data.get("part_clause_pattern", r"(?!)"))),
            part_takes_head_metric=frozenset(str(r) for r in data.get("part_takes_head_metric") or []),
            part_after_excludes=re.compile("|".join(re.escape(str(w)) for w in data.get("part_after_excludes") or []) or "(?!)"),
            part_outcome=re.compile(
                "|".join(re.escape(str(w)) for w in [*(data.get("part_outcome_words") or []), *(data.get("other_act_words") or [])]) or "(?!)"
            ),
            review_topic=re.compile("|".join(re.escape(str(w)) for w in sorted(data.get("review_topics") or {}, key=len, reverse=True)) or "(?!)"),
            review_topic_metric={str(w): _known(str(m), metrics, "review_topics") for w, m in (data.get("review_topics") or {}).items()},
            review_topic_rules=frozenset(str(r) for r in data.get("review_topic_rules") or []),
            review_kind_rules=frozenset(str(r) for r in data.get("review_kind_rules") or []),
            review_kind_item=re.compile(str(data.get("review_kind_item_pattern", r"(?!)"))),
            bare_intake=re.compile(str(data.get("bare_intake_pattern", r"(?!)"))),
            intake_metrics=frozenset(_known(str(m), metrics, "intake_metrics") for m in data.get("intake_metrics") or []),
            joint_campaign=re.compile(str(data.get("joint_campaign_pattern", r"(?!)"))),
            hotlines=tuple(_hotline(h, metrics) for h in data.get("hotlines") or []),
            list_opener=re.compile(str(data.get("list_opener_pattern", r"(?!)"))),
            list_colon_opener=re.compile(str(data.get("list_colon_opener_pattern", r"(?!)"))),
            by_kind_opener=re.compile(str(data.get("by_kind_opener_pattern", r"(?!)"))),
            by_kind_heading=re.compile(str(data.get("by_kind_heading_pattern", r"(?!)"))),
            domain_aggregate_sentence=_aggregate_sentence(data),
            new_matter=re.compile(str(data.get("new_matter_pattern", r"(?!)"))),
            new_subject=re.compile(str(data.get("new_subject_pattern", r"(?!)"))),
            yoy_flat=re.compile(str(yoy.get("flat", r"(?!)"))),
        )


def _known(code: str, metrics: dict[str, MetricSpec], where: str) -> str:
    if code not in metrics:
        raise ValueError(f"lexicon {where}: unknown metric {code!r}")
    return code


def _metric(code: str, spec: dict[str, Any], catalog: dict) -> MetricSpec:
    unit = spec.get("unit") or (catalog[code].unit if code in catalog else None)
    if unit not in ("count", "yuan", "percent"):
        raise ValueError(f"lexicon metric {code}: not in catalog.csv, so it needs `unit:` (count|yuan|percent)")
    rules = []
    for r in spec.get("rules") or []:
        rid = str(r["id"])
        rule = Rule(
            id=rid,
            metric=code,
            before=_compile_all(r.get("before"), rid),
            after=_compile_all(r.get("after"), rid),
            after_excludes=_compile_all(r.get("after_excludes"), rid),
            max_gap=int(r.get("max_gap", 0)),
            sentence_requires=_compile_all(r.get("sentence_requires"), rid),
            sentence_excludes=_compile_all(r.get("sentence_excludes"), rid),
            context_requires=_compile_all(r.get("context_requires"), rid),
            clause_excludes=_compile_all(r.get("clause_excludes"), rid),
            priority=int(r.get("priority", 50)),
            confidence=float(r.get("confidence", 0.9)),
            previous_clause_excludes=_compile_all(r.get("previous_clause_excludes"), rid),
            preceding_excludes=_compile_all(r.get("preceding_excludes"), rid),
            domain_scope=r.get("domain_scope"),
            home_domain=r.get("home_domain"),
            measures=frozenset(str(m) for m in r.get("measures") or []),
        )
        if rule.measures - set(spec.get("measures") or []):
            raise ValueError(f"lexicon rule {rid}: measures {sorted(rule.measures)} not all among its metric's")
        if rule.domain_scope not in (None, "clause", "sentence", "lead", "paragraph"):
            raise ValueError(f"lexicon rule {rid}: bad domain_scope {rule.domain_scope!r}")
        if not rule.before and not rule.after:
            raise ValueError(f"lexicon rule {rid}: needs `before` or `after`")
        rules.append(rule)
    scope = spec.get("domain_scope", "paragraph")
    if scope not in ("clause", "sentence", "paragraph"):
        raise ValueError(f"lexicon metric {code}: bad domain_scope {scope!r}")
    return MetricSpec(
        code=code,
        unit=unit,
        family=str(spec.get("family", code)),
        stock=bool(spec.get("stock", False)),
        reviews_old_documents=bool(spec.get("reviews_old_documents", False)),
        domain_scope=scope,
        home_domain=spec.get("home_domain"),
        breakdown_domain=spec.get("breakdown_domain"),
        breakdown_fields={str(k): str(v) for k, v in (spec.get("breakdown_fields") or {}).items()},
        measures=frozenset(str(m) for m in spec.get("measures") or []),
        rules=tuple(rules),
        bare_scaled=bool(spec.get("bare_scaled", False)),
    )


def _hotline(spec: dict[str, Any], metrics: dict[str, MetricSpec]) -> Hotline:
    return Hotline(
        pattern=re.compile(str(spec["pattern"])),
        unless=re.compile(str(spec.get("unless") or "(?!)")),
        metrics=frozenset(_known(str(m), metrics, "hotlines") for m in spec.get("metrics") or []),
        domain=spec.get("domain"),
        kinds={str(k): str(v) for k, v in (spec.get("kinds") or {}).items()},
        overrides=bool(spec.get("overrides", False)),
        keeps=frozenset(str(d) for d in spec.get("keeps") or []),
    )


def _domain(code: str, spec: dict[str, Any], metrics: dict[str, MetricSpec]) -> DomainSpec:
    only = spec.get("only_for")
    if only is not None:
        only = frozenset(_known(str(m), metrics, f"domain {code}.only_for") for m in only)
    return DomainSpec(
        code=code,
        cues=tuple(str(c) for c in spec.get("cues") or []),
        only_for=only,
        narrowed={str(k): str(v) for k, v in (spec.get("narrowed") or {}).items()},
        kind=bool(spec.get("kind", False)),
        weak_cues=tuple(str(c) for c in spec.get("weak_cues") or []),
        product_cues=tuple(str(c) for c in spec.get("product_cues") or []),
    )


def _guarded_cue(cue: str, not_fields: list[str]) -> str:
    """The regex of a field cue that does not match inside a longer word naming no field
    (质量发展 inside 高质量发展, 年报 inside 年报告): the cue, then per such word a check that the
    word is not around it. (Checked after the cue, not before: a lookahead in front of it would
    run at every position of every text the alternation is tried at.)"""
    guards = []
    for word in not_fields:
        at = word.find(cue)
        while at >= 0:
            pre, post = word[:at], word[at + len(cue) :]
            if pre and post:
                guards.append(f"(?:(?<!{re.escape(pre + cue)})|(?!{re.escape(post)}))")
            elif pre:
                guards.append(f"(?<!{re.escape(pre + cue)})")
            elif post:
                guards.append(f"(?!{re.escape(post)})")
            else:
                guards.append("(?!)")  # the cue itself listed as naming no field
            at = word.find(cue, at + 1)
    return re.escape(cue) + "".join(guards)


def _taking(rules: tuple[Rule, ...], unit: str) -> tuple[Rule, ...]:
    """The rules that take this measure word: one that narrows its metric's is left out of other
    units' plans (the metric's trigger pre-tests stay as they are: a superset only costs a test)."""
    return tuple(r for r in rules if not r.measures or unit in r.measures)


def _aggregate_sentence(data: dict[str, Any]) -> re.Pattern[str]:
    """The sentence-level total words, and 各类 / 各项 when what they qualify (within a few
    characters) is what a total counts: 各类违法案件, not 检查各类经营主体 (entities of every kind)."""
    alternatives = [re.escape(str(w)) for w in data.get("domain_aggregate_sentence_words") or []]
    kinds = "|".join(re.escape(str(w)) for w in data.get("domain_aggregate_sentence_kinds") or [])
    objects = "|".join(re.escape(str(w)) for w in data.get("domain_aggregate_kind_objects") or [])
    if kinds and objects:
        alternatives.append(f"(?:{kinds})(?=[^,;。]{{0,4}}?(?:{objects}))")
    return re.compile("|".join(alternatives)) if alternatives else re.compile("(?!)")


def _period_cues(period: dict[str, Any]) -> tuple[PeriodCue, ...]:
    cues: list[PeriodCue] = []
    for kind in ("cumulative", "cumulative_unless_stock", "partial", "year", "year_to_date", "to_date"):
        for p in _compile_all(period.get(kind), f"period.{kind}"):
            cues.append(PeriodCue(kind=kind, pattern=p))  # type: ignore[arg-type]
    anchors = period.get("anchors") or {}
    for kind in ("since_year", "since_month", "until_month", "span"):
        if period.get(kind):
            words = tuple(str(w) for w in anchors.get(kind) or ())
            for word in words:
                if word not in str(period[kind]):  # a typo would make the scan miss every match
                    raise ValueError(f"lexicon.yaml: period.anchors.{kind}: {word!r} is not in its pattern")
            cues.append(PeriodCue(kind=kind, pattern=re.compile(str(period[kind])), anchors=words))  # type: ignore[arg-type]
    return tuple(cues)


def _zero_needs(rule: dict[str, Any]) -> tuple[str, ...]:
    needs = tuple(str(n) for n in rule.get("needs") or ())
    for word in needs:
        if word not in str(rule["pattern"]):  # a typo would silently skip every text
            raise ValueError(f"lexicon.yaml: zero {rule['id']}: needs {word!r}, which its pattern does not hold")
    return needs


def _yoy_pattern(yoy: dict[str, Any]) -> re.Pattern[str]:
    words = sorted([str(w) for w in yoy.get("up", [])] + [str(w) for w in yoy.get("down", [])], key=len, reverse=True)
    direction = "|".join(re.escape(w) for w in words) or "(?!)"
    value = YOY_VALUE
    return re.compile(
        rf"(?P<pre>分别)?(?P<cue>{yoy.get('cue', '同比')})(?P<base>{yoy.get('base', '(?!)')})?(?P<each>分别)?(?P<dir>{direction})了?"
        rf"(?P<values>{value}(?:[、和及与]{value})*)"
    )


def _yoy_bare_pattern(yoy: dict[str, Any]) -> re.Pattern[str]:
    words = sorted([str(w) for w in yoy.get("up", [])] + [str(w) for w in yoy.get("down", [])], key=len, reverse=True)
    direction = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(rf"(?P<dir>{direction})了?(?P<values>{YOY_VALUE})")


def load_lexicon_file(path: str | Path, grammar: Grammar | None = None) -> Lexicon:
    """A lexicon from any YAML file with the keys of data/lexicon.yaml."""
    return Lexicon.from_mapping(yaml.safe_load(Path(path).read_text(encoding="utf-8")), grammar)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    raw = resources.files("scrapers.metrics").joinpath("data/lexicon.yaml").read_text("utf-8")
    return Lexicon.from_mapping(yaml.safe_load(raw))
