"""Where a position in a report sits: paragraph, sentence, clause, heading, plan section.

Rules look at words near a number, but "near" means "in the same clause" or "in the lead
sentence of this sub-item", not "within N characters". This module cuts the text once into
those units (offsets into the original text, so evidence stays verbatim).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from scrapers.metrics.lexicon import Lexicon
from scrapers.metrics.numbers import fold_text
from scrapers.metrics.vertical_tables import rejoin_vertical_rows

TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")
CLAUSE_BREAKS = ",;:"
SENTENCE_MARKS = re.compile(r"[。!?]")
CLAUSE_MARKS = re.compile(r"[,;:。!?]")
TITLE_BLANK = "□"  # stands in for book-title text: same length, matches no cue or trigger
MAX_TITLE_CHARS = 80
_TITLE = re.compile(r"《([^《》\n]{1,%d})》" % MAX_TITLE_CHARS)
MAX_HEADING_CHARS = 40
# A page's byline (时间:2024-04-12 作者:佚名 来源:北京市消费者协会) stands where a heading would, and
# ends the title's reach like one, but the field of its source names no figure of the text.
BYLINE = re.compile(r"(?:来源|作者|发布时间|发布日期|编辑|浏览次数|点击数?|字号)\s*:")
HEADING_FIGURE = re.compile(r"\d(?:[\d.,]*)(?:万|亿)?(?:件|起|宗|家|户|批次|元|个|人次|次|份|张|条|项|%)")


class Segment(NamedTuple):
    """A span of the text (a tuple: a long report has thousands, made in the hot loop)."""

    start: int
    end: int


def mask_titles(folded: str, joint_campaign: re.Pattern[str] | None = None, titles: bool = True) -> str:
    """Blank the inside of 《...》: a title names a document, it does not say what was done. So is
    the name of a campaign joined to another (暨知识产权保护行动): its theme, not the totals' field.
    `titles=False` blanks the joined campaigns only."""
    spans = [m.span(1) for m in _TITLE.finditer(folded)] if titles and "《" in folded else []
    if joint_campaign is not None and "暨" in folded:
        spans = sorted(spans + [m.span(1) for m in joint_campaign.finditer(folded)])
    if not spans:
        return folded
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # inside a span already blanked
        out.append(folded[pos:start])
        out.append(TITLE_BLANK * (end - start))
        pos = end
    out.append(folded[pos:])
    return "".join(out)


def _is_thousands_comma(text: str, i: int) -> bool:
    """The comma of 1,052件 groups digits; it does not end a clause."""
    return (
        text[i] == ","
        and text[i - 1 : i].isdigit()
        and text[i + 1 : i + 4].isdigit()
        and len(text[i + 1 : i + 4]) == 3
        and not text[i + 4 : i + 5].isdigit()
    )


@lru_cache(maxsize=8)
def _unanchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.removeprefix("^"), pattern.flags)


# Segment(a, b) runs the NamedTuple's Python-level __new__; the cutting loop makes thousands.
_new_segment = tuple.__new__


def _add_segment(text: str, start: int, end: int, owner: int, segments: list[Segment], owners: list[int]) -> None:
    """Append text[start:end] without its surrounding whitespace, unless that leaves nothing."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        segments.append(_new_segment(Segment, (start, end)))
        owners.append(owner)


def _is_sentence_end(text: str, i: int) -> bool:
    c = text[i]
    if c == "。":
        return True
    if c in "!?":
        # "12?4" (a lost middle dot between digits) is not a sentence end.
        prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
        return not (prev.isdigit() and nxt.isdigit())
    return False


class Layout:
    """The report cut into paragraphs (lines), sentences and clauses."""

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        # Tables laid out one cell per line become tab rows (same length: offsets hold).
        self.folded = rejoin_vertical_rows(fold_text(text))
        # Results later stages compute once per span of this text (period cues of a clause).
        self.memo: dict[tuple, object] = {}
        self.masked = mask_titles(self.folded, lexicon.joint_campaign)
        self.paragraphs: list[Segment] = []
        self.sentences: list[Segment] = []
        self.sentence_paragraph: list[int] = []
        self.clauses: list[Segment] = []
        self.clause_sentence: list[int] = []
        self.paragraph_first_sentence: list[int] = []
        self.is_heading: list[bool] = []
        self.is_byline: list[bool] = []
        self.in_plan_paragraph: list[bool] = []
        self._cut(lexicon)
        self._sentence_starts = [s.start for s in self.sentences]
        self._clause_starts = [c.start for c in self.clauses]
        self._clause_of: dict[int, int] = {}
        self._sentence_of: dict[int, int] = {}
        self._paragraph_starts = [p.start for p in self.paragraphs]
        self._lead = lexicon.lead
        # Notes of what a count includes (9件(含政府规章1件)) repeat it: their numbers are dropped.
        # Notes of its parts (6起(其中:药品5起)) are counted. Neither names the total's field.
        self._notes = [Segment(m.start(), m.end()) for m in lexicon.inclusion_note.finditer(self.folded)]
        parts = [Segment(m.start(), m.end()) for m in lexicon.part_note.finditer(self.folded)]
        self._note_starts = sorted(n.start for n in [*self._notes, *parts])
        # Looked up once here rather than by walking back from every number: those walks made a
        # long paragraph (a hostile one-line page) quadratic.
        self._heading_above = self._nearest_headings()
        self._lead_in_sentence = self._nearest_leads(lambda seg: self._lead.match(self.folded[seg.start : seg.end]))
        # The same test at the sentence's offset in the whole text (a lead may run past the
        # sentence's end); `^` only ever matches at offset 0 with match(text, pos), so it is dropped.
        lead_at = _unanchored(self._lead)
        self._lead_from_start = self._nearest_leads(lambda seg: lead_at.match(self.folded, seg.start))

    def _nearest_headings(self) -> list[int]:
        """Per paragraph: the index of the nearest heading paragraph above it (-1: none)."""
        out, last = [], -1
        for q, heading in enumerate(self.is_heading):
            out.append(last)
            if heading:
                last = q
        return out

    def _nearest_leads(self, is_lead) -> list[int]:  # type: ignore[no-untyped-def]
        """Per sentence: the nearest sentence at or before it in its paragraph that opens a
        sub-item (一是…, （二）…), or -1."""
        out: list[int] = []
        for j, seg in enumerate(self.sentences):
            if is_lead(seg):
                out.append(j)
            elif j > 0 and self.sentence_paragraph[j - 1] == self.sentence_paragraph[j]:
                out.append(out[j - 1])
            else:
                out.append(-1)
        return out

    # -- cutting -------------------------------------------------------------------------------
    def _cut(self, lexicon: Lexicon) -> None:
        plan = False
        pos = 0
        for line in self.folded.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            p_index = len(self.paragraphs)
            self.paragraphs.append(Segment(start, end))
            # A heading names a topic and has no sentence end: "(二)重点领域监管" is one,
            # "(二)抽检食用农产品十二个批次。" is a short paragraph of facts.
            top = bool(TOP_HEADING.match(line)) and "。" not in stripped[:-1]
            # A short line of figures (查处广告案件80件,罚没92.43万元;) is facts, not a heading.
            heading = top or (
                len(stripped) <= MAX_HEADING_CHARS
                and "。" not in stripped
                and not stripped.endswith((";", ","))
                and not HEADING_FIGURE.search(stripped)
            )
            self.is_heading.append(heading)
            self.is_byline.append(heading and bool(BYLINE.search(stripped)))
            if top:
                plan = bool(lexicon.plan_heading.search(line))
            self.in_plan_paragraph.append(plan)
            self.paragraph_first_sentence.append(len(self.sentences))
            self._cut_sentences(start, end, p_index)

    def _cut_sentences(self, start: int, end: int, p_index: int) -> None:
        """Sentences (ended by 。!?) and their clauses (ended by ,;: too) of one paragraph, in
        one pass over its marks: a long report has thousands of clauses, so no call per clause."""
        folded = self.folded
        sentences, clauses, clause_sentence = self.sentences, self.clauses, self.clause_sentence
        s = c = start  # where the open sentence and the open clause begin
        for m in CLAUSE_MARKS.finditer(folded, start, end):
            i = m.start()
            ch = folded[i]
            if ch in CLAUSE_BREAKS:
                if ch == "," and _is_thousands_comma(folded, i):
                    continue
                sentence_end = False
            elif ch == "。" or _is_sentence_end(folded, i):
                sentence_end = True
            else:
                continue  # 12?4: a lost middle dot, neither clause nor sentence end
            _add_segment(folded, c, i, len(sentences), clauses, clause_sentence)
            c = i + 1
            if sentence_end:
                self._add_sentence(s, i + 1, p_index)
                s = i + 1
        if folded[s:end].strip():
            _add_segment(folded, c, end, len(sentences), clauses, clause_sentence)
            self._add_sentence(s, end, p_index)

    def _add_sentence(self, start: int, end: int, p_index: int) -> None:
        # The span always holds a non-space character (its mark, or text checked by the caller).
        while self.folded[start].isspace():
            start += 1
        self.sentences.append(_new_segment(Segment, (start, end)))
        self.sentence_paragraph.append(p_index)

    # -- lookups -------------------------------------------------------------------------------
    # Every stage asks these of the same few hundred positions (a number's start): remembered.
    def clause_index(self, pos: int) -> int:
        c = self._clause_of.get(pos)
        if c is None:
            c = self._clause_of[pos] = max(0, bisect_right(self._clause_starts, pos) - 1)
        return c

    def sentence_index(self, pos: int) -> int:
        s = self._sentence_of.get(pos)
        if s is None:
            s = self._sentence_of[pos] = max(0, bisect_right(self._sentence_starts, pos) - 1)
        return s

    def paragraph_index(self, pos: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, pos) - 1)

    def in_plan(self, pos: int) -> bool:
        return bool(self.paragraphs) and self.in_plan_paragraph[self.paragraph_index(pos)]

    def in_inclusion_note(self, pos: int) -> bool:
        return any(n.start < pos < n.end for n in self._notes)

    def first_note_start(self, lo: int, hi: int) -> int:
        """Where the first "of which" note between lo and hi begins (hi when there is none)."""
        i = bisect_left(self._note_starts, lo)
        return self._note_starts[i] if i < len(self._note_starts) and self._note_starts[i] < hi else hi

    def sentence_clauses(self, s_index: int) -> list[int]:
        """Indices of the clauses of one sentence, in order."""
        seg = self.sentences[s_index]
        first = self.clause_index(seg.start)
        out = []
        for c in range(first, len(self.clauses)):
            if self.clause_sentence[c] != s_index:
                if self.clauses[c].start >= seg.end:
                    break
                continue
            out.append(c)
        return out

    def lead_segments(self, s_index: int) -> list[Segment]:
        """The labelled topics above a sentence, nearest first: the lead of its sub-item (（二）网络
        交易执法。 / 一是…) and the nearest heading above its paragraph (not a neighbouring sentence)."""
        p = self.sentence_paragraph[s_index]
        out: list[Segment] = []
        j = self._lead_in_sentence[s_index]
        if j >= 0 and j != s_index:
            out.append(self.sentences[j])
        q = self._heading_above[p]
        if q >= 0 and not self.is_byline[q]:
            out.append(self.paragraphs[q])
        return out

    def context_segments(self, s_index: int) -> list[Segment]:
        """Where a topic named before a sentence is still in force, nearest first: the previous
        sentence of the paragraph, the lead of the sub-item (一是…), the paragraph's first
        sentence, and the nearest heading above the paragraph."""
        p = self.sentence_paragraph[s_index]
        first = self.paragraph_first_sentence[p]
        out: list[Segment] = []
        if s_index - 1 >= first:
            out.append(self.sentences[s_index - 1])
        j = self._lead_from_start[s_index]
        if j >= 0:
            out.append(self.sentences[j])
        out.append(self.sentences[first])
        q = self._heading_above[p]
        if q >= 0 and not self.is_byline[q]:
            out.append(self.paragraphs[q])
        unique: list[Segment] = []
        for seg in out:
            if seg not in unique and seg != self.sentences[s_index]:
                unique.append(seg)
        return unique
