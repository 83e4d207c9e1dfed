"""The AI Index's policy tables: values kept exactly as published, periods only where the table states them."""

from __future__ import annotations

import pytest

from policyatlas.model.dates import FuzzyDate
from policyatlas.sources import detect_parser
from policyatlas.sources.ai_index import AiIndexTableParser
from policyatlas.sources.ai_index.parser import find_metric, header_period, index_key
from policyatlas.sources.base import ParseOptions
from tests.conftest import need_shared

BILLS = ('Geographic area,"Number of AI-related bills passed into law, 2016-24"\n'
         'Algeria,0\n"Korea, Rep",13\nSlovak Republic,2\nEurope,40\nAtlantis,3')  # no trailing newline


def test_ai_index_bills_table_becomes_published_values() -> None:
    data = BILLS.encode()
    parser = AiIndexTableParser()
    assert parser.detect(data, "fig_6.2.1.csv") and detect_parser(data, "table.csv").kind == "ai-index-table"
    parsed = parser.parse(data, "fig_6.2.1.csv")
    values = {r.country: r for r in parsed.records}
    assert set(values) == {"DZ", "KR", "SK"}  # Europe is no country, Atlantis is unknown: both named
    assert any("Europe" in w for w in parsed.warnings) and any("'Atlantis'" in w for w in parsed.warnings)
    korea = values["KR"]
    assert korea.kind == "index_value" and korea.line_start == 3
    assert korea.attributes["value"] == 13 and korea.attributes["published"] == "13"
    assert korea.attributes["metric"] == "bills_passed" and korea.attributes["period"] == "2016-2024"
    assert korea.attributes["index"] == "ai-index/fig-6.2.1/bills_passed/2016-2024"
    assert korea.attributes["index_name"] == "Number of AI-related bills passed into law, 2016-24"
    assert korea.date == FuzzyDate("2016", "year", "2024")
    assert values["DZ"].attributes["value"] == 0  # searched, none found: a real zero


def test_ai_index_value_first_columns_and_floats_are_kept_as_published() -> None:
    data = (b"Public spending on AI-related contracts  (in millions of U.S. dollars),Country\n"
            b"262.5886434688056,United Kingdom\n49.58958698779017,Spain\n")
    parsed = AiIndexTableParser().parse(data, "fig_6.3.5.csv")
    uk = next(r for r in parsed.records if r.country == "GB")
    assert uk.attributes["published"] == "262.5886434688056" and uk.attributes["value"] == 262.5886434688056
    assert uk.attributes["period"] is None and uk.date is None  # the table states no period: none invented
    assert uk.attributes["index_name"] == "Public spending on AI-related contracts (in millions of U.S. dollars)"


def test_ai_index_year_column_gives_each_value_its_year() -> None:
    data = (b"Year,Public spending on AI-related contracts  (in millions of US dollars),Label\n"
            b"2016,2.61234043197326,Belgium\n2017,0.3673733476986761,Belgium\n2016,9.86,Europe\n")
    parsed = AiIndexTableParser().parse(data, "fig_6.3.8.csv", ParseOptions(published=FuzzyDate("2025", "year")))
    assert [(r.country, r.attributes["period"], r.attributes["edition"]) for r in parsed.records] == [
        ("BE", "2016", 2025), ("BE", "2017", 2025)]
    assert parsed.records[0].attributes["index"] == "ai-index/fig-6.3.8/public_ai_spending/2016"


def test_ai_index_world_series_has_no_country_records() -> None:
    parsed = AiIndexTableParser().parse(b"Year,Number of AI-related bills passed into law\n2016,1\n2017,3", "x.csv")
    assert parsed.records == () and "world" in parsed.warnings[0]


@pytest.mark.parametrize(("header", "period"), [
    ("Number of AI-related bills passed into law, 2016-24", (2016, 2024)),
    ("Number of AI-related bills passed into law, 2016–24 (sum)", (2016, 2024)),
    ("Number of AI-related bills passed into law, 2024", (2024, 2024)),
    ("Number of mentions of AI in legislative proceedings", None),
])
def test_header_period_states_only_what_the_header_says(header: str, period: tuple[int, int] | None) -> None:
    assert header_period(header) == period


@pytest.mark.parametrize("table", ["Country,Population\nMexico,1\n", "Geographic area,GDP\nMexico,1\n",
                                   "Country,GCI score\nMexico,81.68\n",
                                   "Country,Number of AI-related bills passed into law\nMexico,none\n"])
def test_ai_index_detection_needs_an_ai_index_measure_with_numbers(table: str) -> None:
    assert not AiIndexTableParser().detect(table.encode(), "x.csv")


def test_procurement_headers_need_a_country_column() -> None:
    assert find_metric("N. Contracts") is not None
    assert not AiIndexTableParser().detect(b"Geographic area,N. Contracts\nMexico,3\n", "x.csv")
    assert AiIndexTableParser().detect(b"Country,N. Contracts\nMexico,3\n", "x.csv")


def test_index_key_separates_figures_and_periods() -> None:
    assert index_key("bills_passed", "6.2.3", (2024, 2024)) != index_key("bills_passed", "6.2.1", (2016, 2024))
    assert index_key("bills_passed", None, None) == "ai-index/bills_passed"


def test_ai_index_corpus_tables_are_all_read() -> None:
    folder = need_shared("corpus/ai-policy/ai-index-2025-policy-and-governance")
    parser = AiIndexTableParser()
    counts = {}
    for path in sorted(folder.glob("*.csv")):
        parsed = parser.parse(path.read_bytes(), str(path))
        counts[path.stem] = len(parsed.records)
        assert not [w for w in parsed.warnings if "not a country name" in w], path.name
    assert counts["fig_6.2.1"] == 116 and counts["fig_6.2.15"] == 75 and counts["fig_6.3.1"] == 33
    us = next(r for r in parser.parse((folder / "fig_6.2.1.csv").read_bytes(), "fig_6.2.1.csv").records
              if r.country == "US")
    assert us.attributes["value"] == 27
