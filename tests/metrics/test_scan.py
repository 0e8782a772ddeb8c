"""The first-character lookahead (scrapers/metrics/scan.py) must never change a match."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from scrapers.metrics.lexicon import default_lexicon, may_start_in
from scrapers.metrics.numbers import fold_text
from scrapers.metrics.scan import first_chars, original, spans_near, with_first_char_lookahead

REAL = Path(__file__).parent / "real"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("同比|较上年", {"同", "较"}),
        ("(?P<pre>分别)?(?:同比|[较比]上年)", {"分", "同", "较", "比"}),
        (r"(?<=批次[,，])(?:全部|均)合格", {"全", "均"}),  # a lookbehind is zero-width
        (r"(?:双随机|随机)?抽查", {"双", "随", "抽"}),
        (r"\d+件", {r"\d"}),
        (r"[0-3]个", {"0", "1", "2", "3"}),
    ],
)
def test_first_characters(pattern: str, expected: set[str]) -> None:
    assert first_chars(pattern) == expected


@pytest.mark.parametrize("pattern", [r"(?:a)?", r"[^x]y", r"\D", r".件", r"(?i)abc", r"x*"])
def test_no_lookahead_where_first_characters_are_not_known(pattern: str) -> None:
    assert first_chars(pattern) is None
    compiled = re.compile(pattern)
    assert with_first_char_lookahead(compiled) is compiled


def _texts() -> list[str]:
    texts = [fold_text(p.read_text(encoding="utf-8")) for p in sorted(REAL.glob("dev_*/*.txt"))]
    return texts + ["", "同比", "分别同比增长5%、6%", "1,2 3。未收到申请"]


def _patterns_of(obj: object, name: str, seen: set[int]) -> list[tuple[str, re.Pattern[str]]]:
    """Every compiled regex reachable from a lexicon object (fields, tuples, rules, metrics)."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        return [(name, obj)]
    if isinstance(obj, (tuple, list)):
        return [p for i, item in enumerate(obj) for p in _patterns_of(item, f"{name}[{i}]", seen)]
    if isinstance(obj, dict):
        return [p for k, item in obj.items() for p in _patterns_of(item, f"{name}.{k}", seen)]
    if hasattr(obj, "__dataclass_fields__"):
        return [p for f in obj.__dataclass_fields__ for p in _patterns_of(getattr(obj, f), f"{name}.{f}", seen)]
    return []


def _lexicon_patterns() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, plain pattern, pattern with its lookahead) for every scan the lexicon speeds up."""
    lex = default_lexicon()
    found = _patterns_of(lex, "lexicon", set())
    found += [(f"triggers:{code}", spec.triggers_any) for code, spec in lex.metrics.items() if spec.triggers_any is not None]
    return [(name, original(fast), fast) for name, fast in found if original(fast) is not fast]


def test_the_lexicon_scans_have_lookaheads() -> None:
    names = {name for name, _, _ in _lexicon_patterns()}
    assert "triggers:cases_filed" in names
    # The field cues open on their literal (the checks against longer words follow it): every branch
    # starts with a known character already, so no lookahead is added, and none is needed.
    assert "lexicon.domain_cues" not in names and not default_lexicon().domain_cues.pattern.startswith("(?")
    assert any(name.startswith("lexicon.zero_rules") for name in names)
    assert default_lexicon().yoy.pattern.startswith("(?=[")


def test_lookaheads_give_the_same_matches_on_real_text() -> None:
    texts = _texts()
    for name, plain, fast in _lexicon_patterns():
        for text in texts:
            got = [(m.span(), m.groups()) for m in fast.finditer(text)]
            want = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert got == want, name


@lru_cache(maxsize=1)
def _real_clauses() -> list[tuple[str, str, set[str], bool]]:
    """Every clause of the real texts (title-masked, as the extractor scans them): its file, its
    text, its characters, and whether one is a decimal digit."""
    from scrapers.metrics.layout import Layout

    lex = default_lexicon()
    out = []
    for path in sorted(REAL.glob("*/*.txt")):
        layout = Layout(path.read_text(encoding="utf-8"), lex)
        for seg in layout.clauses:
            text = layout.masked[seg.start : seg.end]
            present = set(text)
            out.append((path.name, text, present, any(c.isdecimal() for c in present)))
    return out


def test_the_period_cue_prefilter_skips_no_match() -> None:
    """period_cue runs only the cues Lexicon.period_cues_in finds for a clause's characters (a
    character a cue can start with, or a digit for \\d): on every clause of the real texts, a
    skipped cue has no match, and the index keeps exactly the cues may_start_in keeps."""
    lex = default_lexicon()
    skipped = 0
    for name, text, present, digit in _real_clauses():
        runnable = set(lex.period_cues_in(present))
        for k, (cue, firsts) in enumerate(zip(lex.period_cues, lex.period_cue_firsts)):
            assert (k in runnable) == may_start_in(firsts, present, digit), (name, cue.pattern.pattern)
            if k in runnable:
                continue
            skipped += 1
            assert cue.pattern.search(text) is None, (name, cue.pattern.pattern, text)
    assert skipped > 0


def test_the_trigger_prefilter_skips_no_match() -> None:
    """best_rule looks for a metric's triggers only in words holding a character they can start
    with: on every clause of the real texts, a metric skipped so has no trigger there."""
    lex = default_lexicon()
    skipped = 0
    for name, text, present, digit in _real_clauses():
        for spec in lex.metrics.values():
            if spec.triggers_any is None or may_start_in(spec.trigger_firsts, present, digit):
                continue
            skipped += 1
            assert spec.triggers_any.search(text) is None, (name, spec.code, text)
    assert skipped > 0


def test_the_zero_rules_needs_skip_no_match() -> None:
    """zero_mentions skips a rule on a text holding none of its `needs`: on every real text, such a
    rule has no match (and on some it has one: the needs are not too strict to say)."""
    lex = default_lexicon()
    skipped = found = 0
    for path in sorted(REAL.glob("*/*.txt")):
        folded = fold_text(path.read_text(encoding="utf-8"))
        for rule in lex.zero_rules:
            assert rule.needs, rule.id
            if any(word in folded for word in rule.needs):
                found += rule.pattern.search(folded) is not None
                continue
            skipped += 1
            assert rule.pattern.search(folded) is None, (path.name, rule.id)
    assert skipped > 0 and found > 0


def test_a_zero_rules_needs_must_be_in_its_pattern(tmp_path: Path) -> None:
    from scrapers.metrics.lexicon import load_lexicon_file

    source = Path(__file__).resolve().parents[2] / "scrapers" / "metrics" / "data" / "lexicon.yaml"
    text = source.read_text(encoding="utf-8").replace("needs: [败诉]", "needs: [败述]")
    (tmp_path / "lexicon.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="zero.litigation_lost"):
        load_lexicon_file(tmp_path / "lexicon.yaml")


def test_spans_near_anchors_are_the_whole_text_scans_spans_on_every_labelled_text() -> None:
    # The period spans are looked for only near the words every match holds (lexicon
    # period.anchors); on every real text labelled so far that finds exactly what a scan of the
    # whole text finds.
    from scrapers.metrics.layout import Layout

    lex = default_lexicon()
    cues = [c for c in lex.period_cues if c.anchors]
    assert {c.kind for c in cues} == {"span", "since_year", "since_month"}
    texts = sorted((Path(__file__).parent / "real").glob("**/*.txt"))
    assert len(texts) > 1000
    for path in texts:
        masked = Layout(path.read_text(encoding="utf-8"), lex).masked
        for cue in cues:
            assert spans_near(cue.pattern, masked, cue.anchors) == [m.span() for m in cue.pattern.finditer(masked)], (path, cue.kind)


def test_the_anchored_period_spans_have_a_bounded_width() -> None:
    # spans_near looks only near the anchors when it knows how far a match can reach; a pattern of
    # unbounded width (a \s* in it) silently falls back to a scan of the whole text on every text.
    from scrapers.metrics.scan import max_width

    for cue in default_lexicon().period_cues:
        if cue.anchors:
            assert max_width(cue.pattern.pattern, cue.pattern.flags & ~re.UNICODE) is not None, cue.kind
            assert first_chars(cue.pattern.pattern, cue.pattern.flags & ~re.UNICODE) is not None, cue.kind


def test_spans_near_goes_on_after_a_match_as_finditer_does() -> None:
    pattern = re.compile(r"(\d{4})年[^,;。]{0,6}?(?:至|到)(\d{4})年")
    text = "2019年至2020年至2021年,自2018年到2022年。"
    assert spans_near(pattern, text, ("至", "到")) == [m.span() for m in pattern.finditer(text)]
    assert spans_near(pattern, "全年立案12件。", ("至", "到")) == []
    # An unbounded pattern falls back to the whole-text scan.
    assert spans_near(re.compile(r"\d+年.*?以来"), "2018年以来", ("以来",)) == [(0, 7)]
