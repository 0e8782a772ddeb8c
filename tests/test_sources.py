"""The sources file fails fast with a message naming the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.sources import SourcesError, load_sources, parse_sources

GOOD = {
    "id": "xianning-amr",
    "agency": "咸宁市市场监督管理局",
    "region": {"province": "湖北省", "city": "咸宁市", "county": None},
    "list_urls": ["http://127.0.0.1:18081/zwgk/fzzfjs/index.html"],
}


def test_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - id: xianning-amr\n"
        "    agency: 咸宁市市场监督管理局\n"
        "    region: {province: 湖北省, city: 咸宁市, county: null}\n"
        "    list_urls: [\"http://127.0.0.1:18081/zwgk/fzzfjs/index.html\"]\n"
        "    requests_per_second: 0.5\n",
        encoding="utf-8",
    )
    [source] = load_sources(path)
    assert source.id == "xianning-amr"
    assert source.region.city == "咸宁市"
    assert source.requests_per_second == 0.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"list_urls": None}, "sources[0] (id 'xianning-amr'): field 'list_urls' is missing"),
        ({"id": "Bad Id!"}, "field 'id' must be lowercase letters"),
        ({"agency": ""}, "field 'agency': String should have at least 1 character"),
        ({"list_urls": ["ftp://example/x"]}, "field 'list_urls': 'ftp://example/x' is not an http(s) URL"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"region": {"town": "x"}}, "field 'region': unknown key 'town'"),
        ({"max_list_pages": 0}, "field 'max_list_pages': Input should be greater than or equal to 1"),
        # Each of these passed the old checks and crashed `run` (TypeError) or stalled it.
        ({"region": {"city": 123}}, "field 'region.city': Input should be a valid string"),
        ({"agency_aliases": ["ok", 7]}, "field 'agency_aliases[1]': Input should be a valid string"),
        ({"requests_per_second": 0.000001}, "field 'requests_per_second': Input should be greater than or equal to 0.02"),
        ({"max_list_pages": True}, "field 'max_list_pages': Input should be a valid integer"),
        ({"max_list_pages": 10**9}, "field 'max_list_pages': Input should be less than or equal to 1000"),
        ({"budgets": {"max_wall_s": 1}}, "field 'budgets.max_wall_s': Input should be greater than or equal to 5"),
        ({"budgets": {"max_walltime": 60}}, "field 'budgets': unknown key 'max_walltime'"),
        ({"list_urls": ["http://127.0.0.1:99999/x"]}, "'http://127.0.0.1:99999/x' is not a valid URL"),
    ],
)
def test_bad_entry_names_entry_and_field(change: dict, message: str) -> None:
    entry = {**GOOD, **change}
    with pytest.raises(SourcesError) as err:
        parse_sources({"sources": [entry]}, origin="s.yaml")
    assert message in str(err.value)
    assert str(err.value).startswith("s.yaml: sources[0]")


def test_duplicate_id_names_both_entries() -> None:
    with pytest.raises(SourcesError, match=r"sources\[1\] \(id 'xianning-amr'\): field 'id': duplicate id, first used by sources\[0\]"):
        parse_sources({"sources": [GOOD, GOOD]})


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(bad)


def test_the_example_sources_file_is_valid() -> None:
    sources = load_sources(Path(__file__).resolve().parents[1] / "sources.example.yaml")
    assert [s.id for s in sources] == ["example-city-amr", "example-county-amr"]
    assert sources[0].agency_aliases == ("某某市市场监管局",)


def test_every_problem_is_one_line_naming_entry_and_field() -> None:
    bad = [
        {**GOOD, "id": "a", "region": {"city": ["x"]}, "requests_per_second": "fast"},
        GOOD,
        {**GOOD, "id": "c", "agency": None},
    ]
    with pytest.raises(SourcesError) as err:
        parse_sources({"sources": bad}, origin="s.yaml")
    lines = str(err.value).splitlines()
    assert lines == [
        "s.yaml: sources[0] (id 'a'): field 'region.city': Input should be a valid string",
        "s.yaml: sources[0] (id 'a'): field 'requests_per_second': Input should be a valid number",
        "s.yaml: sources[2] (id 'c'): field 'agency' is missing",
    ]


def test_credentials_in_a_list_url_are_refused_without_echoing_the_password() -> None:
    entry = {**GOOD, "list_urls": ["http://reader:Sup3rSecret@127.0.0.1:18081/zwgk/index.html"]}
    with pytest.raises(SourcesError) as err:
        parse_sources({"sources": [entry]}, origin="s.yaml")
    message = str(err.value)
    assert "Sup3rSecret" not in message and "reader" not in message
    assert "http://***@127.0.0.1:18081/zwgk/index.html" in message
    assert "Airflow connection or the environment" in message


def test_budget_overrides_reach_the_source() -> None:
    from scrapers.budgets import Budgets

    [source] = parse_sources({"sources": [{**GOOD, "budgets": {"max_wall_s": 60, "max_requests": 40}}]})
    budgets = Budgets().with_overrides(source.budgets)
    assert (budgets.max_wall_s, budgets.max_requests, budgets.max_bytes) == (60, 40, Budgets().max_bytes)


def test_defaults_apply_to_every_entry_and_are_validated() -> None:
    raw = {"defaults": {"requests_per_second": 0.5}, "sources": [GOOD, {**GOOD, "id": "b", "requests_per_second": 2}]}
    assert [s.requests_per_second for s in parse_sources(raw)] == [0.5, 2]
    with pytest.raises(SourcesError, match=r"sources\[1\] \(id 'b'\): field 'requests_per_second'"):
        parse_sources({"defaults": {"requests_per_second": 500}, "sources": [{**GOOD, "requests_per_second": 1}, {**GOOD, "id": "b"}]})
