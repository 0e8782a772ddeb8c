"""Stage 2: which metric a quantity is: the highest-priority rule of the lexicon whose trigger words sit next to it."""

from __future__ import annotations

from scrapers.metrics.hits import Hit
from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import Lexicon, Rule
from scrapers.metrics.numbers import Quantity
from scrapers.metrics.lists import FIELD_LIST_SEPARATORS


def best_rule(q: Quantity, layout: Layout, lex: Lexicon, label_end: int | None = None) -> Hit | None:
    clause = layout.clauses[layout.clause_index(q.start)]
    if label_end is not None:
        # A table cell: its row label (unit stripped) stands just before the number.
        left, right = layout.folded[clause.start : label_end], ""
    else:
        left = layout.folded[clause.start : q.start]
        right = layout.folded[q.end : clause.end]
    if lex.average_words.search(left):
        return None  # 日均新设3460户: an average, not a total
    sentence = layout.sentences[layout.sentence_index(q.start)]
    best: tuple[tuple[int, int], Hit] | None = None
    for spec in lex.metrics.values():
        if not spec.accepts(q.kind, q.unit):
            continue
        for rule in spec.rules:
            gap = _trigger_gap(rule, left, right, lex)
            if gap is None or not _conditions_hold(rule, left, sentence, layout, clause):
                continue
            key = (rule.priority, -len(lex.fillers.sub("", gap)))
            if best is None or key > best[0]:
                best = (
                    key,
                    Hit(q=q, spec=spec, rule_id=rule.id, confidence=rule.confidence, gap=gap, domain_scope=rule.domain_scope, number_first=not rule.before),
                )
    return best[1] if best else None


def _trigger_gap(rule: Rule, left: str, right: str, lex: Lexicon) -> str | None:
    """The words between the rule's trigger and the number, or None when it does not fire."""
    gap: str | None = "" if not rule.before else None
    for pattern in rule.before:
        for m in pattern.finditer(left):
            candidate = left[m.end() :]
            core = lex.fillers.sub("", lex.gap_note.sub("", candidate)).strip()
            if core and not FIELD_LIST_SEPARATORS.sub("", lex.domain_cues.sub("", core)):
                core = ""  # only field names in between: 抽检药品、医疗器械分别为320批次
            if len(core) <= rule.max_gap and (gap is None or len(candidate) < len(gap)):
                gap = candidate
    if gap is None:
        return None
    if rule.after and not any(p.match(right) for p in rule.after):
        return None
    if any(p.match(right) for p in rule.after_excludes):
        return None
    return gap


def _conditions_hold(rule: Rule, left: str, sentence: Segment, layout: Layout, clause: Segment | None = None) -> bool:
    if any(p.search(left) for p in rule.clause_excludes):
        return False
    if rule.previous_clause_excludes and clause is not None:
        c = layout.clause_index(clause.start)
        if c > 0 and layout.clause_sentence[c - 1] == layout.clause_sentence[c]:
            prev = layout.clauses[c - 1]
            if any(p.search(layout.masked[prev.start : prev.end]) for p in rule.previous_clause_excludes):
                return False
    if rule.sentence_requires or rule.sentence_excludes:
        text = layout.masked[sentence.start : sentence.end]
        if rule.sentence_requires and not any(p.search(text) for p in rule.sentence_requires):
            return False
        if any(p.search(text) for p in rule.sentence_excludes):
            return False
    if rule.context_requires:
        s_index = layout.sentence_index(sentence.start)
        scopes = [sentence, *layout.context_segments(s_index)]
        if not any(p.search(layout.masked[s.start : s.end]) for s in scopes for p in rule.context_requires):
            return False
    return True
