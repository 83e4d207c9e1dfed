"""Our own open dataset format: the bundled files parse, and errors name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyatlas.errors import ParseError
from policyatlas.sources import detect_parser
from policyatlas.sources.dataset.parser import AtlasDatasetParser, parse_iso_date

DATA = Path(__file__).resolve().parents[1] / "data" / "curated"
PARSER = AtlasDatasetParser()

MINIMAL = """\
format: policyatlas-dataset
version: 1
country: UY
title: Test dataset
as_of: "2022-05"
sources:
  - {id: s1, title: A test source, url: "https://example.org"}
records:
  - kind: law
    section: Legal Framework
    title: Ley de Prueba
    title_en: Test Law
    date: "2020-03-02"
    amended: ["2021", unknown]
    source: s1
  - kind: cooperation
    section: Cooperation
    title: Test Forum
    date: "2017-12-05/2017-12-07"
    source: s1
"""


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA)))
def test_dataset_bundled_files_parse(path: Path) -> None:
    data = path.read_bytes()
    assert detect_parser(data, path.name).kind == "atlas-dataset"
    parsed = PARSER.parse(data, str(path))
    assert parsed.records and all(r.country for r in parsed.records)
    if len(path.stem) == 2:  # a country's own file is named by its code
        assert parsed.country == path.stem
    for record in parsed.records:
        assert record.extra["cited_source"]["title"]


def test_dataset_minimal_records_dates_and_lines() -> None:
    parsed = PARSER.parse(MINIMAL.encode(), "uy.yaml")
    law, forum = parsed.records
    assert (law.title, law.title_en, law.date and law.date.value) == ("Ley de Prueba", "Test Law", "2020-03-02")
    assert [d.to_json() for d in law.amended] == [
        {"value": "2021", "precision": "year", "end": None}, {"value": None, "precision": None, "end": None}]
    assert forum.date is not None and (forum.date.value, forum.date.end) == ("2017-12-05", "2017-12-07")
    assert (law.line_start, forum.line_start) == (9, 16)
    assert parsed.as_of is not None and parsed.as_of.precision == "month"


@pytest.mark.parametrize(("change", "message", "line"), [
    (("kind: law", "kind: lawz"), "unknown kind 'lawz'", 9),
    (('date: "2020-03-02"', 'date: "2020-13-02"'), "records.0.date", 13),
    (("source: s1\n  - kind: coop", "source: s9\n  - kind: coop"), "'s9' is not among sources", 15),
    (("country: UY", "country: Atlantis"), "country", 3),
    (("title: Test Forum", "title: [unclosed"), "invalid YAML", 19),
])
def test_dataset_errors_name_line(change: tuple[str, str], message: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        PARSER.parse(MINIMAL.replace(*change).encode(), "bad.yaml")
    assert message in str(info.value) and info.value.line == line
    assert str(info.value).startswith(f"bad.yaml:{line}:")


def test_parse_iso_date_rejects_bad_forms() -> None:
    for bad in ("2021-9", "21", "2021-02-30", "2022/2021"):
        with pytest.raises(ValueError):
            parse_iso_date(bad)


MULTI = """\
format: policyatlas-dataset
version: 1
title: Index values (test)
sources:
  - {id: s1, title: A test source}
records:
  - {kind: index_value, country: MX, section: Indices, title: "GCI 2018", date: "2018", source: s1,
     attributes: {index: gci, edition: 2018, value: 0.629, scale: "0-1"}}
  - {kind: index_value, country: GB, section: Indices, title: "GCI 2018", date: "2018", source: s1,
     attributes: {index: gci, edition: 2018, value: 0.931, scale: "0-1"}}
"""


def test_dataset_many_countries_with_attributes() -> None:
    parsed = PARSER.parse(MULTI.encode(), "indices.yaml")
    assert parsed.country is None and parsed.lineage == "atlas-dataset/index-values-test"
    assert [(r.country, r.attributes["value"]) for r in parsed.records] == [("MX", 0.629), ("GB", 0.931)]


def test_dataset_record_without_any_country_is_an_error() -> None:
    with pytest.raises(ParseError, match="no country") as info:
        PARSER.parse(MULTI.replace("country: GB, ", "").encode(), "indices.yaml")
    assert info.value.line == 9


def test_a_control_character_is_a_one_line_error() -> None:
    """Found by the property tests: PyYAML's reader error spans two lines."""
    with pytest.raises(ParseError) as caught:
        AtlasDatasetParser().parse(b"\x1f", "any.txt")
    assert "\n" not in str(caught.value) and "control characters" in str(caught.value)
