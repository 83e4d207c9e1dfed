"""Exports: the Frictionless data package (valid, complete, deterministic, and restored byte for byte by
ingest on SQLite and PostgreSQL), JSON Lines and Popolo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from policyatlas.export.datapackage import export_datapackage
from policyatlas.export.jsonl import export_jsonl
from policyatlas.export.popolo import export_popolo
from policyatlas.store.db import make_engine
from policyatlas.store.package_import import import_package
from policyatlas.store.package_tables import TABLES
from policyatlas.views.records import list_records
from tests.conftest import CliRun, fresh_database_url
from tests.datapackage.helpers import build_atlas, folder_bytes, read_csv


def test_datapackage_validates_with_frictionless(package: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package / "datapackage.json"))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, errors[:10]
    assert {task.name for task in report.tasks} == {t.name for t in TABLES}


def test_datapackage_descriptor_declares_types_keys_licence_and_sources(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert any(s.get("path") == "https://example.org/b" for s in descriptor["sources"])
    assert descriptor["created"].endswith("Z")
    resources = {r["name"]: r for r in descriptor["resources"]}
    records = resources["records"]["schema"]
    assert records["primaryKey"] == ["id"]
    assert {"fields": ["entity"], "reference": {"resource": "entities", "fields": ["id"]}} in records["foreignKeys"]
    types = {f["name"]: f["type"] for f in records["fields"]}
    assert (types["line_start"], types["actors"], types["attributes"]) == ("integer", "array", "object")
    assert resources["entities"]["schema"]["foreignKeys"][1] == {
        "fields": ["merged_into"], "reference": {"resource": "", "fields": ["id"]}}
    assert resources["revisions"]["schema"]["primaryKey"] == ["record", "number"]
    for name in ("countries", "initiatives", "initiative_stages", "statements", "incidents", "index_values"):
        assert "Derived on export" in resources[name]["description"]


def test_datapackage_tables_hold_every_field_and_the_history(atlas: Engine, package: Path) -> None:
    records = {r["id"]: r for r in read_csv(package / "records.csv")}
    stored = [r.to_json() for r in list_records(atlas, history=True)]
    assert len(records) == len(stored)
    for record in stored:
        row = records[record["id"]]
        assert (row["source"], row["entity"], int(row["line_start"])) == (
            record["provenance"]["source"], record["entity"], record["provenance"]["line_start"])
        if record["revision"] is None:
            assert row["title"] == record["title"] and json.loads(row["actors"]) == record["actors"]
            assert json.loads(row["dates"]) == record["dates"]
    sources = read_csv(package / "sources.csv")
    assert sorted(s["current"] for s in sources if s["lineage"].endswith("UY")) == ["false", "true"]
    texts = {t["source"]: t["text"] for t in read_csv(package / "source_texts.csv")}
    assert set(texts) == {s["id"] for s in sources} and all(texts.values())
    revisions = read_csv(package / "revisions.csv")
    assert [(r["author"], json.loads(r["changes"])) for r in revisions if r["author"] == "luis"] == [
        ("luis", {"description": "Second correction, with a \"quote\",\nand a line."})]
    assert {r["author"] for r in revisions} == {"ana", "luis"}
    merged = [e for e in read_csv(package / "entities.csv") if e["merged_into"]]
    assert len(merged) == 1
    assert {r["status"] for r in read_csv(package / "entity_reviews.csv")} == {"rejected", "pending"}
    assert [f["id"] for f in read_csv(package / "frameworks.csv")] == ["export-fw"]
    assert sorted(a["country"] for a in read_csv(package / "assessments.csv")) == ["MX", "UY"]
    roles = {link["role"] for link in read_csv(package / "record_entities.csv")}
    assert {"subject", "speaker", "Senator"} <= roles


def test_datapackage_derived_tables(package: Path) -> None:
    countries = {c["code"]: c for c in read_csv(package / "countries.csv")}
    assert countries["MX"]["name"] == "Mexico" and int(countries["MX"]["records"]) > 10
    statements = read_csv(package / "statements.csv")
    assert statements and all(s["speaker"] and s["speaker_entity"].startswith("mx/person/") for s in statements)
    initiatives = read_csv(package / "initiatives.csv")
    stages = read_csv(package / "initiative_stages.csv")
    assert [i["entity"] for i in initiatives] == ["mx/initiative/federal-cybersecurity-law"]
    assert stages[0]["initiative"] == initiatives[0]["entity"] and stages[0]["stage"] == "proposed"
    incidents = read_csv(package / "incidents.csv")
    assert {i["dataset"] for i in incidents} == {"vcdb"} and all(i["incident_id"] for i in incidents)
    values = read_csv(package / "index_values.csv")
    assert len(values) > 150 and all(v["index"] == "gci" and v["edition"] == "2017" for v in values)


def test_datapackage_is_deterministic_and_replaces_an_earlier_export(atlas: Engine, package: Path,
                                                                     tmp_path: Path) -> None:
    again = tmp_path / "again"
    export_datapackage(atlas, again)
    (again / "records.csv").write_text("stale", encoding="utf-8")
    export_datapackage(atlas, again)  # into the earlier export: replaced
    assert folder_bytes(again) == folder_bytes(package)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_datapackage_export_import_export_is_byte_identical(package: Path, backend: str, tmp_path: Path) -> None:
    engine = make_engine(fresh_database_url(backend, tmp_path))
    try:
        report = import_package(engine, package)
        assert report.inserted["records"] == len(read_csv(package / "records.csv"))
        export_datapackage(engine, tmp_path / "out")
        assert folder_bytes(tmp_path / "out") == folder_bytes(package)
        again = import_package(engine, package)
        assert not again.changed and again.unchanged["records"] == report.inserted["records"]
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_datapackage_round_trip_of_an_atlas_built_on_postgresql(tmp_path: Path) -> None:
    engine = make_engine(fresh_database_url("postgresql", tmp_path))
    try:
        build_atlas(engine, tmp_path / "input")
        export_datapackage(engine, tmp_path / "first")
    finally:
        engine.dispose()
    engine = make_engine(fresh_database_url("postgresql", tmp_path))
    try:
        import_package(engine, tmp_path / "first")
        export_datapackage(engine, tmp_path / "second")
        assert folder_bytes(tmp_path / "second") == folder_bytes(tmp_path / "first")
    finally:
        engine.dispose()


def test_imported_atlas_reads_like_the_original(atlas: Engine, package: Path, tmp_path: Path) -> None:
    from policyatlas.views.entities import list_people
    from policyatlas.views.search import search

    engine = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    import_package(engine, package)
    assert list_records(engine, history=True) == list_records(atlas, history=True)
    assert list_people(engine, country="MX") == list_people(atlas, country="MX")
    for query in ("Corrected title", "ciberseguridad", "Senator"):
        assert search(engine, query, history=True) == search(atlas, query, history=True)
    assert search(engine, "Corrected title")["total"] == 1
    engine.dispose()


def test_jsonl_has_the_package_tables_one_row_per_line(atlas: Engine, package: Path, tmp_path: Path) -> None:
    report = export_jsonl(atlas, tmp_path / "jsonl")
    assert [f.name for f in report.files] == [f"{t.name}.jsonl" for t in TABLES]
    for table in TABLES:
        lines = (tmp_path / "jsonl" / f"{table.name}.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        assert len(rows) == len(read_csv(package / table.path)), table.name
        assert all(list(row) == list(table.column_names) for row in rows)
    record = json.loads((tmp_path / "jsonl" / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert isinstance(record["actors"], list) and isinstance(record["attributes"], dict)


def test_popolo_document(atlas: Engine, tmp_path: Path) -> None:
    report = export_popolo(atlas, tmp_path / "popolo")
    document = json.loads((tmp_path / "popolo" / "popolo.json").read_text(encoding="utf-8"))
    assert list(document) == ["persons", "organizations", "memberships", "posts", "events"]
    assert report.files[0].parts == {name: len(items) for name, items in document.items()}
    persons = {p["id"]: p for p in document["persons"]}
    senator = persons["mx/person/alejandra-lagunes"]
    assert senator["name"] == "Alejandra Lagunes" and senator["honorific_prefix"] == "Senator"
    assert all(s["url"] for p in document["persons"] for s in p["sources"])
    organizations = {o["id"] for o in document["organizations"]}
    posts = {p["id"]: p for p in document["posts"]}
    roles = [m for m in document["memberships"] if m["person_id"] == senator["id"]]
    assert {m["role"] for m in roles} >= {"Senator", "Founder"}
    for membership in document["memberships"]:
        assert membership["person_id"] in persons and membership["post_id"] in posts
        assert membership["organization_id"] is None or membership["organization_id"] in organizations
    event = document["events"][0]
    assert event["name"].startswith("AI and Cybersecurity") and senator["id"] in {a["id"] for a in event["attendees"]}


def test_cli_export_formats_and_errors(cli: CliRun, seed_article: Path, tmp_path: Path) -> None:
    assert cli("ingest", seed_article).exit_code == 0
    result = cli("export", "--format", "datapackage", tmp_path / "pkg", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["format"] == "datapackage" and report["files"][0]["name"] == "datapackage.json"
    assert cli("export", "-f", "popolo", tmp_path / "pop").exit_code == 0
    assert (tmp_path / "pop" / "popolo.json").is_file()
    assert cli("export", "-f", "json", tmp_path / "jl").exit_code == 0
    assert (tmp_path / "jl" / "records.jsonl").is_file()
    wrong = cli("export", "-f", "xml", tmp_path / "x")
    assert wrong.exit_code == 2 and "unknown export format 'xml'" in wrong.stderr
    clash = cli("export", "-f", "popolo", tmp_path / "pkg")
    assert clash.exit_code == 1 and "not empty" in clash.stderr and len(clash.stderr.strip().splitlines()) == 1
    assert (tmp_path / "pkg" / "records.csv").is_file() and not (tmp_path / "pkg" / "popolo.json").exists()


def test_docs_describe_every_table_and_format() -> None:
    from policyatlas.cli.export import EXPORTS
    from tests.conftest import REPO

    docs = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"| `{table.name}` |" in docs, table.name
    for name in EXPORTS:
        assert f"--format {name}" in docs
    assert "docs/export.md" in (REPO / "README.md").read_text(encoding="utf-8")
