"""Incident diagnosis and index listings from real VERIS, VCDB-style and CFR records, checked against direct counts."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.incidents import incident_stats
from tests.conftest import CliRun, need_shared


@pytest.fixture
def incidents(engine: Engine) -> Engine:
    validated = need_shared("corpus/vcdb/validated")
    cfr = need_shared("corpus/indices/cfr_cyber_operations_tracker_incidents.csv")
    assert ingest_paths(engine, [validated, cfr]).ok
    return engine


def test_incidents_by_sector_for_mexico_match_the_files(incidents: Engine) -> None:
    files = sorted(need_shared("corpus/vcdb/validated").glob("*.json"))
    mexican = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    mexican = [i for i in mexican if "MX" in (i.get("victim", {}).get("country") or [])]
    by_dataset = {r["value"]: r["count"] for r in incident_stats(incidents, by="dataset", country="MX")["counts"]}
    assert by_dataset["vcdb"] == len(mexican) == 3
    stats = incident_stats(incidents, by="sector", country="MX")
    assert sum(r["count"] for r in stats["counts"]) == stats["sample_size"] == sum(by_dataset.values())
    assert "publicly reported" in stats["caveat"]


def test_incidents_by_year_and_sponsor_match_the_csv(incidents: Engine) -> None:
    rows = list(csv.DictReader(need_shared("corpus/indices/cfr_cyber_operations_tracker_incidents.csv")
                               .open(encoding="utf-8", errors="replace")))
    stats = incident_stats(incidents, by="dataset")
    counts = {r["value"]: r["count"] for r in stats["counts"]}
    assert counts["cfr"] == len(rows)
    china = incident_stats(incidents, by="type", sponsor="CN")
    assert 0 < china["sample_size"] < len(rows)
    assert sum(r["count"] for r in china["counts"]) == china["sample_size"]
    years = incident_stats(incidents, by="year")
    assert sum(r["count"] for r in years["counts"]) == years["sample_size"]
    assert Counter(r["value"] for r in years["counts"]).most_common(1)[0][1] == 1  # each year listed once


def test_incidents_unknown_dimension_is_an_error(incidents: Engine) -> None:
    with pytest.raises(ConfigError, match="cannot count incidents by 'colour'"):
        incident_stats(incidents, by="colour")


def test_cli_incidents_table_json_csv_and_indices(cli: CliRun, tmp_path: Path) -> None:
    validated = need_shared("corpus/vcdb/validated")
    table = need_shared("corpus/indices/gci2018_scores_iso2.csv")
    assert cli("ingest", validated, table).exit_code == 0
    data = json.loads(cli("incidents", "--country", "MX", "--by", "size", "--json").stdout)
    assert data["sample_size"] == 3 and data["by"] == "size"
    as_csv = cli("incidents", "--by", "action", "--csv").stdout.splitlines()
    assert as_csv[0] == "action,count,share" and len(as_csv) > 1
    human = cli("incidents", "--country", "MX", "--by", "sector")
    assert human.exit_code == 0 and "n = 3" in human.stdout
    assert cli("incidents", "--by", "colour").exit_code == 1
    values = json.loads(cli("indices", "--country", "MX", "--json").stdout)
    assert [(v["index"], v["edition"]) for v in values] == [("gci", 2018)]
