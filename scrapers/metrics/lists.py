"""Stage 2b: numbers that take their metric from a neighbour: restatements, lists (分别), items joined by field names, 其中 parts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from scrapers.metrics.conditions import conditions_hold
from scrapers.metrics.domain import fields_between, previous_quantity_end
from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import Lexicon, MetricSpec, Rule, is_comparison_base
from scrapers.metrics.numbers import Quantity

if TYPE_CHECKING:
    from scrapers.metrics.tables import Cell

LIST_SEPARATOR = re.compile(r"^\s*[、和及与]\s*$")
FIELD_LIST_SEPARATORS = re.compile(r"[、和及与\s]")
ITEM_SEPARATORS = re.compile(r"[、和及与\s,;]")
# What joins two items of a list without 分别: a separator first (…1,350批次、医疗器械210批次).
FIELD_ITEM_LINK = re.compile(r"^\s*[、和及与]")
FIELD_CLAUSE_LINK = re.compile(r"^\s*[,;]")
SUBJECT_SEPARATORS = re.compile(r"[和、及与]")
# A share or change between two items (,占比28.07%; / ,同比上升1.25%): not part of the link.
# (,在商品类投诉中占比为18.1%: what the share is of may come first)
SHARE_CLAUSE = re.compile(r"[,;]\s*(?:[^,;。\d%]{0,10}?(?:中|内))?(?:占比|占|同比|较上年|比上年|[^,;。\d]{0,6}?率)[^,;。]{0,12}?%")
# What may stand between two items of a breakdown: a separator, then the item's own short label
# ((2)食品, 咨询, 2020年), never a sentence of its own.
LIST_ITEM_LINK = re.compile(r"^[^,;。:]{0,3}[、,;和及与]?[^,;。:]{0,16}$|^[^。]{0,4}[,;][^,;。:]{0,16}$")


def extend_restatements(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """突破800万户,达到812.47万户: a clause that only says 达到N restates the number before it."""
    for i in range(1, len(quantities)):
        if i in hits or (i - 1) not in hits:
            continue
        q, p = quantities[i], quantities[i - 1]
        c = layout.clause_index(q.start)
        if layout.clause_index(p.start) != c - 1 or layout.clause_sentence[c - 1] != layout.clause_sentence[c]:
            continue
        head = hits[i - 1]
        words = layout.folded[layout.clauses[c].start : q.start]
        if lex.restatement.fullmatch(words) and head.spec.accepts(q.kind, q.unit):
            spec, rule_id = head.spec, head.rule_id + "+restated"
            if not spec.stock and ("总量" in words or "总数" in words):
                # 新登记商事主体45.6万户,总量达324.8万户: the total is the stock, not the flow.
                stock = next(
                    (m for m in lex.metrics.values() if m.family == spec.family and m.stock and m.accepts(q.kind, q.unit)),
                    None,
                )
                if stock is None:
                    continue
                spec, rule_id = stock, head.rule_id + "+total"
            hits[i] = Hit(q=q, spec=spec, rule_id=rule_id, confidence=head.confidence, gap=head.gap)


def extend_parts(
    quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon, cells: dict[int, Cell]
) -> None:
    """…不予处罚,其中价格领域24件: a 其中 clause with no trigger of its own that names a field
    counts that field's part of the number just before it (in an earlier clause of the sentence)
    and takes its metric."""
    for i in range(1, len(quantities)):
        if i in hits or quantities[i].start in cells:
            continue
        q = quantities[i]
        c = layout.clause_index(q.start)
        s_q = layout.clause_sentence[c]
        head_index = _part_head(i, c, s_q, quantities, hits, layout)
        if head_index is None:
            continue
        words = layout.masked[layout.clauses[c].start : q.start]
        if layout.clause_index(quantities[head_index].start) == c:
            # The next item of a list of parts: its own words, after the 、.
            words = "其中" + layout.masked[quantities[head_index].end : q.start].lstrip(" 、(").removeprefix("其中").lstrip(":")
        elif c > 0 and layout.masked[layout.clauses[c - 1].start : layout.clauses[c - 1].end].strip().endswith("其中"):
            # 其中,企业5673.7万户 / 共立案6起(其中:药品5起: the 其中 ends the clause before
            words = "其中" + words
        if not lex.part_clause.match(words) or lex.part_after_excludes.search(layout.masked, q.end, layout.clauses[c].end):
            continue
        head = hits[head_index]
        if q.kind == "yuan" and _excluded_by_head_rule(head, layout.masked[layout.clauses[c].start : q.start]):
            # 实行经济制裁67.35万元,其中退还消费者67万元: money the head's rule excludes (refunds,
            # waivers) is no part of it. (A count's part may name what its head excludes: 其中行政
            # 规范性文件4件 is part of the documents reviewed.)
            continue
        if layout.masked[head.q.end : q.start].lstrip().startswith("("):
            # A bracket right after the total that lists its parts (案件19723件(药品13751件、医疗器械
            # 3287件)) counts them, in the same measure word; not last year's figure (上一年仅198件),
            # not an outcome (退单及不受理7462件), not a note on the source (三个主城区分局数据), not a
            # single remark (96件(其中原食药监局40件)).
            close = layout.masked.find(")", head.q.end)
            listed = len(_FIGURE.findall(layout.masked, head.q.end, close if close >= 0 else layout.clauses[c].end)) >= 2
            if listed and _same_measure(q.unit, head.q.unit) and not lex.part_outcome.search(words) and not _EARLIER_YEAR.search(words):
                hits[i] = _part_of(head, q)
            continue
        # A part by field (其中价格领域24件), or by anything else counted with the same measure word
        # (其中2019年4件); 其中维持41件 / 其中一审胜诉4件 are outcomes, not parts.
        if head.spec.accepts(q.kind, q.unit) and (
            fields_between(layout.clauses[c].start, q.start, head.spec, layout, lex)
            or (_same_measure(q.unit, head.q.unit) and not lex.part_outcome.search(words))
        ):
            hits[i] = _part_of(head, q)


def _same_measure(a: str, b: str) -> bool:
    """Whether two measure words count alike: 1172个批次, 其中…587批次."""
    return a == b or (a.startswith("个") and a[1:] == b) or (b.startswith("个") and b[1:] == a)


def _part_of(head: Hit, q: Quantity) -> Hit:
    """q as a part of the number `head` counted: its metric, a little less certain."""
    part_id = head.rule_id if head.rule_id.endswith("+part") else head.rule_id + "+part"
    return Hit(q=q, spec=head.spec, rule_id=part_id, confidence=round(head.confidence * 0.9, 3), gap="")


_EARLIER_YEAR = re.compile(r"上一?年|去年|同期|前年")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _excluded_by_head_rule(head: Hit, words: str) -> bool:
    """Whether the words before a part hold what the rule that counted its head excludes."""
    rule_id = head.rule_id.split("+")[0]
    rule = next((r for r in head.spec.rules if r.id == rule_id), None)
    return rule is not None and any(p.search(words) for p in rule.clause_excludes)


def extend_accepted(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """新收行政复议申请188件,受理109件: a clause of nothing but 受理 and its number, after a count
    of requests (复议, 诉讼, 依申请公开) earlier in the sentence, counts the accepted ones."""
    if not any(hit.spec.code in lex.intake_metrics for hit in hits.values()):
        return  # no count of requests to continue
    for i in range(1, len(quantities)):
        if i in hits:
            continue
        q = quantities[i]
        c = layout.clause_index(q.start)
        if not lex.bare_intake.match(layout.masked, layout.clauses[c].start, q.start):
            continue
        j = _latest_in_sentence(i, quantities, hits, layout, lambda hit: True)
        if j is None:
            continue
        head = hits[j]
        if head.spec.code in lex.intake_metrics and head.spec.accepts(q.kind, q.unit):
            hits[i] = Hit(q=q, spec=head.spec, rule_id=head.rule_id.split("+")[0] + "+accepted", confidence=round(head.confidence * 0.9, 3), gap="")


def reassign_to_review_topic(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """…(一)行政复议情况…2.涉案业务领域。食品类案件25件: a bare count of cases in a paragraph whose
    latest topic word before it is a reconsideration (or a lawsuit) counts those, not enforcement cases."""
    if not lex.review_topic.search(layout.masked):
        return  # (most reports: no reconsideration or suit named anywhere)
    for i, hit in list(hits.items()):
        rule = hit.rule_id.split("+")[0]
        q = hit.q
        if rule not in lex.review_topic_rules and not (
            rule in lex.review_kind_rules and _is_kind_item(q, layout, lex)
        ):
            continue
        paragraph = layout.paragraphs[layout.paragraph_index(q.start)]
        topics = list(lex.review_topic.finditer(layout.masked, paragraph.start, q.start))
        if not topics:
            continue
        spec = lex.metrics[lex.review_topic_metric[topics[-1].group()]]
        if spec.accepts(q.kind, q.unit):
            hits[i] = Hit(q=q, spec=spec, rule_id=f"{spec.code}.under_topic", confidence=round(hit.confidence * 0.9, 3), gap=hit.gap)


def _is_kind_item(q: Quantity, layout: Layout, lex: Lexicon) -> bool:
    """Whether the number is an item by kind (…类12件, 涉及行政处罚2件): its clause's words before it."""
    clause = layout.clauses[layout.clause_index(q.start)]
    words = layout.masked[clause.start : q.start]
    return lex.review_kind_item.search(words) is not None


# What joins an item to the one before it in a list: a 、 and a few words naming the item (专利案件,
# 茶叶及相关制品), no number, clause mark or bracket.
NEXT_NAMED_ITEM = re.compile(r"^\s*、[^\d,;。:、()]{1,12}$")


def extend_item_verbs(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """办结商标案件396件、专利案件1789件: an item that only the generic rule counted (案件N件) takes
    the metric of the item before it in its clause, whose verb (办结) applies across the list."""
    for i in range(1, len(quantities)):
        hit, prev = hits.get(i), hits.get(i - 1)
        if hit is None or prev is None or hit.rule_id not in lex.part_takes_head_metric:
            continue
        if prev.spec.code == hit.spec.code or prev.q.unit != hit.q.unit or not prev.spec.accepts(hit.q.kind, hit.q.unit):
            continue
        if layout.clause_index(prev.q.start) != layout.clause_index(hit.q.start):
            continue
        link = layout.masked[prev.q.end : hit.q.start]
        if not NEXT_NAMED_ITEM.match(link):
            continue
        if prev.spec.triggers_any is not None and prev.spec.triggers_any.search(link):
            continue  # 、移送其他部门处理案件11起: the item says its verb again, and its own rules did not count it
        hits[i] = Hit(
            q=hit.q, spec=prev.spec, rule_id=prev.rule_id.split("+")[0] + "+item", confidence=round(prev.confidence * 0.9, 3),
            gap="", domain_scope=prev.domain_scope,
        )


def extend_part_heads(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """办结案件100件,其中食品案件20件,药品案件5件: figures after a 其中 that only a generic rule
    counted (案件N件) are parts of the total the 其中 breaks down and take its metric. The total
    has the same measure word and is no smaller than the part: the latest such figure before the
    其中 in its sentence; when the 其中 opens the sentence, the first of the sentence before
    (立案9,872件,结案9,515件。其中,一般程序案件6,204件: the 9,872), or its latest when that one is
    itself a 其中 part (…其中结案的食品案件284起。其中……案件4起: the 284). A list inside the
    breakdown that a rule of its own heads (其中,查处食品案件412件、药品案件97件) keeps that head."""
    generic = {i for i, hit in hits.items() if hit.rule_id in lex.part_takes_head_metric}
    counted = sorted(hits)  # the loop replaces hits, never adds or drops one
    for i in sorted(generic):
        hit = hits[i]
        q = hit.q
        s = layout.sentence_index(q.start)
        sentence = layout.sentences[s]
        at = layout.masked.find("其中", sentence.start, q.start)
        same_unit = [j for j in counted if j < i and quantities[j].unit == q.unit]
        if at < 0:
            # 办结各类违法违规案件612件(一般程序案344件,简易程序案268件): a bracket opened right
            # after a total breaks it down as a 其中 does.
            head_j = _bracketed_by(q.start, same_unit, quantities, layout)
            if head_j is None or head_j in generic or quantities[head_j].value < q.value:
                continue
        else:
            head_j = _broken_down_by(at, s, q, same_unit, generic, quantities, layout)
            if head_j is None:
                continue
        head = hits[head_j]
        if head.spec is hit.spec or head.spec.family != hit.spec.family or not head.spec.accepts(q.kind, q.unit):
            continue
        hits[i] = Hit(q=q, spec=head.spec, rule_id=head.rule_id + "+part", confidence=round(head.confidence * 0.9, 3), gap=hit.gap)


def _broken_down_by(
    at: int, s: int, q: Quantity, same_unit: list[int], generic: set[int], quantities: list[Quantity], layout: Layout
) -> int | None:
    """The total the 其中 at `at` (in sentence s) breaks down, for its part q: the latest figure no
    smaller than q before the 其中 in its sentence, or, when the 其中 opens the sentence, one of the
    sentence before in the same paragraph (its latest when that is itself a 其中 part, else its first)."""
    if any(at < quantities[j].start and j not in generic for j in same_unit):
        return None
    sentence = layout.sentences[s]
    totals = [j for j in same_unit if quantities[j].value >= q.value]
    before = [j for j in totals if sentence.start <= quantities[j].start < at]
    if before:
        return before[-1]
    if layout.masked[sentence.start : at].strip() or s == 0 or layout.sentence_paragraph[s - 1] != layout.sentence_paragraph[s]:
        return None
    prev = layout.sentences[s - 1]
    opening = [j for j in totals if prev.start <= quantities[j].start < prev.end]
    if not opening:
        return None
    nested = layout.masked.find("其中", prev.start, quantities[opening[-1]].start)
    return opening[-1] if nested >= 0 else opening[0]


def _bracketed_by(pos: int, candidates: list[int], quantities: list[Quantity], layout: Layout) -> int | None:
    """The quantity among `candidates` right after which the bracket still open at `pos` opened."""
    open_at = layout.masked.rfind("(", 0, pos)
    if open_at < 0 or ")" in layout.masked[open_at:pos]:
        return None
    for j in candidates:
        if quantities[j].end <= open_at and not layout.masked[quantities[j].end : open_at].strip():
            return j
    return None


def _part_head(i: int, c: int, s_q: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> int | None:
    """The number a 其中 part at quantity i (clause c, sentence s_q) breaks down: the counted number
    just before it in its sentence (shares and changes skipped), or, when the 其中 opens the
    sentence, the first counted number of the sentence before (…完成食品抽检1360批次,检出不合格
    样品93批次。其中普通食品1060批次: the 1360)."""
    j = i - 1
    while j >= 0 and quantities[j].kind == "percent" and j not in hits:
        j -= 1
    if j < 0 or j not in hits:
        return None
    pc = layout.clause_index(quantities[j].start)
    s_p = layout.clause_sentence[pc]
    between = layout.masked[quantities[j].end : quantities[i].start]
    if pc == c and hits[j].rule_id.endswith("+part") and "、" in between:
        return j  # 其中,行政规范性文件4件、其他政策性文件8件: the next item of a list of parts
    if pc == c and between.lstrip().startswith("(") and ")" not in between:
        return j  # 案件19723件(药品13751件、医疗器械3287件): parts in a bracket right after the total
    if pc >= c:
        return None
    if s_p == s_q:
        if quantities[i].kind == "count" and quantities[j].value < quantities[i].value:
            # A part is no larger than its whole: 快检8260批次,不合格31批次;其中蔬菜7912批次 breaks
            # down the 8260, not the 31.
            return next(
                (
                    k
                    for k in range(j - 1, -1, -1)
                    if k in hits
                    and layout.sentence_index(quantities[k].start) == s_q
                    and _same_measure(quantities[k].unit, quantities[i].unit)
                    and quantities[k].value >= quantities[i].value
                ),
                None,
            )
        return j
    if s_p == s_q - 1 and c in layout.sentence_clauses(s_q)[:2]:
        first = [k for k in range(j + 1) if k in hits and layout.sentence_index(quantities[k].start) == layout.sentence_index(quantities[j].start)]
        same_unit = [k for k in first if _same_measure(quantities[k].unit, quantities[i].unit)]
        return same_unit[0] if same_unit else None
    return None


def is_part_clause(c: int, quantities: list[Quantity], by_clause: dict[int, list[int]], layout: Layout, lex: Lexicon) -> bool:
    """Whether clause c counts a part (其中第一季度完成312批次): its words before its first number."""
    members = by_clause.get(c)
    if not members:
        return False
    return bool(lex.part_clause.match(layout.masked[layout.clauses[c].start : quantities[members[0]].start]))


def extend_lists(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """药品、医疗器械案件分别为46件、19件和6件: the numbers after the head take its metric."""
    for i in range(1, len(quantities)):
        if i in hits:
            continue
        prev = i - 1
        head = hits.get(prev)
        if head is None:
            continue
        head_index = head.list_head if head.list_head is not None else prev
        head_hit = hits[head_index]
        q, p = quantities[i], quantities[prev]
        head_clause = layout.clauses[layout.clause_index(head_hit.q.start)]
        if (
            "分别" in layout.folded[head_clause.start : head_hit.q.start]
            and layout.clause_index(q.start) == layout.clause_index(p.start)
            and LIST_SEPARATOR.match(layout.folded[p.end : q.start])
            and head_hit.spec.accepts(q.kind, q.unit)
        ):
            hits[i] = Hit(
                q=q,
                spec=head_hit.spec,
                rule_id=head_hit.rule_id + "+list",
                confidence=head_hit.confidence,
                gap=head_hit.gap,
                list_head=head_index,
            )


def extend_field_lists(
    quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon, cells: dict[int, Cell]
) -> None:
    """抽检药品1,350批次、医疗器械210批次、化妆品480批次: a number joined to the one before it
    (same clause) by a separator and nothing but field names is the next item of the same list,
    so it takes that number's metric (its own field comes from the names)."""
    for i in range(1, len(quantities)):
        if i in hits or (i - 1) not in hits or quantities[i].start in cells:
            continue
        q, p = quantities[i], quantities[i - 1]
        c, pc = layout.clause_index(q.start), layout.clause_index(p.start)
        link = layout.masked[p.end : q.start]
        if c == pc:
            if not FIELD_ITEM_LINK.match(link):
                continue
        elif not (c == pc + 1 and layout.clause_sentence[c] == layout.clause_sentence[pc] and FIELD_CLAUSE_LINK.match(link)):
            # 抽检食用农产品1批次;调味品10批次;酒类5批次: a clause that is nothing but the next
            # item's field name and its number continues the list of the clause before.
            continue
        names = ITEM_SEPARATORS.sub("", lex.domain_cues.sub("", link))
        head = hits[i - 1]
        if not head.spec.accepts(q.kind, q.unit):
            continue
        if (names or not lex.domain_cues.search(link)) and not _next_sampled_product(link, q, head):
            continue
        hits[i] = Hit(
            q=q, spec=head.spec, rule_id=head.rule_id + "+item", confidence=round(head.confidence * 0.9, 3),
            gap="", domain_scope=head.domain_scope,
        )


def _not_a_count(left: str, lex: Lexicon) -> bool:
    """A clause that opens on an average (日均登记企业1350.2户), a comparison's base or a difference
    (每天多登记近千户) does not continue a list of counts."""
    return bool(lex.average_words.search(left) or is_comparison_base(left) or lex.is_difference_before(left))


# 蛋制品50批次,合格50批次;乳制品49批次,合格49批次: a product's batches followed by those that passed
# are that product's sampled batches, whatever the clause before it counted (a failure, a pass).
_PASSED_NEXT = re.compile(r"\s*[,;]\s*(?:其中)?(?:检验)?合格(?:样品|产品|食品)?(?:共)?\s*\d")
_BATCHES_THEN_PASSED = re.compile(r"批次?" + _PASSED_NEXT.pattern)
# A product's name alone: no number and none of the words of a count of its own.
_DIGIT_OR_VERB = re.compile(r"\d|合格|符合|抽|检|共|计|问题|不")


def extend_sampled_items(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """Items of a sampling breakdown (product, batches, then the passed batches), in a sentence
    after or holding a count of sampled batches."""
    if _BATCHES_THEN_PASSED.search(layout.folded) is None:
        return  # no breakdown of this shape: most texts (the walk below is over every number)
    head: Hit | None = None
    for i, q in enumerate(quantities):
        hit = hits.get(i)
        if hit is not None:
            if hit.spec.code == "sampling_batches":
                head = hit
            continue
        if head is None or q.unit != head.q.unit or not _PASSED_NEXT.match(layout.folded, q.end):
            continue
        if layout.sentence_index(q.start) - layout.sentence_index(head.q.start) > 1:
            continue
        clause = layout.clauses[layout.clause_index(q.start)]
        name = layout.folded[clause.start : q.start]
        if not name.strip() or _DIGIT_OR_VERB.search(name):
            continue
        hits[i] = Hit(
            q=q, spec=head.spec, rule_id=head.rule_id + "+sampled_item", confidence=round(head.confidence * 0.9, 3), gap=""
        )


# 抽检糖果制品2批次、茶叶及相关制品7批次、酒类11批次: in a list of sampled batches every item is a
# product's name and its batches, whatever the product (only a pass or fail word ends the list).
_PASS_OR_FAIL = re.compile(r"合格|符合|问题")


def _next_sampled_product(link: str, q: Quantity, head: Hit) -> bool:
    return (
        head.spec.code == "sampling_batches"
        and q.unit == head.q.unit
        and NEXT_NAMED_ITEM.match(link) is not None
        and _PASS_OR_FAIL.search(link) is None
    )


# A sampling notice's own breakdown, a paragraph of its own (一、总体情况 / 具体情况如下:): 饼干1批次、
# 茶叶及相关制品1批次… or 饼干3批次,全部合格;茶叶及相关制品9批次,全部合格;… Between two items only a
# separator, a pass word, and the next product's name.
_KIND_ITEM_LINK = re.compile(r"^[,;、。\s]*(?:(?:全部|均)(?:检验)?合格[,;、。\s]*)?([^\d,;。:()\s]{1,20})$")
# What announces the breakdown after the total: 具体情况如下 / a heading such as 一、总体情况.
_BREAKDOWN_NOTICE = re.compile(r"如下|情况")


def extend_sampled_kinds(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """A paragraph that lists products and their batches (饼干1批次、茶叶及相关制品1批次…) right after
    a count of sampled batches, with only headings between and a 具体情况如下 or a 总体情况 heading
    announcing it, breaks that count down: each product's batches are sampled batches."""
    if not any(hit.spec.code == "sampling_batches" for hit in hits.values()):
        return  # no count of sampled batches to break down
    head: Hit | None = None
    i = 0
    while i < len(quantities):
        q = quantities[i]
        hit = hits.get(i)
        if hit is not None:
            if hit.spec.code == "sampling_batches":
                head = hit
            i += 1
            continue
        if head is None or not _batches(q.unit, head.q.unit) or not _opens_kind_list(q, head, layout):
            i += 1
            continue
        # The list: this item and the next ones joined to it; a failure part of an item (餐饮食品21批次,
        # 其中1批次不合格) is counted already and stands between two items.
        paragraph = layout.paragraph_index(q.start)
        prev_end = layout.paragraphs[paragraph].start
        j = i
        while j < len(quantities) and layout.paragraph_index(quantities[j].start) == paragraph:
            item = quantities[j]
            if j in hits:
                if hits[j].spec.code != "sampling_failed":
                    break
                prev_end = item.end + 3 if layout.masked.startswith("不合格", item.end) else item.end
                j += 1
                continue
            m = _KIND_ITEM_LINK.match(layout.masked[prev_end : item.start])
            if m is None or _DIGIT_OR_VERB.search(m.group(1)) or not _batches(item.unit, head.q.unit):
                break
            hits[j] = Hit(
                q=item, spec=head.spec, rule_id=head.rule_id.split("+")[0] + "+kind_item",
                confidence=round(head.confidence * 0.9, 3), gap="",
            )
            prev_end = item.end
            j += 1
        i = j if j > i else i + 1


def _batches(a: str, b: str) -> bool:
    """Whether two measure words count alike in a sampling notice (共抽检28批次, then 糕点1批)."""
    return _same_measure(a, b) or {a.removeprefix("个"), b.removeprefix("个")} == {"批", "批次"}


def _opens_kind_list(q: Quantity, head: Hit, layout: Layout) -> bool:
    """Whether q opens a paragraph of products' batches announced after the sampling count `head`."""
    p = layout.paragraph_index(q.start)
    paragraph = layout.paragraphs[p]
    if not _KIND_ITEM_LINK.match(layout.masked[paragraph.start : q.start]):
        return False
    h = layout.paragraph_index(head.q.start)
    if not 0 < p - h <= 3 or not all(layout.is_heading[k] for k in range(h + 1, p)):
        return False
    return _BREAKDOWN_NOTICE.search(layout.masked, head.q.end, paragraph.start) is not None


def name_list_members(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """立案数、结案数分别为210件、198件: when the words before 分别 name one metric per number,
    each number takes its own (the head's trigger is only the last of them)."""
    members: dict[int, list[int]] = {}
    for i, hit in hits.items():
        if hit.list_head is not None:
            members.setdefault(hit.list_head, [hit.list_head]).append(i)
    for head, group in members.items():
        group.sort()
        clause = layout.clauses[layout.clause_index(quantities[head].start)]
        subject = layout.masked[clause.start : quantities[head].start].split("分别")[0]
        parts = [part for part in SUBJECT_SEPARATORS.split(subject) if part.strip()]
        if len(parts) != len(group):
            continue
        named = [_metric_named(part, quantities[i], lex) for part, i in zip(parts, group)]
        if all(named) and len({spec.code for spec, _ in named}) > 1:
            for i, (spec, rule) in zip(group, named):
                hits[i].spec, hits[i].rule_id = spec, rule.id + "+named"


def _metric_named(words: str, q: Quantity, lex: Lexicon) -> tuple[MetricSpec, Rule] | None:
    """The metric whose trigger words (a `before` pattern) occur in `words`, highest priority. A
    rule that also needs a frame after its number (对…不予处罚) is not named by its trigger alone."""
    best: tuple[MetricSpec, Rule] | None = None
    for spec in lex.accepting(q.kind, q.unit):
        if spec.triggers_any is not None and not spec.triggers_any.search(words):
            continue  # none of this metric's trigger words
        for rule in spec.rules:
            if rule.after:
                continue
            if (best is None or rule.priority > best[1].priority) and any(p.search(words) for p in rule.before):
                best = (spec, rule)
    return best


def extend_breakdowns(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """A list that breaks a count down, item by item, with no trigger word of its own:
    其中2019年4件、2020年5件、2021年15件 / 其中投诉7836件、举报1415件、咨询24234件 / 投诉较多的
    前五类依次为:(1)服装鞋帽11081件,占比28.07%;(2)食品9456件. The list is opened by a part clause
    (其中…), a 分别/依次为 head, or a clause ending in 依次为:/如下: that names the metric; each item
    after it in the sentence, counted with the head's measure word, takes its metric. Shares and
    changes (占比28.07%, 同比上升1.25%) are skipped; an item with another metric's trigger, an
    outcome word (维持, 撤销) or another measure word ends the list."""
    by_sentence: dict[int, list[int]] = {}
    for i, q in enumerate(quantities):
        by_sentence.setdefault(layout.sentence_index(q.start), []).append(i)
    for s_index, members in by_sentence.items():
        if len(members) < 2:
            continue  # a list has items
        sentence = layout.sentences[s_index]
        if not any(i in hits for i in members) and not lex.list_colon_opener.search(
            layout.masked, sentence.start, sentence.end
        ):
            continue  # no head and no opener: no list of a metric
        head: Hit | None = None
        prev_end: int | None = None
        for i in members:
            q = quantities[i]
            if q.kind == "percent":
                continue
            hit = hits.get(i)
            if head is None:
                if hit is not None:
                    head = hit if _opens_list(hit, q, layout, lex) else None
                else:
                    opener = _opening_clause(i, quantities, layout, lex)
                    if opener is not None:
                        head = hits[i] = Hit(q=q, spec=opener[0], rule_id=opener[1].id + "+item", confidence=0.7, gap="")
                    else:
                        total = _total_before_opener(i, quantities, hits, layout, lex) or _total_before_bracketed_items(
                            i, quantities, hits, layout, lex
                        )
                        if total is not None:
                            head = hits[i] = Hit(
                                q=q, spec=total.spec, rule_id=total.rule_id.split("+")[0] + "+item", confidence=0.7, gap=""
                            )
                prev_end = q.end
                continue
            start = prev_end if prev_end is not None else layout.clauses[layout.clause_index(q.start)].start
            words = _after_kinds_opener(SHARE_CLAUSE.sub("", layout.masked[start : q.start]), head, q, lex)
            prev_end = q.end
            if hit is not None:
                if hit.spec is not head.spec:
                    # 其中普通食品1060批次,不合格86批次,不合格率8.11%;食用农产品300批次: a record of
                    # several figures per item; the list of the head's metric goes on after it.
                    if not (LIST_ITEM_LINK.match(words) and len(words) <= 12):
                        head = hit if _opens_list(hit, q, layout, lex) else None
                elif _opens_list(hit, q, layout, lex):
                    head = hit
                elif LIST_ITEM_LINK.match(words):
                    hit.rule_id += "+item"  # 其他投诉问题(2066件): an item of the list, with a trigger of its own
            elif (
                head.spec.accepts(q.kind, q.unit)
                and q.unit == head.q.unit
                and LIST_ITEM_LINK.match(words)
                and not lex.part_outcome.search(words)
                and not _not_a_count(words, lex)
                and _metric_named(words, q, lex) is None
                # (没收589.1万元,罚款409.73万元,退还消费者242.196万元: what the head's rule excludes)
                and not (q.kind == "yuan" and _excluded_by_head_rule(head, words))
            ):
                hits[i] = Hit(q=q, spec=head.spec, rule_id=head.rule_id.split("+")[0] + "+item", confidence=round(head.confidence * 0.9, 3), gap="")
            else:
                head = None


# 其中不合格样品13批次,涉及不合格食品类别有炒货食品及坚果制品1批次,水产制品1批次: a clause that says
# what the items are kinds of, then the first item.
_KINDS_OPENER = re.compile(r"(?:类别|种类|品种|类型)(?:有|为|是|包括)\s*:?")


def _after_kinds_opener(words: str, head: Hit, q: Quantity, lex: Lexicon) -> str:
    """The link between two items without a kinds opener that names nothing but the head's metric:
    its separator and the first item's label."""
    openers = list(_KINDS_OPENER.finditer(words))
    m = openers[-1] if openers else None  # the last one: the first item's label follows it
    if m is None or words[:1] not in (",", ";"):
        return words
    named = _metric_named(words[: m.start()], q, lex)
    if named is not None and named[0] is not head.spec:
        return words
    return words[:1] + words[m.end() :]


# 涉及一般食品类430件,占商品类投诉量的23.68%: a count whose share of a named total follows it counts
# what that total counts.
SHARE_OF_NAMED_TOTAL = re.compile(r"\s*[,;]\s*(?:约)?占([^,;。\d%]{1,12}?)(?:总量|总数|量|数)(?:的)?(?:比例|比重)?(?:为|达)?\s*\d")


def extend_shares_of_named_totals(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """A count with no trigger of its own, followed by its share of a total that names a metric
    (占商品类投诉量的23.68%, 占举报总量的64.47%), counts that metric."""
    if "占" not in layout.masked:
        return
    for i, q in enumerate(quantities):
        if i in hits or q.kind != "count" or "占" not in layout.masked[q.end : q.end + 4]:
            continue
        m = SHARE_OF_NAMED_TOTAL.match(layout.masked, q.end)
        if m is None:
            continue
        named = _metric_named(m.group(1), q, lex)
        if named is None or named[0].family != "consumer" or named[1].sentence_requires:
            # (占案件总数的22.22%: cases of which kind, the total's own sentence says; 占受理总数的7.28%:
            # a bare verb names no metric)
            continue
        clause = layout.clauses[layout.clause_index(q.start)]
        label = layout.masked[clause.start : q.start]
        own = _metric_named(label, q, lex)
        if own is not None and own[0] is not named[0]:
            sentence = layout.sentences[layout.sentence_index(q.start)]
            if conditions_hold(own[1], label, sentence, layout, clause):
                continue  # the label names another metric (立案查处…件,占…)
        if _not_a_count(label, lex):
            continue
        hits[i] = Hit(q=q, spec=named[0], rule_id=named[1].id + "+share_of", confidence=0.7, gap="")


def _opens_list(hit: Hit, q: Quantity, layout: Layout, lex: Lexicon) -> bool:
    """Whether a mention opens a list: a 其中 part, or 其中/分别/依次为 before it in its clause (or a
    clause of its own: 其中,投诉71.73万件)."""
    c = layout.clause_index(q.start)
    return bool(
        hit.rule_id.endswith("+part")
        or lex.list_opener.search(layout.masked, layout.clauses[c].start, q.start)
        or (c > 0 and layout.masked[layout.clauses[c - 1].start : layout.clauses[c - 1].end].strip() == "其中")
        # 54189件消费者投诉中,涉及质量问题的投诉20309件…;售后服务问题9479件: the total restated, then its
        # parts; 按投诉性质划分:涉及质量问题的投诉9063件;售后服务问题3893件: a clause saying how it is broken down
        or (c > 0 and RESTATED_TOTAL.fullmatch(layout.masked, layout.sentences[layout.sentence_index(q.start)].start, layout.clauses[c].start) is not None)
        or (c > 0 and lex.by_kind_opener.fullmatch(layout.masked, layout.clauses[c - 1].start, layout.clauses[c].start) is not None)
    )


def _total_before_opener(i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> Hit | None:
    """受理商品类投诉共计687件,排名前三的分别是医疗器械类341件,一般食品类218件: a list opener
    (分别是, 依次为) that names no metric, right after a counted total with the same measure word in
    its sentence, lists parts of that total."""
    if i == 0 or (i - 1) not in hits:
        return None
    q, p = quantities[i], quantities[i - 1]
    if p.unit != q.unit or layout.sentence_index(p.start) != layout.sentence_index(q.start):
        return None
    words = layout.masked[p.end : q.start]
    if _list_opener(words, lex) is None or _metric_named(words, q, lex) is not None:
        return None
    total = hits[i - 1]
    return total if total.spec.accepts(q.kind, q.unit) else None


# An item counted in brackets after its label (质量问题(213.9万件)、售后服务(157.9万件)): the
# label opens its clause, and the next item has the same form.
BRACKETED_ITEM_LABEL = re.compile(r"[^\d,;。:()、]{1,16}\($")
NEXT_BRACKETED_ITEM = re.compile(r"\)[、,][^\d,;。:()、]{1,16}\(\d")


def _total_before_bracketed_items(
    i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon
) -> Hit | None:
    """共受理消费者投诉911万件,同比增长31.5%,质量问题(213.9万件)、售后服务(157.9万件)…: items counted
    in brackets, in the clause after a counted total with the same measure word (a change or share
    of the total may stand between), are parts of that total."""
    q = quantities[i]
    c = layout.clause_index(q.start)
    clause = layout.clauses[c]
    if not BRACKETED_ITEM_LABEL.fullmatch(layout.masked[clause.start : q.start]):
        return None
    if not NEXT_BRACKETED_ITEM.match(layout.masked, q.end):
        return None
    j = i - 1
    while j >= 0 and quantities[j].kind == "percent":
        j -= 1
    if j < 0 or j not in hits:
        return None
    p = quantities[j]
    if p.unit != q.unit or layout.sentence_index(p.start) != layout.sentence_index(q.start):
        return None
    between = SHARE_CLAUSE.sub("", layout.masked[p.end : clause.start])
    if between.strip() not in (",", ";"):
        return None
    total = hits[j]
    return total if total.spec.accepts(q.kind, q.unit) and _metric_named(layout.masked[clause.start : q.start], q, lex) is None else None


def _opening_clause(i: int, quantities: list[Quantity], layout: Layout, lex: Lexicon) -> tuple[MetricSpec, Rule] | None:
    """The metric named before a list opener (依次为:, 依次是, 分别为…) that stands right before
    quantity i in its sentence: …投诉较多的前五类依次为:(1)服装鞋帽11081件 / 商品类投诉中,排名前三位
    的依次是普通食品类211件. The words before the number must hold the opener and name the metric,
    and count nothing else with the same measure word (前三类 is a rank, not a count)."""
    q = quantities[i]
    s_index = layout.sentence_index(q.start)
    start = layout.sentences[s_index].start
    if i > 0 and quantities[i - 1].end > start and quantities[i - 1].unit == q.unit:
        start = quantities[i - 1].end
    words = layout.masked[start : q.start]
    opener = _list_opener(words, lex)
    if opener is None:
        return None
    named = _metric_named(words[: opener.end()], q, lex)  # (在上述投诉举报中, names it inside)
    # The rule's own conditions hold too: 受理行政一审案件数分别为3595件 names no complaints.
    if named is None or not conditions_hold(named[1], words, layout.sentences[s_index], layout, layout.clauses[layout.clause_index(q.start)]):
        return None
    return named


def _list_opener(words: str, lex: Lexicon) -> re.Match[str] | None:
    """The last list opener (依次为:, 分别是…) in the words before a number, when only the first
    item's own short label stands between it and the number; else None."""
    opener = None
    for m in lex.list_colon_opener.finditer(words):
        opener = m
    if opener is None:
        return None
    item = words[opener.end() :]
    if len(item) > 16 or any(p in item for p in ",;。"):
        return None
    return opener


# 对52批次药品和15批次医疗器械进行了抽样: each item its number, then what it counts.
NUMBER_FIRST_ITEM = re.compile(r"^[^,;。、\d()]{1,8}?[、和及与]\s*$")


def extend_back_lists(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """分别做出了40119.2元、69975.7元的没收及罚款: a number-first frame names its metric after the
    last item; the items joined to it by separators alone, counted alike, are of the same metric."""
    for i in sorted(hits, reverse=True):
        hit = hits[i]
        if not hit.number_first:
            continue
        j = i - 1
        while (
            j >= 0
            and j not in hits
            and quantities[j].unit == hit.q.unit
            and layout.clause_index(quantities[j].start) == layout.clause_index(hit.q.start)
            and (
                LIST_SEPARATOR.match(between := layout.folded[quantities[j].end : quantities[j + 1].start])
                or NUMBER_FIRST_ITEM.match(between)
            )
        ):
            hits[j] = Hit(
                q=quantities[j], spec=hit.spec, rule_id=hit.rule_id + "+list", confidence=hit.confidence,
                gap="", number_first=True,
            )
            j -= 1


# 新登记商事主体36507户,企业23584户,占比64.6%,个体户12923户 / 其中,企业2422656户…;个体户1397050户:
# a clause that is only a kind of entity and its number is a part of the entity figure before it.
ENTITY_KIND_CLAUSE = re.compile(
    r"^\s*(?:其中)?(?:的)?(?:企业|个体工商户|个体户|农民专业合作社|合作社|内资企业|外资企业|外商投资企业|私营企业|民营企业|"
    r"小微企业|国有企业|分支机构)(?:数量|数)?(?:为|达|共)?\s*$"
)


ENTITY_FAMILIES = ("registration", "credit")
ITEM_LEAD = re.compile(r"^(?:\([^()]*\))?[、和及与]?")


def extend_entity_kinds(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """Kinds of entity counted after an entity figure of the same sentence take its metric (the
    registers' figures, and the credit lists': 1792户市属企业(其中私营企业1496户,内资企业246户)…
    被依法列入经营异常名录)."""
    if not any(h.spec.family in ENTITY_FAMILIES for h in hits.values()):
        return  # no entity figure to break down
    for i in range(1, len(quantities)):
        if i in hits:
            continue
        q = quantities[i]
        # The kind is the clause, or the list item after the figure before it (新设立内资企业810户
        # (含分支机构)、私营企业17549户), a note on that figure set aside.
        label = ITEM_LEAD.sub("", layout.masked[previous_quantity_end(i, quantities, layout) : q.start])
        if not ENTITY_KIND_CLAUSE.match(label):
            continue
        j = _latest_in_sentence(i, quantities, hits, layout, lambda hit: hit.spec.family in ENTITY_FAMILIES)
        if j is not None and hits[j].spec.accepts(q.kind, q.unit):
            head = hits[j]
            rule_id = head.rule_id if head.rule_id.endswith("+kind") else head.rule_id + "+kind"
            hits[i] = Hit(q=q, spec=head.spec, rule_id=rule_id, confidence=head.confidence, gap="")


# 已抽查起重机械使用单位12家,液化气充装站4家,电梯使用单位7家: after bodies inspected, the next
# clauses that are only another kind of body and its number count bodies inspected too.
CHECKED_KIND_LINK = re.compile(
    r"^\s*[,、]\s*[^\d,;。:()、]{1,12}?(?:单位|站|企业|户|店|商户|机构|场所|市场|公司|厂|作坊|门店|超市|药店|医院|学校|食堂|餐馆|经营者|经营户)\s*$"
)


# (发现问题企业1975家, 查处企业256家: what was found or done to them, another matter)
NOT_JUST_A_KIND = re.compile(r"发现|查处|问题|立案|责令|整改|处罚|约谈|不合格|违法|违规|整治|取缔")


def extend_checked_kinds(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout) -> None:
    """Kinds of body inspected, listed clause by clause after a count of bodies inspected, take its metric."""
    if not any(hit.spec.family == "inspection" for hit in hits.values()):
        return
    for i in range(1, len(quantities)):
        head = hits.get(i - 1)
        if i in hits or head is None or head.spec.family != "inspection" or head.spec.code == "sampling_batches":
            continue
        q, p = quantities[i], quantities[i - 1]
        if q.unit != p.unit or layout.sentence_index(q.start) != layout.sentence_index(p.start):
            continue
        link = layout.masked[p.end : q.start]
        if not CHECKED_KIND_LINK.match(link) or NOT_JUST_A_KIND.search(link) or not head.spec.accepts(q.kind, q.unit):
            continue
        rule_id = head.rule_id if head.rule_id.endswith("+kind") else head.rule_id + "+kind"
        hits[i] = Hit(q=q, spec=head.spec, rule_id=rule_id, confidence=round(head.confidence * 0.9, 3), gap="", domain_scope=head.domain_scope)


def _latest_in_sentence(
    i: int, quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, wanted: Callable[[Hit], bool]
) -> int | None:
    """The latest counted figure before quantity i in its sentence whose hit is `wanted`, or None."""
    s = layout.clause_sentence[layout.clause_index(quantities[i].start)]
    for j in range(i - 1, -1, -1):
        if layout.clause_sentence[layout.clause_index(quantities[j].start)] != s:
            return None
        hit = hits.get(j)
        if hit is not None and wanted(hit):
            return j
    return None


# A sentence that names the total of the sentence before again and breaks it down: 702件食品安全案件中,
# 未取得许可从事食品生产经营19件,超范围使用食品添加剂14件…
RESTATED_TOTAL = re.compile(r"(?:[^,;:。]{0,10}?[,:])?\s*(?:在)?(?P<n>\d+)(?:件|起|宗)[^,;:。\d]{0,12}?中\s*[,:]")


def _under_by_kind_heading(s_index: int, layout: Layout, lex: Lexicon) -> bool:
    """Whether sentence s opens the paragraph right under a heading that says how a total is broken
    down ((一)按接诉来源分析 / 二、从投诉类别看: lexicon `by_kind_heading_pattern`, after its lead mark)."""
    p = layout.sentence_paragraph[s_index]
    if p == 0 or layout.paragraph_first_sentence[p] != s_index or not layout.is_heading[p - 1]:
        return False
    heading = layout.paragraphs[p - 1]
    text = layout.masked[heading.start : heading.end]
    lead = lex.lead.match(text)
    return lex.by_kind_heading.fullmatch(text, lead.end() if lead else 0) is not None


def _before_headings(s_index: int, layout: Layout) -> int:
    """The last sentence before the headings right above sentence s (-1: none)."""
    j = s_index - 1
    while j >= 0 and layout.is_heading[layout.sentence_paragraph[j]]:
        j -= 1
    return j



def extend_by_kind(quantities: list[Quantity], hits: dict[int, Hit], layout: Layout, lex: Lexicon) -> None:
    """全局共立案查处各类违法案件239起…。以案件类型分:食品监管54起、无照经营32起…: a sentence opened by
    a by-kind phrase breaks down the figure of an earlier sentence of the paragraph counted with the
    same measure word (the first such figure of the nearest sentence that has one); its items with
    no metric of their own take that figure's metric."""
    by_sentence: dict[int, list[int]] = {}
    for i, q in enumerate(quantities):
        by_sentence.setdefault(layout.sentence_index(q.start), []).append(i)
    for s_index, members in by_sentence.items():
        sentence = layout.sentences[s_index]
        restated = RESTATED_TOTAL.match(layout.masked, sentence.start)
        opened = restated is not None or lex.by_kind_opener.match(layout.masked, sentence.start) is not None
        under_heading = not opened and _under_by_kind_heading(s_index, layout, lex)
        if not opened and not under_heading:
            continue
        items = [i for i in members if i not in hits and quantities[i].kind == "count"]
        if not items:
            continue
        unit = quantities[items[0]].unit
        head: Hit | None = None
        p = layout.sentence_paragraph[s_index]
        # (under a heading, the total is in the paragraph before the headings: 共接收群众诉求16960件。/
        # 一、投诉基本情况 / (一)按接诉来源分析 /…)
        first = _before_headings(s_index, layout) if under_heading else s_index - 1
        backs = (first, first - 1)
        for back in backs:
            if back < 0 or (layout.sentence_paragraph[back] != p and not restated and not under_heading):
                break
            found = [hits[j] for j in by_sentence.get(back, []) if j in hits and hits[j].q.unit == unit]
            if found:
                head = found[0]
                break
        if head is None:
            continue
        if restated:
            # 记者了解到,702件食品安全案件中,…: the total again (of the head), then its parts.
            first = items[0]
            if quantities[first].start != restated.start("n") or quantities[first].value != head.q.value:
                continue
            hits[first] = Hit(q=quantities[first], spec=head.spec, rule_id=head.rule_id.split("+")[0] + "+restated", confidence=head.confidence, gap="")
        for i in members:
            q = quantities[i]
            if i in hits or q.kind != "count":
                continue
            # Items are labelled by kind, whatever words the labels hold (未取得许可从事食品生产经营19件);
            # a figure of another metric has a trigger of its own and is a hit already.
            if q.unit != unit or not head.spec.accepts(q.kind, q.unit):
                break
            hits[i] = Hit(q=q, spec=head.spec, rule_id=head.rule_id.split("+")[0] + "+item", confidence=round(head.confidence * 0.9, 3), gap="")
