"""Profile as of a date, history and diff, on two versions of a profile written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.store.ingest import ingest_paths
from policyatlas.views.history import get_diff, get_history
from policyatlas.views.profile import get_profile
from tests.conftest import CliRun

# A fictional profile (invented facts, portal layout) in two versions.
V1 = """\
## CYBERSECURITY POLICY

### Strategy Documents

#### Estrategia Nacional de Prueba (National Test Strategy)

Gobierno de Prueba

[Source](#)

March 2019

## STRUCTURE

### National CERT or CSIRT

#### **CERT-UY (Centro de Respuesta de Prueba)**

[Source](#)

## Uruguay

Last Updated: May 2020

## LEGAL FRAMEWORK

### Legislation

#### Ley de Prueba (Test Law)

[Source](#)

12 August 2008

## COOPERATION

## Select Activities

## Membership

**Organization of American States (OAS)**

**Test Alliance (TA)**
"""

V2 = (V1.replace("Last Updated: May 2020", "Last Updated: June 2022")
      .replace("12 August 2008", "12 August 2008 (amended 3 May 2021)")
      .replace("### National CERT or CSIRT", "### Dedicated Agencies and Departments\n\n#### Agencia de Prueba "
               "(Test Agency)\n\n[Source](#)\n\n### National CERT or CSIRT")
      .replace("\n**Test Alliance (TA)**\n", "\n"))


@pytest.fixture
def two_versions(engine: Engine, tmp_path: Path) -> Engine:
    (tmp_path / "uy-2020.md").write_text(V1, encoding="utf-8")
    (tmp_path / "uy-2022.md").write_text(V2, encoding="utf-8")
    report = ingest_paths(engine, [tmp_path / "uy-2022.md", tmp_path / "uy-2020.md"])  # newest first on purpose
    assert report.ok
    return engine


def _titles(profile: dict[str, Any]) -> set[str]:
    return {r["title"] for s in profile["sections"] for r in s["records"]}


def test_profile_as_of_shows_what_sources_said_then(two_versions: Engine) -> None:
    now = get_profile(two_versions, "UY")
    then = get_profile(two_versions, "UY", as_of="2021-01-01")
    assert "Agencia de Prueba" in _titles(now) and "Agencia de Prueba" not in _titles(then)
    assert "Test Alliance" in _titles(then) and "Test Alliance" not in _titles(now)
    law_then = next(r for s in then["sections"] for r in s["records"] if r["title"] == "Ley de Prueba")
    assert law_then["amended"] == []
    with pytest.raises(NotFoundError):
        get_profile(two_versions, "UY", as_of="2019-12-31")


def test_history_lists_exactly_the_changes(two_versions: Engine) -> None:
    changes = get_history(two_versions, "UY")["changes"]
    first = [c for c in changes if c["date"] == "2020-05"]
    assert {c["change"] for c in first} == {"added"} and len(first) == 5
    later = [(c["change"], c["title"], [f["field"] for f in c["fields"]]) for c in changes if c["date"] == "2022-06"]
    assert sorted(later) == [
        ("added", "Agencia de Prueba", []),
        ("changed", "Ley de Prueba", ["amended"]),
        ("gone", "Test Alliance", []),
    ]


def test_diff_field_by_field(two_versions: Engine) -> None:
    result = get_diff(two_versions, "UY", date_from="2021-01-01", date_to="2023-01-01")
    changed = [c for c in result["changes"] if c["change"] == "changed"]
    assert len(changed) == 1
    (field,) = changed[0]["fields"]
    assert field["field"] == "amended" and field["from"] == []
    assert field["to"] == [{"value": "2021-05-03", "precision": "day", "end": None}]
    assert get_diff(two_versions, "UY", date_from="2022-07-01", date_to="2023-01-01")["changes"] == []


OTHER_SOURCE = """\
format: policyatlas-dataset
version: 1
country: UY
title: An older curated dataset (fictional)
as_of: "2018-01"
sources:
  - {id: s, title: A fictional source, url: "https://example.org/uy"}
records:
  - kind: law
    section: Legal Framework
    subsection: Legislation
    title: Ley de Prueba
    title_en: Test Law
    date: "2009-08-12"
    source: s
"""


def test_profile_shows_newest_and_flags_conflicting_source(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "uy.md").write_text(V2, encoding="utf-8")
    (tmp_path / "uy-2018.yaml").write_text(OTHER_SOURCE, encoding="utf-8")
    assert ingest_paths(engine, [tmp_path / "uy.md", tmp_path / "uy-2018.yaml"]).ok
    profile = get_profile(engine, "UY")
    law = next(r for s in profile["sections"] for r in s["records"] if r["title"] == "Ley de Prueba")
    assert law["provenance"]["file"] == "uy.md" and len(law["also_in"]) == 1
    assert [c["field"] for c in law["conflicts"]] == ["dates"]
    assert law["conflicts"][0]["file"] == "uy-2018.yaml" and law["conflicts"][0]["value"][0]["value"] == "2009-08-12"


def test_cli_history_diff_and_profile_as_of(cli: CliRun, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "uy-2020.md").write_text(V1, encoding="utf-8")
    (docs / "uy-2022.md").write_text(V2, encoding="utf-8")
    assert cli("ingest", docs).exit_code == 0
    assert "Test Alliance" in cli("profile", "UY", "--as-of", "2021-01-01").stdout
    history = cli("history", "UY")
    assert history.exit_code == 0 and "gone" in history.stdout
    diff = cli("diff", "UY", "--from", "2021", "--to", "2023")
    assert diff.exit_code == 0 and "amended" in diff.stdout
    bad = cli("diff", "UY", "--from", "2023", "--to", "2021")
    assert bad.exit_code == 1 and "before" in bad.stderr
    assert cli("profile", "UY", "--as-of", "not a date").exit_code == 1


def test_history_includes_editors_corrections(two_versions: Engine) -> None:
    from policyatlas.store.db import session_scope
    from policyatlas.store.revisions import edit_record
    from policyatlas.views.records import list_records

    law = next(r for r in list_records(two_versions, country="UY").data if r["title"] == "Ley de Prueba")
    with session_scope(two_versions) as session:
        edit_record(session, law["id"], {"status": "in_force"}, author="ana", comment="checked the gazette")
    edits = [c for c in get_history(two_versions, "UY")["changes"] if c["change"] == "edited"]
    assert [(c["author"], c["title"], [f["field"] for f in c["fields"]]) for c in edits] == [
        ("ana", "Ley de Prueba", ["status"])]
    assert edits[0]["comment"] == "checked the gazette"


def test_corrections_survive_a_newer_version_unless_the_source_changed_that_field(engine: Engine,
                                                                                    tmp_path: Path) -> None:
    from policyatlas.store.db import session_scope
    from policyatlas.store.revisions import edit_record
    from policyatlas.views.records import list_records

    (tmp_path / "uy-2020.md").write_text(V1, encoding="utf-8")
    (tmp_path / "uy-2022.md").write_text(V2, encoding="utf-8")
    assert ingest_paths(engine, [tmp_path / "uy-2020.md"]).ok
    law = next(r for r in list_records(engine, country="UY").data if r["title"] == "Ley de Prueba")
    corrected_amendment = [{"value": "2020-01-15", "precision": "day", "end": None}]
    with session_scope(engine) as session:
        edit_record(session, law["id"], {"status": "in_force", "title_en": "Law on Tests",
                                         "amended": corrected_amendment}, author="ana")
    assert ingest_paths(engine, [tmp_path / "uy-2022.md"]).ok
    newer = next(r for r in list_records(engine, country="UY").data if r["title"] == "Ley de Prueba")
    assert newer["id"] != law["id"] and newer["provenance"]["file"] == "uy-2022.md"
    assert (newer["status"], newer["title_en"]) == ("in_force", "Law on Tests")  # carried over
    assert newer.to_json()["amended"] == [{"value": "2021-05-03", "precision": "day", "end": None}]  # the source's new fact
    assert newer["revision"]["author"] == "ana"
