"""The curated open dataset (data/curated): every file parses, and the curated files are what the script makes."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from policyatlas.model.country import get_country
from policyatlas.sources.dataset.parser import AtlasDatasetParser
from policyatlas.sources.indices.parser import IndexTableParser
from tests.conftest import REPO, need_shared

ATLAS = REPO / "data" / "curated"
SCRIPT = REPO / "scripts" / "curate_corpus.py"
DATASET_FILES = sorted(ATLAS.rglob("*.yaml"))
PANEL = "corpus/strategies/inaugural_cybstrategies_2000_2024.csv"


@lru_cache(maxsize=1)
def _script() -> ModuleType:
    """scripts/curate_corpus.py as a module (registered, as its dataclasses need)."""
    spec = importlib.util.spec_from_file_location("curate_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ATLAS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _panel() -> list[dict[str, str]]:
    text = need_shared(PANEL).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def test_bundled_data_has_the_curated_files() -> None:
    names = {str(p.relative_to(ATLAS)) for p in DATASET_FILES}
    assert {"MX.yaml", "indices.yaml", "first-strategies.yaml", "itu/GB.yaml", "itu/MX.yaml", "paris-call.yaml",
            "counter-ransomware-initiative.yaml", "ai-index-2025.yaml", "data-protection-authorities.yaml",
            "global-data-barometer-2021.yaml", "csirts-network.yaml"} <= names


@pytest.mark.parametrize("path", DATASET_FILES, ids=lambda p: str(p.relative_to(ATLAS)))
def test_bundled_data_file_parses_with_cited_sources(path: Path) -> None:
    data = path.read_bytes()
    parser = AtlasDatasetParser()
    assert parser.detect(data, path.name)
    parsed = parser.parse(data, str(path))
    assert parsed.records
    raw = yaml.safe_load(data)
    assert raw["sources"] and all(source["title"].strip() for source in raw["sources"])
    assert all(record.country and get_country(record.country) for record in parsed.records)


def test_bundled_data_lineages_are_distinct() -> None:
    parser = AtlasDatasetParser()
    lineages = [parser.parse(p.read_bytes(), str(p)).lineage for p in DATASET_FILES]
    assert len(set(lineages)) == len(lineages)  # a shared lineage would hide one file's records


def test_bundled_data_script_reproduces_the_files(tmp_path: Path) -> None:
    corpus = need_shared("corpus")
    subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(corpus), "--out", str(tmp_path)], check=True)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml"))
    assert made
    committed = sorted(p.relative_to(ATLAS) for p in DATASET_FILES
                       if p.read_text(encoding="utf-8").startswith(_script().GENERATED))
    assert made == committed
    for relative in made:
        assert (tmp_path / relative).read_bytes() == (ATLAS / relative).read_bytes(), relative


def test_bundled_data_indices_hold_every_table_value() -> None:
    parser = IndexTableParser()
    expected: set[tuple[str, str, int]] = set()
    for path in sorted(need_shared("corpus/indices").glob("*.csv")):
        data = path.read_bytes()
        if parser.detect(data, path.name):
            expected |= {(r.country, r.attributes["index"], r.attributes["edition"])
                         for r in parser.parse(data, str(path)).records if r.country}
    records = _load("indices.yaml")["records"]
    keys = [(r["country"], r["attributes"]["index"], r["attributes"]["edition"]) for r in records]
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == expected
    assert all(r["kind"] == "index_value" and r["date"] == str(r["attributes"]["edition"]) for r in records)


def test_bundled_data_indices_spot_check_mexico() -> None:
    records = {(r["country"], r["attributes"]["index"], r["attributes"]["edition"]): r["attributes"]
               for r in _load("indices.yaml")["records"]}
    assert records[("MX", "gci", 2018)]["value"] == 0.629
    assert records[("MX", "gci", 2018)]["rank"] == 63
    assert records[("MX", "gci", 2020)] == {"index": "gci", "index_name": "Global Cybersecurity Index",
                                           "edition": 2020, "value": 81.68, "scale": "0-100", "rank": None}


def test_bundled_data_first_strategies_cover_the_panel() -> None:
    rows = _panel()
    records = _load("first-strategies.yaml")["records"]
    by_country = {r["country"]: r for r in records}
    assert len(rows) == len(records) == len(by_country) == 193
    for row in rows:
        country = get_country(row["Countries"])
        assert country is not None
        record = by_country[country.code]
        assert record["kind"] == "strategy"
        assert record["attributes"]["total_strategies"] == int(row["total_strategies"])
        if row["cyb_strategy"] == "1":
            assert record["status"] == "exists" and record["date"][:4] == row["Year"]
        else:
            assert record["status"] == "absent" and record["date"] is None


def test_bundled_data_first_strategy_of_uruguay_matches_the_panel() -> None:
    row = next(r for r in _panel() if r["Countries"] == "URY")
    record = next(r for r in _load("first-strategies.yaml")["records"] if r["country"] == "UY")
    assert record["date"] == f"{row['DATE'][:4]}-{row['DATE'][4:6]}-{row['DATE'][6:]}"
    assert record["date"].startswith(row["Year"])


def test_bundled_data_quirky_panel_rows_are_named_in_the_header() -> None:
    quirky = sorted(r["Countries"] for r in _panel() if r["cyb_strategy"] == "1" and r["total_strategies"] == "0")
    assert quirky
    header = (ATLAS / "first-strategies.yaml").read_text(encoding="utf-8").split("\nformat:")[0]
    assert all(code in header for code in quirky)


@pytest.mark.parametrize(("date", "year", "expected"), [
    ("20140417", "2014", "2014-04-17"),
    ("20170101", "2017", "2017"),
    ("20191201", "2019", "2019-12-01"),
    ("NA", "2015", "2015"),
    ("NA", "NA", "unknown"),
])
def test_panel_date_keeps_the_precision_the_panel_supports(date: str, year: str, expected: str) -> None:
    assert _script().panel_date(date, year) == expected


@pytest.mark.parametrize(("title", "kind", "expected"), [
    ("ColCERT (group Cyber Emergency", "cert", "ColCERT"),
    ("CSIRT-Ponal (headquarters of the Response), under the Police)", "cert", "CSIRT-Ponal"),
    ("External Circular 042 of 2012 of the", "law", "External Circular 042 of 2012"),
    ("Criminal Code (Protection of Information and Data)", "law", "Criminal Code (Protection of Information and Data)"),
    ("Computer Misuse Act", "law", "Computer Misuse Act"),
])
def test_clean_title_trims_extraction_debris(title: str, kind: str, expected: str) -> None:
    assert _script().clean_title(title, kind) == expected


def test_bundled_data_incidents_hold_every_tracker_operation_with_a_victim_country() -> None:
    from policyatlas.sources.incidents.cfr import CfrTrackerParser

    tracker = need_shared("corpus/indices/cfr_cyber_operations_tracker_incidents.csv")
    expected = [r for r in CfrTrackerParser().parse(tracker.read_bytes(), str(tracker)).records if r.country]
    parsed = AtlasDatasetParser().parse((ATLAS / "incidents-cfr.yaml").read_bytes(), "incidents-cfr.yaml")
    assert len(parsed.records) == len(expected) > 500
    assert {r.attributes["incident_id"] for r in parsed.records} == {r.attributes["incident_id"] for r in expected}
    assert all(r.kind == "incident" and r.description is None for r in parsed.records)  # facts, not the tracker's prose


GENERATED_FILES = [p for p in DATASET_FILES if p.read_text(encoding="utf-8").startswith("# Generated by")]


@pytest.mark.parametrize("path", GENERATED_FILES, ids=lambda p: str(p.relative_to(ATLAS)))
def test_bundled_data_generated_file_cites_publisher_link_and_licence(path: Path) -> None:
    """Citations name the publication (publisher, original address), not our file; the header states licences."""
    text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    for source in raw["sources"]:
        assert source.get("publisher") and str(source.get("url", "")).startswith("https://"), source["id"]
        assert "data/atlas" not in source["url"] and "shared/corpus" not in source["url"]
    header = text.split("\nformat:")[0].casefold()
    assert "licen" in header or "cc0" in header, path.name
    assert raw["license"]


def test_bundled_data_paris_call_holds_the_81_states() -> None:
    records = _load("paris-call.yaml")["records"]
    assert len(records) == len({r["country"] for r in records}) == 81
    by_country = {r["country"]: r for r in records}
    assert by_country["RO"]["attributes"]["name_as_published"] == "Roumanie"  # ROM in the site's code table
    assert by_country["RS"]["date"] == "unknown" and by_country["TN"]["date"] == "2019-11-11"
    assert all(r["kind"] == "membership" and r["attributes"]["organisation"] == "paris-call" for r in records)


def test_bundled_data_cri_members_are_dated_by_first_statement() -> None:
    records = {r["country"]: r for r in _load("counter-ransomware-initiative.yaml")["records"]}
    assert len(records) == 62
    assert records["MX"]["date"] == "2021" and records["BE"]["date"] == "2022"
    assert records["BE"]["attributes"]["welcomed_as_new"] == "2022"
    assert records["UY"]["date"] == "2023" and records["VN"]["date"] == "2024"
    assert records["AT"]["attributes"]["named_in"] == ["2022", "2023", "2024"]
    sources = {s["id"]: s for s in _load("counter-ransomware-initiative.yaml")["sources"]}
    assert sources[records["MX"]["source"]]["as_of"] == "2021-10-14"


def test_bundled_data_ai_index_values_are_as_published() -> None:
    folder = need_shared("corpus/ai-policy/ai-index-2025-policy-and-governance")
    published = {}
    for line in (folder / "fig_6.2.1.csv").read_text(encoding="utf-8").splitlines()[1:]:
        name, _, value = line.rpartition(",")
        published[name.strip('"')] = value
    records = [r for r in _load("ai-index-2025.yaml")["records"] if r["attributes"]["figure"] == "6.2.1"]
    assert len(records) == len(published) == 116
    assert {r["attributes"]["published"] for r in records} <= set(published.values())
    us = next(r for r in records if r["country"] == "US")
    assert us["attributes"]["published"] == published["United States"] == "27"
    assert _load("ai-index-2025.yaml")["license"] == "CC-BY-ND-4.0"


def test_bundled_data_data_protection_and_csirts_cover_their_countries() -> None:
    authorities = _load("data-protection-authorities.yaml")["records"]
    assert len({r["country"] for r in authorities}) == 32 and len(authorities) == 57
    assert all(r["links"] for r in authorities)
    barometer = _load("global-data-barometer-2021.yaml")["records"]
    assert len({r["country"] for r in barometer}) == 109
    brazil = next(r for r in barometer if r["country"] == "BR" and r["attributes"]["indicator"] == "G.GOVERNANCE.DPL")
    assert brazil["attributes"]["value"] == 90 and brazil["links"]
    csirts = _load("csirts-network.yaml")["records"]
    assert len({r["country"] for r in csirts}) == 25
