"""Published index tables (GCI 2017/2018/2020, NCSI, CEI, DDL) into index values per country and edition."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyatlas.errors import InputError, ParseError
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import EXTENDED_KINDS, ParsedSource
from policyatlas.sources.base import ParseOptions
from policyatlas.sources.indices.parser import MISSING, IndexTableParser
from tests.conftest import need_shared

PARSER = IndexTableParser()
ATTRIBUTES = {"index", "index_name", "edition", "value", "scale", "rank", "country_name"}

# file, its index columns (header -> index), edition, scale of each index, lineage
TABLES = {
    "gci2017": ("corpus/indices/gci2017_scores_country_names.csv", {"Global Cybersecurity Index": "gci"}, 2017,
                {"gci": "0-1"}, "index-table/gci-2017"),
    "gci2018": ("corpus/indices/gci2018_scores_country_names.csv", {"Score": "gci"}, 2018, {"gci": "0-1"},
                "index-table/gci-2018"),
    "gci2018-iso2": ("corpus/indices/gci2018_scores_iso2.csv", {"Score": "gci"}, 2018, {"gci": "0-1"},
                     "index-table/gci-2018"),
    "cyber-indexes": ("corpus/indices/cyber_security_indexes_cei_gci2020_ncsi_ddl.csv",
                      {"CEI": "cei", "GCI": "gci", "NCSI": "ncsi", "DDL": "ddl"}, 2020,
                      {"cei": "0-1", "gci": "0-100", "ncsi": "0-100", "ddl": "0-100"}, "index-table/cei-ddl-gci-ncsi-2020"),
}


def _parse(path: Path) -> ParsedSource:
    return PARSER.parse(path.read_bytes(), str(path))


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of each data row, read directly with csv (these tables have one line per row)."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return [(line, row) for line, row in enumerate(reader, start=2)]


@pytest.mark.parametrize("table", TABLES)
def test_index_table_counts_one_record_per_non_missing_cell(table: str) -> None:
    relative, columns, _, _, _ = TABLES[table]
    path = need_shared(relative)
    expected = sum(1 for _, row in _rows(path) for header in columns if row[header].strip().casefold() not in MISSING)
    source = _parse(path)
    assert len(source.records) == expected
    for header, index in columns.items():
        assert sum(r.attributes["index"] == index for r in source.records) == sum(
            1 for _, row in _rows(path) if row[header].strip().casefold() not in MISSING)


@pytest.mark.parametrize("table", TABLES)
def test_index_table_records_carry_index_edition_scale_and_provenance(table: str) -> None:
    relative, columns, edition, scales, lineage = TABLES[table]
    source = _parse(need_shared(relative))
    assert (source.format, source.media_type, source.lineage) == ("index-table", "text/csv", lineage)
    assert (source.country, source.language, source.as_of) == (None, "en", FuzzyDate(str(edition), "year"))
    assert source.title and str(edition) in source.title
    lines = source.text.splitlines()
    for record in source.records:
        assert record.kind == "index_value" and record.kind in EXTENDED_KINDS
        assert set(record.attributes) == ATTRIBUTES
        assert record.attributes["edition"] == edition
        assert record.attributes["scale"] == scales[record.attributes["index"]]
        assert record.dates == (FuzzyDate(str(edition), "year"),)
        assert record.title.startswith(f"{record.attributes['index_name']} {edition}: ")
        assert record.line_start == record.line_end
        assert lines[record.line_start - 1].startswith(record.attributes["country_name"].join('""')
                                                       if "," in record.attributes["country_name"]
                                                       else record.attributes["country_name"])
        assert record.country is not None


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("country", ["GB", "MX"])
def test_index_table_spot_values_match_the_csv(table: str, country: str) -> None:
    relative, columns, edition, _, _ = TABLES[table]
    path = need_shared(relative)
    names = {"GB": {"United Kingdom", "GB"}, "MX": {"Mexico", "MX"}}[country]
    first = next(iter(_rows(path)[0][1]))
    line, row = next((line, row) for line, row in _rows(path) if row[first] in names)
    source = _parse(path)
    for header, index in columns.items():
        record = next(r for r in source.records if r.country == country and r.attributes["index"] == index)
        assert record.attributes["value"] == pytest.approx(float(row[header]), abs=1e-9)
        assert record.attributes["edition"] == edition
        assert (record.line_start, record.attributes["country_name"]) == (line, row[first])
        assert record.attributes["rank"] == (int(row["Global Rank"]) if "Global Rank" in row else None)


@pytest.mark.parametrize("table", TABLES)
def test_index_table_resolves_every_country_and_says_where_the_edition_came_from(table: str) -> None:
    relative, _, edition, _, _ = TABLES[table]
    source = _parse(need_shared(relative))
    unresolved = [w for w in source.warnings if "not resolved" in w]
    assert unresolved == []
    assert any(f"taken from the file name: {edition}" in w for w in source.warnings)


def test_index_table_reads_the_same_gci_2018_from_names_and_codes() -> None:
    by_name = _parse(need_shared(TABLES["gci2018"][0]))
    by_code = _parse(need_shared(TABLES["gci2018-iso2"][0]))
    values = {r.country: (r.attributes["value"], r.attributes["rank"]) for r in by_name.records}
    assert values == {r.country: (r.attributes["value"], r.attributes["rank"]) for r in by_code.records}
    assert values["NA"] == (0.127, 141)  # Namibia's code is not a missing value


def test_index_table_keeps_unresolved_names_and_skips_missing_cells() -> None:
    data = (b"Country,Region,NCSI,CEI\n"
            b"Estonia,Europe,93.51,0.2\n"
            b"Atlantis,Ocean,12.5,\n"
            b"Mexico,,NA,-\n"
            b"World,,55,n/a\n"
            b"Namibia,Africa,,0.679\n")
    source = PARSER.parse(data, "tables/custom.csv", ParseOptions(published=FuzzyDate("2022-05-01", "day")))
    assert [(r.country, r.attributes["index"], r.attributes["value"]) for r in source.records] == [
        ("EE", "ncsi", 93.51), ("EE", "cei", 0.2), (None, "ncsi", 12.5), (None, "ncsi", 55.0), ("NA", "cei", 0.679)]
    atlantis = source.records[2]
    assert (atlantis.attributes["country_name"], atlantis.line_start, atlantis.extra["fields"]) == (
        "Atlantis", 3, {"Region": "Ocean"})
    assert source.warnings == (
        "line 3: country 'Atlantis' not resolved to an ISO code; kept with no country",
        "line 5: country 'World' not resolved to an ISO code; kept with no country",
    )
    assert {r.attributes["edition"] for r in source.records} == {2022}
    assert source.lineage == "index-table/cei-ncsi-2022"


def test_index_table_reads_the_edition_and_index_from_the_content() -> None:
    data = (b"Global Cybersecurity Index 2018\n\nMember State,Score,Global Rank\n"
            b"United Kingdom,0.931,1\nUnited States of America,0.926,=2\n")
    source = PARSER.parse(data, "table.csv")
    assert [(r.country, r.attributes["edition"], r.attributes["rank"], r.line_start) for r in source.records] == [
        ("GB", 2018, 1, 4), ("US", 2018, 2, 5)]
    assert not any("file name" in w for w in source.warnings)
    assert source.lineage == "index-table/gci-2018"


def test_index_table_reads_years_from_headers_and_year_columns() -> None:
    headers = PARSER.parse(b"Country,GCI 2020 score,gci_2018\nMexico,81.68,0.629\n", "x.csv")
    assert sorted((r.attributes["edition"], r.attributes["scale"]) for r in headers.records) == [
        (2018, "0-1"), (2020, "0-100")]
    assert headers.lineage == "index-table/gci-2018-2020" and headers.warnings == ()
    panel = PARSER.parse(b"Country,Year,NCSI\nEstonia,2019,90.91\nEstonia,2020,93.51\n", "panel.csv")
    assert [(r.attributes["edition"], r.title) for r in panel.records] == [
        (2019, "National Cyber Security Index 2019: 90.91"), (2020, "National Cyber Security Index 2020: 93.51")]


def test_index_table_reads_semicolons_decimal_commas_and_windows_1252() -> None:
    data = "País;GCI 2020\nMéxico;81,68\nCôte d'Ivoire;67,82\n".encode("cp1252")
    source = PARSER.parse(data, "gci.csv")
    assert [(r.country, r.attributes["value"]) for r in source.records] == [("MX", 81.68), ("CI", 67.82)]
    assert "not UTF-8: read as Windows-1252" in source.warnings


def test_index_table_without_any_edition_keeps_values_undated() -> None:
    source = PARSER.parse(b"Country,NCSI\nEstonia,93.51\n", "ncsi.csv")
    record = source.records[0]
    assert (record.dates, record.attributes["edition"], record.title) == ((), None, "National Cyber Security Index: 93.51")
    assert source.lineage == "index-table/ncsi-undated"
    assert any("not in the file name either" in w for w in source.warnings)


def test_index_table_warns_when_the_gci_scale_does_not_fit_the_edition() -> None:
    source = PARSER.parse(b"Country,GCI 2018\nMexico,81.68\n", "x.csv")
    assert any("0-100 scale" in w for w in source.warnings)


@pytest.mark.parametrize(("data", "message", "line"), [
    (b"Nation state,GCI\nMexico,0.6\n", "no country column", 1),
    (b"Region,GCI,NCSI\nEurope,0.6,50\n", "no country column", 1),
    (b"Country,Score\nMexico,0.6\n", "no header names a known index", 1),
    (b"Country,GCI 2020\n", "no values", 1),
    (b"Country,GCI 2020\nMexico,\n", "no values", 1),
    (b"Country,GCI 2020\nMexico,81.68\nChile,168\n", "outside 0-100", 3),
])
def test_index_table_rejects_tables_it_cannot_read(data: bytes, message: str, line: int) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        PARSER.parse(data, "bad.csv")
    assert caught.value.line == line


@pytest.mark.parametrize("table", TABLES)
def test_index_table_detects_the_published_tables(table: str) -> None:
    path = need_shared(TABLES[table][0])
    assert PARSER.detect(path.read_bytes(), path.name)


@pytest.mark.parametrize("relative", [
    "corpus/indices/cfr_cyber_operations_tracker_incidents.csv",
    "corpus/strategies/inaugural_cybstrategies_2000_2024.csv",
])
def test_index_table_does_not_claim_other_csvs(relative: str) -> None:
    path = need_shared(relative)
    assert not PARSER.detect(path.read_bytes(), "gci2020.csv")


@pytest.mark.parametrize("data", [
    b"Countries,DATE,Year,cyb_strategy,total_strategies\nAFG,20141101,2014,1,1\n",
    b"Title,Date,Affiliations,Description,Response,Victims,Sponsor,Type\nX,1/2/2005,a,b,c,Mexico,Russia,Espionage\n",
    b"Country,Score\nMexico,0.6\n",
    b"Country,GCI\nMexico,high\n",
    b"format: policyatlas-dataset\ncountry: MX\n",
    b"# Mexico\n\n## Cybersecurity Policy\n\nCountry,GCI\n",
    b'{"country": "MX", "gci": 0.6}',
    b"",
    b"\x00\x01binary",
])
def test_index_table_detect_rejects_other_content(data: bytes) -> None:
    assert not PARSER.detect(data, "gci2018.csv")


@given(st.lists(st.lists(st.sampled_from(["Country", "GCI", "NCSI 2020", "Year", "Mexico", "Chile", "NA", "-", "", "0.5",
                                          "81,2", "2019", "=3", "Rank", '"x,y"', "\u00e9"]), max_size=5), max_size=6))
def test_index_table_parse_raises_only_parse_errors(rows: list[list[str]]) -> None:
    data = "\n".join(",".join(row) for row in rows).encode()
    try:
        source = PARSER.parse(data, "fuzz.csv")
    except (ParseError, InputError):
        return
    assert all(r.kind == "index_value" for r in source.records)
    assert PARSER.detect(data, "fuzz.csv") in (True, False)
