"""The demo build without sockets: fixtures, the synthetic rule, ground truth, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.demo.build import build_all
from scrapers.demo.catalog import load_sites
from scrapers.demo.fixtures import FIXTURES_DIR, REAL_STEMS, load_fixture
from scrapers.demo.synthetic import SYNTHETIC_FROM, make_prior_year, synthetic_fixtures
from scrapers.demo.truth import expected_reports, lookalikes

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = next((p for p in (REPO_ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), None)


def test_two_builds_give_identical_bytes() -> None:
    first = {s.spec.id: s.pages for s in build_all()}
    second = {s.spec.id: s.pages for s in build_all()}
    assert first.keys() == second.keys()
    for site_id in first:
        assert first[site_id].keys() == second[site_id].keys()
        for path in first[site_id]:
            assert first[site_id][path].body == second[site_id][path].body, (site_id, path)


def test_build_is_the_same_in_another_process_with_another_hash_seed() -> None:
    code = "from scrapers.demo.build import build_all; print(' '.join(s.digest() for s in build_all()))"
    digests = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)}
        out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO_ROOT,
                             capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert digests == {" ".join(s.digest() for s in build_all())}


@pytest.mark.skipif(SHARED is None, reason="shared/ not beside the repo")
def test_real_fixtures_are_the_corpus_text_verbatim() -> None:
    for stem in REAL_STEMS:
        fixture = load_fixture(stem)
        corpus = (SHARED / "corpus" / f"{stem}.txt").read_text(encoding="utf-8")
        gold = json.loads((SHARED / "gold" / f"{stem}.meta.json").read_text(encoding="utf-8"))
        assert fixture.body in corpus
        assert fixture.body.startswith(gold["body_first"])
        assert fixture.body.endswith(gold["body_last"])
        assert list(fixture.chrome) == gold["chrome"]
        assert not fixture.synthetic
        for line in gold["chrome"]:
            assert line not in fixture.body.splitlines()


def test_fixture_metadata() -> None:
    hedong = load_fixture("001_b4761d77e6b5b755")
    assert hedong.title == "天津市河东区市场监督管理局2023年度法治政府建设情况报告"
    assert set(hedong.assigned_by_demo) == {"title", "published"}
    fuzhou = load_fixture("002_cfe5856917785c2e")
    assert (fuzhou.report_year, fuzhou.published) == (2020, "2021-03-15")


def test_synthetic_fixtures_on_disk_match_the_rule() -> None:
    # Nobody edits synthetic files by hand: `python -m scrapers.demo fixtures` writes them.
    for fixture in synthetic_fixtures():
        on_disk = load_fixture(fixture.stem)
        assert on_disk == fixture
    synthetic_stems = {p.name.split(".")[0] for p in FIXTURES_DIR.glob("*_syn*.json")}
    assert synthetic_stems == {f"{stem}_syn2022" for stem in SYNTHETIC_FROM}
    assert not any(p.name.startswith("002") and "_syn" in p.name for p in FIXTURES_DIR.iterdir())


@pytest.mark.parametrize("stem", SYNTHETIC_FROM)
def test_synthetic_prior_year_follows_the_rule(stem: str) -> None:
    real = load_fixture(stem)
    syn = load_fixture(f"{stem}_syn2022")
    assert syn.synthetic and syn.derived_from == stem
    assert syn.report_year == real.report_year - 1 == 2022
    assert "2022年度" in syn.title and "2023" not in syn.title
    assert syn.published[:4] == str(int(real.published[:4]) - 1)
    # Percentages and year-less numbers like 12315 are left alone.
    assert re.findall(r"\d+(?:\.\d+)?%", syn.body) == re.findall(r"\d+(?:\.\d+)?%", real.body)
    assert syn.body.count("12315") == real.body.count("12315")
    # The body still reads as that year's report: same lines, same structure.
    assert len(syn.body.splitlines()) == len(real.body.splitlines())
    assert syn.body != real.body
    changed = _changed_quantities(real.body, syn.body)
    assert changed, "no quantity was changed"
    linked = {link.value for link in syn.yoy_links}
    for old, new in changed:
        if old in linked or old < 5:  # small counts round back to themselves or 1
            continue
        assert 0.74 * old <= new <= 0.99 * old + 0.5, (old, new)


def test_synthetic_prior_values_agree_with_the_stated_change() -> None:
    syn = load_fixture("001_b4761d77e6b5b755_syn2022")
    by_value = {link.value: link for link in syn.yoy_links}
    assert by_value[73208].prior == 66036  # 73208 / 1.1086
    assert by_value[21].prior == 7  # 办结数同比增长200%
    assert {205, 682} <= by_value.keys()  # 同比分别增加10%、19%
    for link in syn.yoy_links:
        assert link.prior == pytest.approx(link.value / (1 + link.yoy_pct / 100), abs=0.51)
        written = f"{link.prior:.2f}" if link.value != int(link.value) else str(int(link.prior))
        assert written in syn.body


def test_years_shift_but_ranges_and_document_numbers_do_not() -> None:
    real = load_fixture("000_a8f37f06b62b6b46")
    syn = make_prior_year(real)
    assert "(2022-2025)" in real.body and "(2022-2025)" in syn.body
    assert syn.body.endswith("2023年3月11日")
    assert "一、2022年工作情况" in syn.body


def test_truth_covers_every_list_item_once() -> None:
    reports, others = expected_reports(), lookalikes()
    for spec in load_sites():
        paths = [it.path for it in spec.items]
        truth_paths = [r.path for r in reports if r.site_id == spec.id]
        truth_paths += [o.path for o in others if o.site_id == spec.id]
        assert sorted(paths) == sorted(truth_paths)
    assert all(o.why_not and ":" in o.why_not for o in others)
    assert {(r.site_id, r.report_year, r.synthetic) for r in reports} == {
        ("xianning-amr", 2023, False),
        ("xianning-amr", 2022, True),
        ("hedong-amr", 2023, False),
        ("hedong-amr", 2022, True),
        ("fuzhou-amr", 2020, False),
    }
    agencies = {spec.id: spec.agency for spec in load_sites()}
    assert all(r.agency == agencies[r.site_id] for r in reports)


def test_every_site_has_each_kind_of_lookalike() -> None:
    kinds_by_site: dict[str, set[str]] = {}
    for o in lookalikes():
        kinds_by_site.setdefault(o.site_id, set()).add(o.why_not.split(":")[0])
    for site_id, kinds in kinds_by_site.items():
        assert {"info_disclosure_report", "work_points", "notice", "news", "other_agency"} <= kinds, site_id
    # Other departments' reports carry the very title pattern a crawler looks for.
    assert any("司法局2023年度法治政府建设情况报告" in o.title for o in lookalikes())


def _changed_quantities(real: str, syn: str) -> list[tuple[float, float]]:
    pairs = []
    for a, b in zip(real.splitlines(), syn.splitlines()):
        na = [float(x) for x in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?=万|亿|余|多|[件户家个份条张项名人台])", a)]
        nb = [float(x) for x in re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?=万|亿|余|多|[件户家个份条张项名人台])", b)]
        if len(na) == len(nb):
            pairs += [(x, y) for x, y in zip(na, nb) if x != y]
    return pairs
