"""Stage 5: the year-over-year change a text states for a number (同比增长X%)."""

from __future__ import annotations

import re

from scrapers.metrics.domain import previous_quantity_end
from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout
from scrapers.metrics.lexicon import YOY_VALUE, Lexicon
from scrapers.metrics.numbers import Quantity, parse_chinese_numeral

YOY_VALUE_RE = re.compile(YOY_VALUE)
SUBJECT_SEPARATORS = re.compile(r"[和、及与]")
# What may stand around a figure's label without being part of it (其中咨询 → 咨询).
LABEL_NOISE = re.compile(r"^[\s、和及与]*(?:其中)?[\s,:]*(?:共|共计|合计)?|[\s:为达]+$")


def assign_yoy(
    quantities: list[Quantity],
    by_clause: dict[int, list[int]],
    hits: dict[int, Hit],
    layout: Layout,
    lex: Lexicon,
    part_of_year: bool = False,
) -> None:
    """Year-over-year changes stated after the numbers. `part_of_year`: the text covers part of its
    year, where a change since last year's end (较上年底) is not year-over-year."""
    if not hits:
        return  # nothing to give a change to (a statistics bulletin full of 同比 and no metric)
    def counted(c: int, until: int) -> list[int]:
        found = [j for j in by_clause.get(c, []) if quantities[j].end <= until and quantities[j].kind != "percent"]
        outside = [j for j in found if not _bracketed(j, until)]
        # A figure of no metric in a bracket is never the subject; a part in one (办理专利纠纷案件8220件
        # (专利侵权纠纷7671件),同比增长62.6%) is not when its total stands before the bracket.
        return outside if outside else [j for j in found if j in hits]

    def _bracketed(j: int, until: int) -> bool:
        """收到消费者诉求30824件(退单及不受理7462件),同比增长1.53%: a figure inside a bracket that
        closes before the change is an aside to the figure before it, not its subject."""
        rest = layout.folded[quantities[j].end : until]
        close = rest.find(")")
        return close >= 0 and "(" not in rest[:close]

    def subjects(cue_at: int) -> list[int]:
        """The subject of the change: numbers before the cue in its clause, or in the previous
        clause when this one opens with the cue (…73208户,同比增长10.86%)."""
        c_index = layout.clause_index(cue_at)
        here = counted(c_index, cue_at)
        if not here and c_index > 0 and layout.clause_sentence[c_index - 1] == layout.clause_sentence[c_index]:
            words = layout.folded[layout.clauses[c_index].start : cue_at]
            if len(words) <= lex.yoy_max_subject_chars and not lex.yoy_foreign_subject.search(words):
                named = _named_subject(words, c_index, hits)
                if named is not None:
                    return [named]  # 立案10621宗,办结9826宗,立案数量相比2020年增长215.3%: the 立案 figure
                before = counted(c_index - 1, cue_at)
                if any(j in hits for j in before) and _names_only_others(words, before):
                    return []  # 年共罚没3.2亿元,立案数量同比增长19.4%: the change of a count, not of the fines
                # A remark between the figure and its change (在册企业数达30.7万户,首次突破30万大关,
                # 同比增长14.89%) or its share (投诉56387件,占受理总量的37.71%,同比增加35.58%) is
                # passed over; a rate between (立案1052件,结案率98%,同比提高5%) is the change's own.
                if (
                    not any(j in hits for j in before)
                    and c_index > 1
                    and layout.clause_sentence[c_index - 2] == layout.clause_sentence[c_index]
                    and _remark(c_index - 1, quantities, by_clause, layout, lex)
                ):
                    before = counted(c_index - 2, cue_at)
                if before:
                    return _bracket_total(before, cue_at)
        if not here:
            # 其中咨询61579件,投诉9482件,举报1902件。与去年相比,投诉同比增长12.69%: the change names its
            # figure by the label that figure had in the sentence before.
            labelled = _labelled_before(layout.folded[layout.clauses[c_index].start : cue_at], c_index)
            if labelled is not None:
                return [labelled]
        return here

    def _labelled_before(words: str, c_index: int) -> int | None:
        """The latest figure of the sentence before whose own label the words repeat."""
        words = words.strip()
        s_index = layout.clause_sentence[c_index]
        if not words or len(words) > lex.yoy_max_subject_chars or s_index == 0:
            return None
        prev = layout.sentences[s_index - 1]
        found = None
        for j in sorted(hits):
            q = quantities[j]
            if not prev.start <= q.start < prev.end or q.kind == "percent":
                continue
            label = LABEL_NOISE.sub("", layout.folded[previous_quantity_end(j, quantities, layout) : q.start])
            if len(label) >= 2 and (words.startswith(label) or label.startswith(words)):
                found = j
        return found

    def _bracket_total(before: list[int], cue_at: int) -> list[int]:
        """投诉11468件(商品类7097件,服务类4371件),占总量的27.4%,较去年同期相比上升159%: when the
        figure before the change closes a bracket of parts, the change is the total's, the figure
        just before the bracket."""
        j = before[-1]
        folded = layout.folded
        open_at = folded.rfind("(", 0, quantities[j].start)
        if open_at < 0 or ")" in folded[open_at : quantities[j].start] or ")" not in folded[quantities[j].end : cue_at]:
            return before
        owner = next((k for k in range(j - 1, -1, -1) if quantities[k].end <= open_at), None)
        if owner is None or owner not in hits or folded[quantities[owner].end : open_at].strip():
            return before
        return [owner]

    def _names_only_others(words: str, before: list[int]) -> bool:
        """Whether the words name metrics (by their trigger words) counted in another unit than
        every figure before: the change of a count is not that of an amount of money."""
        units = {
            spec.unit
            for spec in lex.metrics.values()
            if (spec.triggers_any.search(words) if spec.triggers_any is not None else any(p.search(words) for r in spec.rules for p in r.before))
        }
        return bool(units) and not any(j in hits and hits[j].spec.unit in units for j in before)

    def _named_subject(words: str, c_index: int, hits: dict[int, Hit]) -> int | None:
        """The latest figure of the sentence before this clause whose metric the words name."""
        if not words.strip():
            return None
        s_index = layout.clause_sentence[c_index]
        earlier = [j for c in layout.sentence_clauses(s_index) if c < c_index for j in by_clause.get(c, []) if j in hits]
        return next(
            (j for j in reversed(earlier) if any(p.search(words) for r in hits[j].spec.rules for p in r.before)),
            None,
        )

    # 同比持平 / 与上年持平: a change of zero.
    for m in lex.yoy_flat.finditer(layout.folded):
        candidates = subjects(m.start())
        if candidates and candidates[-1] in hits and hits[candidates[-1]].yoy_pct is None:
            hits[candidates[-1]].yoy_pct = 0.0
            hits[candidates[-1]].evidence_end = layout.clauses[layout.clause_index(m.start())].end
    for m in lex.yoy.finditer(layout.folded):
        if part_of_year and lex.yoy_year_end.search(m.group("cue")):
            continue
        cue_at = m.start()  # before a leading 分别 (案件数和罚没金额分别同比增长…)
        c_index = layout.clause_index(cue_at)
        clause = layout.clauses[c_index]
        s_index = layout.sentence_index(cue_at)
        candidates = subjects(cue_at)
        if not candidates:
            continue
        down = m.group("dir") in lex.yoy_down
        values = [v for v in (_yoy_value(t, down) for t in YOY_VALUE_RE.findall(m.group("values"))) if v is not None]
        if not values:
            continue
        if len(values) > 1:
            # 同比分别增加10%、19%: the listed numbers, in order, across the sentence.
            before = [j for c in layout.sentence_clauses(s_index) if c <= c_index for j in counted(c, cue_at)]
            named = _named_subjects(layout.folded[clause.start : cue_at], before, hits, lex)
            targets = list(zip(named or before[-len(values) :], values))
        else:
            targets = [(candidates[-1], values[0])]
        for j, value in targets:
            if j in hits and hits[j].yoy_pct is None:
                hits[j].yoy_pct = value
                hits[j].evidence_end = clause.end
    # 与上年相比,全年新设经营主体8200户,增长7.7%: a bare change right after a figure, in a sentence
    # that has stated its comparison base before it.
    for m in lex.yoy_bare.finditer(layout.folded):
        s_index = layout.sentence_index(m.start())
        if not lex.yoy_base_phrase.search(layout.folded, layout.sentences[s_index].start, m.start()):
            continue
        c_index = layout.clause_index(m.start())
        if layout.folded[layout.clauses[c_index].start : m.start()].strip():
            continue  # the change opens its clause, right after the figure's clause
        candidates = subjects(m.start())
        values = [v for v in (_yoy_value(t, m.group("dir") in lex.yoy_down) for t in YOY_VALUE_RE.findall(m.group("values"))) if v is not None]
        if candidates and values and candidates[-1] in hits and hits[candidates[-1]].yoy_pct is None:
            hits[candidates[-1]].yoy_pct = values[0]
            hits[candidates[-1]].evidence_end = layout.clauses[c_index].end



def _remark(c: int, quantities: list[Quantity], by_clause: dict[int, list[int]], layout: Layout, lex: Lexicon) -> bool:
    """Whether clause c is a remark or a share that a year-over-year change skips over."""
    if any(quantities[j].kind == "percent" for j in by_clause.get(c, [])):
        return bool(lex.yoy_share_clause.match(layout.folded, layout.clauses[c].start))
    return True


def _named_subjects(subject: str, before: list[int], hits: dict[int, Hit], lex: Lexicon) -> list[int] | None:
    """案件数和罚没金额同比分别增长18.6%、25.3%: each named subject is the latest number before
    the cue whose metric's trigger words it contains. None unless every subject resolves."""
    parts = [part for part in SUBJECT_SEPARATORS.split(subject) if part.strip()]
    if len(parts) < 2:
        return None
    out: list[int] = []
    for part in parts:
        found = next(
            (
                j
                for j in reversed(before)
                if j in hits and j not in out and any(p.search(part) for r in hits[j].spec.rules for p in r.before)
            ),
            None,
        )
        if found is None:
            return None
        out.append(found)
    return sorted(out) if out == sorted(out) else None


def _yoy_value(token: str, down: bool) -> float | None:
    times = token.endswith("倍")  # 增长1.5倍 = +150 %
    number = token.removeprefix("百分之").rstrip("%倍")
    parsed = float(number) if number[:1].isdigit() else parse_chinese_numeral(number)
    if parsed is None:
        return None
    value = float(parsed) * (100 if times else 1)
    return -value if down else value

