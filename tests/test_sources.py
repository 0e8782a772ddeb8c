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
        ({"id": "Bad Id!"}, "field 'id': 'Bad Id!' must be"),
        ({"agency": ""}, "field 'agency' is missing"),
        ({"list_urls": ["ftp://example/x"]}, "field 'list_urls': 'ftp://example/x' is not an http(s) URL"),
        ({"colour": "red"}, "unknown key(s): colour"),
        ({"region": {"town": "x"}}, "field 'region': unknown key(s): town"),
        ({"max_list_pages": 0}, "field 'max_list_pages' must be a positive number"),
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
