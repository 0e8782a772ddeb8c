"""Stage 4: the period of a mention (year, partial, cumulative) from cues before it, and the report's own span."""

from __future__ import annotations

import re

from scrapers.metrics.hits import Hit, total_pointed_back
from scrapers.metrics.layout import Layout, mask_titles
from scrapers.metrics.lexicon import Lexicon, MetricSpec
from scrapers.metrics.lists import is_part_clause
from scrapers.metrics.numbers import Quantity
from scrapers.metrics.scan import spans_near
from scrapers.models import Period


def period_of(
    i: int,
    quantities: list[Quantity],
    by_clause: dict[int, list[int]],
    hits: dict[int, Hit],
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool = False,
) -> Period:
    hit = hits[i]
    q = hit.q
    c_index = layout.clause_index(q.start)
    s_index = layout.sentence_index(q.start)
    clause = layout.clauses[c_index]
    found = period_cue(clause.start, q.start, hit.spec, layout, lex, report_year, mid_year)
    if found == "cumulative" and _opens_with_report_year(s_index, clause.start, layout, report_year):
        return "year"  # 2024年,累计审查新增政策2822件: accumulated over the year the sentence names
    frame = _accumulation_frame(found, clause.start, q.start, s_index, hit, layout, lex, report_year, mid_year)
    if frame:
        return frame
    if found:
        return _comparable(found, hit)
    # Earlier clauses of the sentence: a cue carries over only across numbers of the same kind.
    for c in reversed([c for c in layout.sentence_clauses(s_index) if c < c_index]):
        for j in by_clause.get(c, []):
            other = hits.get(j)
            if other is None and (quantities[j].kind == "percent" or quantities[j].unit in _KINDS_COUNTED):
                continue  # 同比增长68% / 占比… / 11类产品: a change or share of a number, or how many kinds, not another matter
            if other is None or other.spec.family != hit.spec.family:
                # 累计检查321家,立案47起: the cases are another matter; but a sentence opened by a
                # time frame of its own (截至6月底,全省查办案件6017件,罚没1.49亿元) frames every figure.
                return (
                    _sentence_frame(s_index, by_clause, hit, layout, lex, report_year, mid_year)
                    or _of_the_total(i, s_index, quantities, by_clause, hits, layout, lex, report_year, mid_year)
                )
        if is_part_clause(c, quantities, by_clause, layout, lex):
            continue  # 其中第一季度完成312批次: its period is its own
        seg = layout.clauses[c]
        found = period_cue(seg.start, seg.end, hit.spec, layout, lex, report_year, mid_year)
        if found == "cumulative" and _opens_with_report_year(s_index, seg.start, layout, report_year):
            return "year"
        if found:
            return _comparable(found, hit)
    return _of_the_total(i, s_index, quantities, by_clause, hits, layout, lex, report_year, mid_year)


def _accumulation_frame(
    found: Period | None,
    clause_start: int,
    pos: int,
    s_index: int,
    hit: Hit,
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool | None,
) -> Period | None:
    """累计 in the number's clause accumulates over the frame its sentence set before it: 今年以来,…,
    累计受理投诉举报5700余件 is the year (the year so far, mid-year); 2023年以来,…,累计查处373起 in a
    2024 text is several years, even mid-year, where a bare 累计 is the year so far. None: no such frame."""
    if found not in ("cumulative", "partial") or "累计" not in layout.masked[clause_start:pos]:
        return None
    sentence_start = layout.sentences[s_index].start
    if found == "cumulative":
        return _year_frame(layout.masked[sentence_start:clause_start], lex, mid_year)
    if (
        mid_year
        and period_cue(clause_start, pos, hit.spec, layout, lex, report_year, False) == "cumulative"
        and period_cue(sentence_start, clause_start, hit.spec, layout, lex, report_year, mid_year) == "cumulative"
    ):
        return "cumulative"
    return None


def _year_frame(text: str, lex: Lexicon, mid_year: bool | None) -> Period | None:
    """The report year (全年, 今年) or the year so far (今年以来) when `text` sets one as its frame."""
    kinds = {cue.kind for cue in lex.period_cues if cue.kind in ("year", "year_to_date") and cue.pattern.search(text)}
    if "year_to_date" in kinds:
        return "partial" if mid_year or mid_year is None else "year"
    return "year" if "year" in kinds else None


def _of_the_total(
    i: int,
    s_index: int,
    quantities: list[Quantity],
    by_clause: dict[int, list[int]],
    hits: dict[int, Hit],
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool,
) -> Period:
    """行动期间,共立案查处各类案件336件…。其中,查处知识产权案件10件: a sentence that opens with 其中
    breaks down the figures of the sentence before, so a part with no cue of its own has the
    period of its total."""
    if _opens_with_report_year(s_index, quantities[i].start, layout, report_year):
        return "year"  # 去年以来,…共受理2126件…。其中,2018年,受理1925件: the part names its own year
    head = total_pointed_back(i, quantities, hits, layout, QIZHONG)
    if head is None:
        return "year"
    return period_of(head, quantities, by_clause, hits, layout, lex, report_year, mid_year)


def _span_set_out(
    pos: int, spec: MetricSpec, layout: Layout, lex: Lexicon, report_year: int | None, mid_year: bool
) -> Period | None:
    """The period of the latest span of time the text states before `pos` (a date span, since a
    month or a year), or None."""
    key = ("spans",)
    spans = layout.memo.get(key)
    if spans is None:
        spans = layout.memo[key] = [
            span
            for cue in lex.period_cues
            if cue.kind in ("span", "since_month", "since_year")
            for span in spans_near(cue.pattern, layout.masked, cue.anchors)
        ]
    before = [span for span in spans if span[1] <= pos]  # type: ignore[union-attr]
    if not before:
        return None
    start, end = max(before, key=lambda span: span[1])
    return period_cue(start, end, spec, layout, lex, report_year, mid_year)


QIZHONG = re.compile(r"\s*其中")  # used with .match(text, pos)
# Measure words that count kinds of things (床上用品等11类产品): no figure of a matter of their own.
_KINDS_COUNTED = frozenset(("类", "大类", "种", "个类别", "个品种", "品种"))
_YEAR_FRAME = re.compile(r"\s*(?:其中\s*,\s*)?(\d{4})年度?\s*[,:]")  # (其中,2018年,…: a part of its own year)


def _opens_with_report_year(s_index: int, before: int, layout: Layout, report_year: int | None) -> bool:
    """Whether the sentence opens with the report year as its frame (2024年,…) before `before`."""
    if report_year is None:
        return False
    start = layout.sentences[s_index].start
    m = _YEAR_FRAME.match(layout.masked, start, before)
    return m is not None and int(m.group(1)) == report_year


def _sentence_frame(
    s_index: int,
    by_clause: dict[int, list[int]],
    hit: Hit,
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool,
) -> Period | None:
    """The period said by the number-free clauses that open a sentence (截至6月底, / 今年以来, /
    2019年至2021年,), which frame all of its figures; None when there is none."""
    found: Period | None = None
    for c in layout.sentence_clauses(s_index):
        if by_clause.get(c):
            break
        seg = layout.clauses[c]
        found = period_cue(seg.start, seg.end, hit.spec, layout, lex, report_year, mid_year) or found
    return _comparable(found, hit) if found else None


def _comparable(period: Period, hit: Hit) -> Period:
    """累计处理投诉举报767件,同比增长3.2%: a total with a year-over-year change is the total of a
    year (or part of one), not of several years, whatever 累计 says."""
    return "year" if period == "cumulative" and hit.yoy_pct is not None else period


def partial_report(layout: Layout, lex: Lexicon) -> bool:
    """Whether the report covers part of the year only (上半年工作总结, 前三季度工作情况报告):
    its title or opening sentences say so. A notice quoted by title counts here (发布《关于食品安全
    监督抽检信息的公示(2018年第42期)》: the text is that issue's); a joined campaign's name does not."""
    opening = layout.folded[: lex.partial_report_chars]
    return bool(lex.partial_report.search(mask_titles(opening, lex.joint_campaign, titles=False)))


def of_report(period: Period, partial_report: bool, multi_year: bool = False) -> Period:
    """In a report on part of the year, a figure with no cue (or with 今年) is part of the year; in
    a text on several years (整个“十四五”期间), it is of the whole span."""
    if period != "year":
        return period
    return "partial" if partial_report else "cumulative" if multi_year else period


def names_report_year(pos: int, layout: Layout, lex: Lexicon, report_year: int | None) -> bool:
    """Whether the sentence names the report year before `pos` (数据显示,2022年,全国…受理…): in a
    text on several years, such a figure is that year's, not the span's."""
    if report_year is None:
        return False
    s_index = layout.sentence_index(pos)
    start = layout.sentences[s_index].start
    if s_index and QIZHONG.match(layout.masked, start):
        start = layout.sentences[s_index - 1].start  # 其中,投诉1310.38万件: parts of the total before
    return any(int(m.group(1)) == report_year for m in lex.period_named_year.finditer(layout.masked, start, pos))


def multi_year_report(layout: Layout, lex: Lexicon) -> bool:
    """Whether the title or opening says the text is about several years."""
    return bool(lex.multi_year_report.search(layout.masked[: lex.partial_report_chars]))


def signed_date(layout: Layout, lex: Lexicon) -> bool:
    """Whether the text ends with a date (the signing date of a report)."""
    return lex.signed_date.search(layout.folded[-200:]) is not None


def signed_mid_year(layout: Layout, lex: Lexicon, report_year: int | None) -> bool:
    """Whether the report is signed in its own year before December (a mid-year report)."""
    if report_year is None:
        return False
    tail = layout.folded[-200:]
    dates = list(lex.signed_date.finditer(tail))
    if not dates:
        return False
    year, month = int(dates[-1].group(1)), int(dates[-1].group(2))
    return year == report_year and month < lex.partial_before_month


def period_cue(
    lo: int,
    hi: int,
    spec: MetricSpec,
    layout: Layout,
    lex: Lexicon,
    report_year: int | None,
    mid_year: bool | None = False,
) -> Period | None:
    text = layout.masked[lo:hi]
    key = ("period_cues", lo, hi)
    matches = layout.memo.get(key)
    if matches is None and lex.period_any is not None and not lex.period_any.search(text):
        matches = layout.memo[key] = []
    if matches is None:  # the same clause is asked about for each of its numbers
        # A cue runs only on a clause holding a character it can start with: most of the ~50 cues
        # then never run. They run in file order (ties go to the earlier).
        cues = lex.period_cues
        matches = layout.memo[key] = [
            (m.end(), m.end() - m.start(), cues[k].kind, m)
            for k in lex.period_cues_in(set(text))
            for m in cues[k].pattern.finditer(text)
        ]
    if not matches:
        return None
    if spec.reviews_old_documents:
        # 对2015年以来制发的11件规范性文件开展清理: the since-year dates the documents.
        matches = [
            t for t in matches if not (t[2] == "since_year" and lex.since_year_describing.match(text, t[3].end()))
        ]
        if not matches:
            return None
    if spec.stock:
        # 共有/现有 describe a stock: not a period cue for one (截至6月30日,全县共有… is partial).
        matches = [t for t in matches if t[2] != "cumulative_unless_stock"]
        if not matches:
            return None
    end, _, kind, m = max(matches, key=lambda t: (t[0], t[1]))
    if kind in ("cumulative", "cumulative_unless_stock"):
        # 全年…累计办理, 全年共有1.5万户…被列入: accumulated over the year is the year.
        earlier = [k for e, _, k, _ in matches if k in ("year", "year_to_date", "partial") and e <= m.start()]
        if earlier:
            # 一季度累计完成抽检38006批次: accumulated over a part of the year is that part.
            if earlier[-1] == "partial":
                return "partial"
            return "partial" if earlier[-1] == "year_to_date" and mid_year else "year"
        if report_year is not None and any(
            int(y.group(1)) == report_year for y in lex.period_named_year.finditer(text, 0, m.start())
        ):
            return "year"
        if mid_year and not spec.stock:
            return "partial"  # 累计查处案件4506起 in a text on part of the year: the year so far
        return "cumulative"
    if kind == "since_year":
        year = int(m.group(1))
        return "cumulative" if report_year is not None and year < report_year else "year"
    if kind == "since_month":
        # 自去年10月…以来 / 2020年11月以来 in a 2021 text: across the year's start, several years'
        # worth; 2021年3月以来 in a 2021 text: part of the year.
        if m.group(1) is None:
            return "cumulative"
        return "partial" if report_year is None or int(m.group(1)) >= report_year else "cumulative"
    if kind == "until_month":
        year = int(m.group(1)) if m.group(1) else None
        if year is not None and report_year is not None and year > report_year:
            return "cumulative"
        if year is not None and report_year is not None and year < report_year:
            return "partial"
        return "partial" if int(m.group(2)) < lex.partial_before_month else "year"
    if kind == "partial":
        if m.group().endswith("期间"):
            # 行动期间 is the campaign's time, which the text set out before (2019年12月16日至2020年
            # 3月31日, 自去年10月开展…以来): that span's period when it gave one.
            return _span_set_out(lo + m.start(), spec, layout, lex, report_year, mid_year) or "partial"
        return "partial"
    if kind == "span":
        return "cumulative" if m.group(1) != m.group(2) else None
    if kind == "to_date":
        # 截至目前 after the text set out a span (自去年10月开展…以来): to date within that span.
        # In an undated text (mid_year None): news of the year so far far more often than of
        # several years (real texts: 32 lines partial, 3 cumulative).
        return _span_set_out(lo + m.start(), spec, layout, lex, report_year, mid_year) or (
            "partial" if mid_year or mid_year is None else "cumulative"
        )
    if kind == "year_to_date":
        # In an undated text (mid_year None), as 截至目前: news of the year so far (real texts: 110
        # lines partial, 24 the year's).
        return "partial" if mid_year or mid_year is None else "year"
    return "year"

