"""The conditions a lexicon rule sets beyond its trigger words: words its clause, the clause
before, its sentence or its context must not (or must) hold."""

from __future__ import annotations

import re

from scrapers.metrics.layout import Layout, Segment
from scrapers.metrics.lexicon import Rule


def conditions_hold(rule: Rule, left: str, sentence: Segment, layout: Layout, clause: Segment | None = None) -> bool:
    """Whether the rule's conditions hold for a number: the words before it in its clause (`left`),
    the clause before, its sentence and the topics in force there."""
    if _found(rule.clause_excludes_any, rule.clause_excludes, left):
        return False
    if rule.previous_clause_excludes and clause is not None:
        c = layout.clause_index(clause.start)
        if c > 0 and layout.clause_sentence[c - 1] == layout.clause_sentence[c]:
            prev = layout.clauses[c - 1]
            if any(p.search(layout.masked[prev.start : prev.end]) for p in rule.previous_clause_excludes):
                return False
    if rule.preceding_excludes and clause is not None:
        before = layout.masked[sentence.start : clause.start] + left
        if any(p.search(before) for p in rule.preceding_excludes):
            return False
    if rule.sentence_requires or rule.sentence_excludes:
        text = layout.masked[sentence.start : sentence.end]
        if rule.sentence_requires and not _found(rule.sentence_requires_any, rule.sentence_requires, text):
            return False
        if _found(rule.sentence_excludes_any, rule.sentence_excludes, text):
            return False
    if rule.context_requires:
        s_index = layout.sentence_index(sentence.start)
        scopes = [sentence, *layout.context_segments(s_index)]
        if not any(p.search(layout.masked[s.start : s.end]) for s in scopes for p in rule.context_requires):
            return False
    return True


def _found(union: re.Pattern[str] | None, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Whether any of `patterns` occurs in `text` (one scan with their union when there is one)."""
    if union is not None:
        return union.search(text) is not None
    return any(p.search(text) for p in patterns)
