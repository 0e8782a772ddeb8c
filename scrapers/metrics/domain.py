"""Stage 3: which field (domain) a mention gets, in the order of METRICS.md "Which domain a number gets"."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from scrapers.metrics.hits import Hit, total_pointed_back
from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import Lexicon, MetricSpec
from scrapers.metrics.numbers import Quantity

if TYPE_CHECKING:
    from scrapers.metrics.tables import Cell

# What may stand between two fields of one list: nothing (食品药品), or a few words and then a
# separator (食品生产经营、药品经营). 12315平台和12358价格监管平台 is not a list of fields.
# A field named this far from the number is an inference, so the mention is less certain.
INFERRED_DOMAIN_FACTOR = 0.9
# Rule ids of mentions that are parts or items of a list (lists.py).
BREAKDOWN_RULE = re.compile(r"\+(?:part|item|list|column)")
# A list of fields joined by separators; an item may open with a word of its own (农贸市场、餐饮单位、
# 零售药店、进口冷链食品: food and drug, so all).
FIELD_LINK = re.compile(r"^(?:(?:[^,;。、和及与]{0,6}[、和及与]){1,2}[^,;。、和及与\d]{0,4})?$")


def assign_domains(
    quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon, cells: dict[int, Cell] | None = None
) -> None:
    cells = cells or {}
    lists: dict[int, list[int]] = {}
    for i, hit in hits.items():
        if hit.list_head is not None:
            lists.setdefault(hit.list_head, [hit.list_head]).append(i)
    numbers = [q.start for q in quantities]  # sorted: quantities are in text order
    for i, hit in hits.items():
        prev_in_clause = previous_quantity_end(i, quantities, layout)
        cell = cells.get(hit.q.start)
        if cell is not None and cell.title:
            # A cell under a titled column (不合格数量) is of its row: its label names the field.
            prev_in_clause = layout.clauses[layout.clause_index(hit.q.start)].start
        # A table row is a record of its own: it takes no field from the row above, unless it is
        # a 其中 row (食品安全监督抽检(批次) / 其中不合格(批次)).
        row_only = cell is not None and not lex.part_clause.match(
            layout.masked[layout.clauses[layout.clause_index(hit.q.start)].start : cell.label_end].split("(")[0]
        )
        hit.domain, hit.domain_inferred = domain_of(
            hit.spec, hit.q.start, prev_in_clause, layout, lex, clause_only=row_only, scope=hit.domain_scope,
            numbers=numbers, number_first=hit.number_first or _object_follows(hit.q, layout), home=hit.home_domain,
        )
        if row_only and hit.domain == (hit.home_domain or hit.spec.home_domain or "all"):
            # A row naming no field is of the field its table's caption names (2017年产品质量监督
            # 抽查情况: | 省级 | 514 | 19 |), as a figure of a paragraph is of its heading's.
            caption = cell.caption if cell is not None else None
            fields = fields_between(*caption, hit.spec, layout, lex) if caption else set()
            if len(fields) == 1:
                hit.domain, hit.domain_inferred = next(iter(fields)), True
    # 查办食品安全违法案件520件…。其中,生产领域违法案件69件 / 相关案件罚没金额317.22万元: a sentence
    # that opens by pointing back at the figures before it (其中, 相关, 上述) is about their field
    # when it names none itself.
    for i, hit in sorted(hits.items()):
        if hit.domain == (hit.spec.home_domain or "all") and not hit.domain_inferred:
            total = _pointed_back_total(i, quantities, hits, layout, lex)
            if total is not None and total.domain != hit.domain and lex.domains[total.domain].applies_to(hit.spec.code):
                hit.domain, hit.domain_inferred = total.domain, True
    # A breakdown of a metric that belongs to one field (12315 complaints by product) stays in it,
    # and so does a category of it (食品类投诉152件, 餐饮住宿类67件: a kind of goods, not a field).
    # On another complaints line (lexicon `hotlines`: 12365, 12358, 12331) the metric's field is the
    # line's, and a kind of goods may name its field (12331: 食品类135件 is food).
    on_lines = any(hit.spec.code in lex.hotline_metrics for hit in hits.values())  # (a text scan spared)
    lines = [line for line in lex.hotlines if line.on(layout.masked)] if on_lines else []
    for i, hit in hits.items():
        line = next((line for line in lines if hit.spec.code in line.metrics), None)
        if hit.spec.breakdown_domain:
            label = layout.masked[previous_quantity_end(i, quantities, layout) : hit.q.start]
            if BREAKDOWN_RULE.search(hit.rule_id) or CATEGORY.search(label):
                fields = {**line.kinds, **hit.spec.breakdown_fields} if line else hit.spec.breakdown_fields
                named = [d for word, d in fields.items() if word in label]
                default = _head_field(i, quantities, hits, layout) or hit.spec.breakdown_domain
                hit.domain, hit.domain_inferred = (named[0] if len(set(named)) == 1 else default), False
        if line is None or not line.domain or hit.domain in line.keeps:
            continue
        if line.overrides or hit.domain == hit.spec.home_domain:
            hit.domain = line.domain
    # A list over several named fields gives each number its field, in order.
    for head, members in lists.items():
        members.sort()
        clause = layout.clauses[layout.clause_index(quantities[head].start)]
        cues = [
            m
            for m in lex.domain_cues.finditer(layout.masked, clause.start, quantities[head].start)
            if lex.domains[lex.cue_domain[m.group()]].applies_to(hits[head].spec.code)
        ]
        if len(cues) == len(members):
            for member, cue in zip(members, cues):
                hits[member].domain = lex.cue_domain[cue.group()]
                hits[member].domain_inferred = False


# 50件商标违法案件和185件广告违法案件: the cases a count names right after its measure word.
OBJECT_AFTER = re.compile(r"[^,;:。、\d]{1,12}?案件?")


def _object_follows(q: Quantity, layout: Layout) -> bool:
    """Whether the count is followed by the cases it counts (185件广告违法案件): its own phrase is
    after it, so a field named before it (the list's previous item) is not its field."""
    return q.unit in ("件", "起", "宗") and OBJECT_AFTER.match(layout.masked, q.end) is not None


def _head_field(i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> str | None:
    """The field of the total a part breaks down (共收到价格类投诉244起,其中涉及防护用品175起: price),
    when that total has a field of its own other than its metric's home: the nearest earlier
    figure of the same metric in the sentence that is no part itself."""
    hit = hits[i]
    sentence = layout.sentence_index(hit.q.start)
    for j in range(i - 1, -1, -1):
        if layout.sentence_index(quantities[j].start) != sentence:
            return None
        head = hits.get(j)
        if head is None or head.spec.code != hit.spec.code or BREAKDOWN_RULE.search(head.rule_id):
            continue
        return head.domain if head.domain not in ("all", hit.spec.home_domain, hit.spec.breakdown_domain) else None
    return None


# A category of a breakdown: X类 (not 各类, all kinds).
CATEGORY = re.compile(r"(?<!各)类")
POINTING_BACK = re.compile(r"\s*(?:其中|相关|上述|以上|这些)")  # used with .match(text, pos)


def _pointed_back_total(i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> Hit | None:
    """The figure a sentence opening with 其中/相关/上述 points back at (the first figure of the
    sentence before, of the same family if it has one), when the sentence names no field and no
    total over fields up to the number."""
    head = total_pointed_back(i, quantities, hits, layout, POINTING_BACK)
    if head is None:
        return None
    q = quantities[i]
    sentence = layout.sentences[layout.sentence_index(q.start)]
    if fields_between(sentence.start, layout.clauses[layout.clause_index(q.start)].end, hits[i].spec, layout, lex):
        return None
    if lex.domain_aggregate.search(layout.masked, sentence.start, q.start):
        return None
    return hits[head]


def previous_quantity_end(i: int, quantities: list[Quantity], layout: Layout) -> int:
    """Where quantity i's own phrase begins: the end of the number before it in its clause, or the
    clause's start."""
    clause = layout.clauses[layout.clause_index(quantities[i].start)]
    if i > 0 and quantities[i - 1].end > clause.start:
        return quantities[i - 1].end
    return clause.start


def domain_of(
    spec: MetricSpec,
    pos: int,
    window_start: int,
    layout: Layout,
    lex: Lexicon,
    clause_only: bool = False,
    scope: str | None = None,
    numbers: list[int] | None = None,
    number_first: bool = False,
    home: str | None = None,
) -> tuple[str, bool]:
    """The field the text names for the number at `pos`, and whether it was inferred from a lead
    or heading. The order of METRICS.md: (1) the number's own phrase (from the number before it
    in its clause, or the clause start, to the number; then the rest of its clause), (2) the
    earlier clauses of its sentence, (3) the topic sentence just before it (one with no number
    of its own: 深入推进广告监管执法。今年以来已结案37件), the lead of its sub-item or its section
    heading, when that names exactly one field. A field named in an earlier sentence about
    another matter (one that carries figures of its own) does not carry over; a
    total marked as such (各类, 全系统…) takes none from outside its own phrase. Then (4) the one
    field the whole page names (its opening, or its title and opening), for a metric of no field
    by definition; then a generic word of its sentence (不合格产品 → quality). Else the metric's home
    field, or `all`. `scope` (a rule's
    own domain_scope) overrides the metric's: `clause` stops after (1), `sentence` after (2)."""
    scope = scope or spec.domain_scope
    home = home or spec.home_domain or "all"
    clause = layout.clauses[layout.clause_index(pos)]
    # (1) The number's own phrase, then the rest of its clause (12家企业列入严重违法失信名单), but
    # not an "of which" note (153件(其中原工商局61件…) names parts, not the total's field).
    before = (window_start, pos)
    after_end = layout.first_note_start(pos, clause.end)
    # …and not past the next item of a list: what follows the 、 is the next item's phrase
    # (行政处罚1217件、行政强制402件、无行政事业性收费: 收费 is not the field of the 1217).
    item_end = layout.masked.find("、", pos, after_end)
    after = (pos, item_end if item_end >= 0 else after_end)
    if number_first:  # its own phrase follows it: 1964批次的食品安全抽检信息
        found = _first_domain_after(*after, spec, layout, lex) or _nearest_domain(*before, spec, layout, lex)
    else:
        found = _nearest_domain(*before, spec, layout, lex) or _first_domain_after(*after, spec, layout, lex)
    if found:
        return found, False
    found = _product(before[0], after[1], spec, layout, lex)
    if found:
        return found, False  # 查处电动自行车产品违法违规行为373起: the product named in its own phrase
    if clause_only or lex.domain_aggregate.search(layout.masked, window_start, clause.end):
        # 各类许可事项2300件, 全系统共查处案件: a total over fields takes no field from elsewhere.
        return home, False
    # (2) The clause or sentence that carries it.
    s_index = layout.sentence_index(pos)
    sentence = layout.sentences[s_index]
    lo = clause.start if scope == "clause" else sentence.start
    for m in lex.new_matter.finditer(layout.masked, lo, window_start):
        lo = m.end()  # ……;又推行柔性执法: the sentence's earlier part is about another matter
    if lo < clause.start and layout.masked[lo : clause.start].rstrip().endswith(";") and lex.new_subject.match(layout.masked, clause.start):
        lo = clause.start  # ……违法广告489件;全省工商机关共查处…: a part on a subject of its own
    totals = list(lex.domain_aggregate_sentence.finditer(layout.masked, lo, window_start))
    if totals:
        # …全系统共查处违法案件1410件,罚款1210万元: a field named before the total's marker is not this number's.
        lo = totals[-1].end()
    cues = _cues(lo, window_start, spec, layout, lex) if window_start > lo else []
    found = _nearest_of(cues, layout, lex)
    if found and _counted_items_of_fields(cues, lex, layout):
        return "all", False
    if found:
        return found, False
    if scope in ("clause", "sentence") or totals:
        return _weak(lo, clause.end, spec, layout, lex) or home, False
    # (3) The topic sentence before it, the lead of its sub-item ((二)网络交易执法。/ 一是…) or its
    # heading, naming one field. `numbers` are the starts of all quantities of the text.
    for seg in _topic_sentence(s_index, layout, numbers):
        # It describes the work the figures after it count: its field. A topic sentence naming
        # several fields (推进公平竞争审查,强化反垄断执法,加强知识产权保护。) names none of them.
        found = _nearest_domain(seg.start, seg.end, spec, layout, lex)
        if found and found in lex.domains and lex.domains[found].kind:
            return found, True  # 食品、医疗广告治理…: the advertising work of several fields
        if len(fields_between(seg.start, seg.end, spec, layout, lex)) > 1:
            return _weak(lo, clause.end, spec, layout, lex) or home, False
        if found:
            return found, True
    for seg in layout.lead_segments(s_index):
        fields = fields_between(seg.start, seg.end, spec, layout, lex)
        if len(fields) == 1:
            return next(iter(fields)), True
        if fields:
            break  # a lead over several fields names none of them for the figures under it
        found = _product(seg.start, seg.end, spec, layout, lex)
        if found:
            return found, True  # 二、靶向监管,净化电动自行车市场环境: a product's field
    programme = _programme_field(spec, layout, lex)
    if programme:
        return programme, True
    # (4) The page's own field: news of a food sampling round, of a campaign against counterfeits;
    # on such a page 不合格产品 are that field's products.
    page = _page_field(spec, layout, lex) if home == "all" else None
    if page:
        return page, True
    weak = _weak(lo, clause.end, spec, layout, lex)
    return (weak, False) if weak else (home, False)


def _programme_field(spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The field of the sampling programme the text names (食品安全监督抽检信息公告), when all the
    programmes it names are of one field, for a sampling figure that names none."""
    if spec.code not in lex.programme_metrics:
        return None
    key = ("programme",)
    if key not in layout.memo:
        fields = set()
        for m in lex.sampling_programme.finditer(layout.masked):
            fields |= fields_between(m.start(), m.end(), spec, layout, lex)
        layout.memo[key] = next(iter(fields)) if len(fields) == 1 else None
    return layout.memo[key]  # type: ignore[return-value]


# A page that names one field and no other, this many times, is about that field…
PAGE_FIELD_MIN_CUES = 2
# …or names it at least this many times as often as all the others together (a page on drug
# enforcement that mentions 产品质量 once).
PAGE_FIELD_DOMINANCE = 8
# …read in its opening this long (a long report over many fields has none; reading it all would
# cost a scan of every report for nothing).
PAGE_FIELD_CHARS = 2000


# A first line no longer than this is the page's title (医疗器械“五整治”专项行动取得阶段性成果).
TITLE_MAX_CHARS = 60


def _title_fields(layout: Layout, lex: Lexicon) -> set[str]:
    """The fields the text's first line names, when it is short enough to be its title."""
    end = layout.masked.find("\n")
    end = len(layout.masked) if end < 0 else end
    if end > TITLE_MAX_CHARS:
        return set()
    return {lex.cue_domain[m.group()] for m in lex.domain_cues.finditer(layout.masked, 0, end)} - {"all"}


def _page_field(spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The one field the text's opening names (at least PAGE_FIELD_MIN_CUES times, and any other
    field PAGE_FIELD_DOMINANCE times less often), for a figure that names none in its phrase,
    sentence, lead or heading: a page on a food sampling round is about food throughout. A report
    over many fields has none; nor has a 12315 page (consumer names the channel of its
    complaints, not the field of its cases)."""
    key = ("page_field",)
    if key not in layout.memo:
        counts: dict[str, int] = {}
        for m in lex.domain_cues.finditer(layout.masked, 0, PAGE_FIELD_CHARS):
            code = lex.cue_domain[m.group()]
            if code != "all":
                counts[code] = counts.get(code, 0) + 1
        only, times = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
        others = sum(counts.values()) - times
        if others * PAGE_FIELD_DOMINANCE > times:
            only = None  # a report over many fields…
            title = _title_fields(layout, lex)
            if len(title) == 1 and counts.get(next(iter(title)), 0) >= PAGE_FIELD_MIN_CUES:
                # …unless its title names one field that the opening names again (医疗器械专项行动
                # 取得阶段性成果, then 查处违法广告156起 among the campaign's results).
                only = next(iter(title))
        # 12315 names a channel of complaints, not the field of the bureau's cases.
        layout.memo[key] = only if only != "consumer" and times >= PAGE_FIELD_MIN_CUES else None
    field = layout.memo[key]
    return field if field and lex.domains[field].applies_to(spec.code) else None  # type: ignore[index]


def _weak(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The field of a generic word in the number's sentence, up to its clause's end (不合格产品 →
    quality), when nothing else named one."""
    return _first_weak_field(lex.weak_cues, lo, hi, spec, layout, lex)


def _product(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The field of a product (电动自行车 → quality) named between lo and hi."""
    return _first_weak_field(lex.product_cues, lo, hi, spec, layout, lex)


def _first_weak_field(cues: re.Pattern[str], lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The field of the first of `cues` (weak cues or products) between lo and hi that applies to
    the metric, for a metric of no field by definition."""
    if spec.home_domain not in (None, "all"):
        return None  # a metric of one field by definition (complaints) keeps it: a product is no field
    for m in cues.finditer(layout.masked, lo, hi):
        code = lex.weak_cue_domain[m.group()]
        if code != "all" and lex.domains[code].applies_to(spec.code):
            return code
    return None


def _topic_sentence(s_index: int, layout: Layout, numbers: list[int] | None) -> list[Segment]:
    """The sentence before `s_index` in its paragraph when it states a topic (no number of its own)."""
    p = layout.sentence_paragraph[s_index]
    if numbers is None or s_index == 0 or layout.sentence_paragraph[s_index - 1] != p:
        return []
    prev = layout.sentences[s_index - 1]
    return [] if bisect_left(numbers, prev.end) > bisect_left(numbers, prev.start) else [prev]


def _cues(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> list[re.Match[str]]:
    """The field cues between lo and hi whose field applies to the metric, in text order."""
    return [
        m
        for m in lex.domain_cues.finditer(layout.masked, lo, hi)
        if lex.domains[lex.cue_domain[m.group()]].applies_to(spec.code)
    ]


def fields_between(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> set[str]:
    return {lex.cue_domain[m.group()] for m in _cues(lo, hi, spec, layout, lex)}


def _first_domain_after(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    """The field named first after the number in its clause (1964批次的食品安全抽检信息、105批次…
    产品质量监督抽查信息: 1964 is food), or `all` for a list of fields there."""
    first = next(
        (m for m in lex.domain_cues.finditer(layout.masked, lo, hi) if lex.domains[lex.cue_domain[m.group()]].applies_to(spec.code)),
        None,
    )
    if first is None:
        return None
    # The run of fields that starts with it (食品、药品许可: all).
    return _nearest_domain(lo, _run_end(first, hi, spec, layout, lex), spec, layout, lex)


def _run_end(first: re.Match[str], hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> int:
    end = first.end()
    for m in lex.domain_cues.finditer(layout.masked, first.end(), hi):
        if not lex.domains[lex.cue_domain[m.group()]].applies_to(spec.code):
            continue
        if not FIELD_LINK.match(layout.masked[end : m.start()]):
            break
        end = m.end()
    return end


def _listed_after(prev: re.Match[str], cue: re.Match[str], layout: Layout) -> bool:
    """Whether `cue` is the next item of a list after `prev` (a separator between them)."""
    between = layout.masked[prev.end() : cue.start()]
    return bool(FIELD_LINK.match(between)) and any(sep in between for sep in "、和及与")


def _nearest_domain(lo: int, hi: int, spec: MetricSpec, layout: Layout, lex: Lexicon) -> str | None:
    return _nearest_of(_cues(lo, hi, spec, layout, lex), layout, lex) if hi > lo else None


def _nearest_of(cues: list[re.Match[str]], layout: Layout, lex: Lexicon) -> str | None:
    """The field the last of `cues` names (see _nearest_domain), or `all` for a list of fields."""
    if len(cues) > 1 and layout.in_inclusion_note(cues[-1].start()):
        # 抽检食品(含农产品和食品相关产品)1509批次: what a 含 note includes is the field named before it.
        cues = [m for m in cues if not layout.in_inclusion_note(m.start())] or cues
    if not cues:
        return None
    last = cues[-1]
    if lex.domains[lex.cue_domain[last.group()]].kind and not (
        len(cues) > 1 and _listed_after(cues[-2], last, layout)
    ):
        # 食品、保健食品广告案件: advertising cases; but in 产品质量问题、食品过期、虚假广告等各类案件
        # the advertising is one more item of the list.
        return lex.cue_domain[last.group()]
    # Several fields listed together (食品、药品、特种设备…许可2851个): the number is all of them.
    # The list is the run of fields that ends with the last one, each joined to the next by a
    # separator (not every field of the clause: 12315平台和12358价格监管平台…价格投诉 is price).
    fields = {lex.cue_domain[last.group()]}
    for prev, cur in zip(reversed(cues[:-1]), reversed(cues)):
        if not FIELD_LINK.match(layout.masked[prev.end() : cur.start()]):
            break
        fields.add(lex.cue_domain[prev.group()])
    if len(fields) > 1:
        return "all"
    return lex.cue_domain[last.group()]


# 检查特种设备使用单位56家(其中…)、餐饮服务单位912家,发现问题隐患203个: the items of one list, each
# counted, name several fields; what the sentence found after them is over all of them.
COUNTED_ITEM_LINK = re.compile(r"[^;。]*\d+[^\d,;。、()]{0,3}\)?(?:\([^()]*\))?、[^,;。、\d()]{0,8}")


def _counted_items_of_fields(cues: list[re.Match[str]], lex: Lexicon, layout: Layout) -> bool:
    """Whether the last of `cues` closes a list whose item before it, counted (a number, maybe a
    bracket, then 、), is of another field."""
    if len(cues) < 2:
        return False
    last = cues[-1]
    field = lex.cue_domain[last.group()]
    prev = next((m for m in reversed(cues[:-1]) if lex.cue_domain[m.group()] != field), None)
    return prev is not None and COUNTED_ITEM_LINK.fullmatch(layout.masked, prev.end(), last.start()) is not None

