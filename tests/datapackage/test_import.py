"""Importing a data package: all or nothing, idempotent, one-line errors naming file and row, and into an
atlas that already holds data, only what is new."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from policyatlas.export.datapackage import export_datapackage
from policyatlas.store.db import make_engine, session_scope
from policyatlas.store.entity_queries import merge_entities
from policyatlas.store.ingest import expand_paths, ingest_paths
from policyatlas.store.migrate import upgrade
from policyatlas.store.package_import import import_package
from policyatlas.store.package_reader import PackageError
from policyatlas.store.revisions import edit_record
from policyatlas.store.schema import RecordEntityRow, RecordRow, RevisionRow, SourceRow
from policyatlas.views.records import list_records
from tests.conftest import CliRun, need_shared
from tests.datapackage.helpers import SLICE, edit_csv, laws_dataset, read_csv


@pytest.fixture
def copy(package: Path, tmp_path: Path) -> Path:
    """A copy of the test package to spoil."""
    return Path(shutil.copytree(package, tmp_path / "package"))


def _count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _row_of(path: Path, column: str, value: str) -> int:
    """The spreadsheet row number (header = 1) of the first row whose ``column`` is ``value``."""
    return next(n for n, row in enumerate(read_csv(path), 2) if row[column] == value)


CASES = [
    ("records.csv", 2, "line_start", "12a", "column line_start: '12a' is not an integer"),
    ("records.csv", 3, "entity", "zz/law/nothing", "column entity: 'zz/law/nothing' is not in entities.csv"),
    ("records.csv", 2, "attributes", "{not json", "column attributes: is not JSON"),
    ("records.csv", 2, "date", "2021-13", "date '2021-13'"),
    ("records.csv", 2, "actors", '["Ana"]', "actors: 'Ana' is not an object with the texts name and role"),
    ("sources.csv", 2, "current", "maybe", "column current: 'maybe' is not true or false"),
    ("sources.csv", 2, "sha256", "0" * 64, "is not the start of sha256"),
    ("sources.csv", 3, "ingested_at", "yesterday", "column ingested_at: 'yesterday' is not a date and time"),
    ("entities.csv", 2, "country", "mx", "column country: 'mx' does not match"),
    ("record_entities.csv", 2, "record", "0000000000000000", "column record: '0000000000000000' is not in records.csv"),
    ("revisions.csv", 2, "record", "ffffffffffffffff", "column record: 'ffffffffffffffff' is not in records.csv"),
    ("entity_reviews.csv", 2, "status", "maybe", "'maybe' is not one of pending, merged, rejected"),
    ("assessments.csv", 2, "result", "[]", "column result: is JSON but not an object"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "message"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_import_bad_cell_is_one_line_naming_file_and_row_and_writes_nothing(
        copy: Path, tmp_path: Path, file: str, row: int, column: str, value: str, message: str) -> None:
    edit_csv(copy / file, row, column, value)
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    with pytest.raises(PackageError) as caught:
        import_package(engine, copy)
    text = str(caught.value)
    assert text.startswith(f"{copy / file}: row {row}: ") and message in text, text
    assert "\n" not in text
    assert (_count(engine, SourceRow), _count(engine, RecordRow), _count(engine, RevisionRow)) == (0, 0, 0)


def test_import_repeated_key_and_bad_header(copy: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    sources = read_csv(copy / "sources.csv")
    edit_csv(copy / "sources.csv", 3, "id", sources[0]["id"])
    edit_csv(copy / "sources.csv", 3, "sha256", sources[0]["sha256"])
    with pytest.raises(PackageError, match=r"sources.csv: row 3: repeats the key id="):
        import_package(engine, copy)
    text = (copy / "entities.csv").read_text(encoding="utf-8").replace("name_en", "english_name", 1)
    (copy / "entities.csv").write_text(text, encoding="utf-8")
    edit_csv(copy / "sources.csv", 3, "id", sources[1]["id"])
    edit_csv(copy / "sources.csv", 3, "sha256", sources[1]["sha256"])
    with pytest.raises(PackageError, match=r"entities.csv: row 1: missing column\(s\) name_en; unknown column\(s\) "
                                           r"english_name"):
        import_package(engine, copy)


def test_import_missing_file_bad_descriptor_and_path_outside(copy: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    (copy / "records.csv").unlink()
    with pytest.raises(PackageError, match=r"records.csv: missing \(resource 'records' of datapackage.json\)"):
        import_package(engine, copy)
    descriptor = copy / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][1]["path"] = "../../etc/passwd"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackageError, match="only files inside the package folder are read"):
        import_package(engine, copy)
    descriptor.write_text('{"resources": [\n  {"name": "sources",}\n]}', encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        import_package(engine, copy)
    assert str(caught.value).startswith(f"{descriptor}:2: not JSON")
    descriptor.write_text(json.dumps({"resources": [], "policyatlas": {"package_version": 99}}), encoding="utf-8")
    with pytest.raises(PackageError, match="newer than this PolicyAtlas reads"):
        import_package(engine, copy)


def _document(atlas_folder: Path, source: dict[str, str]) -> Path:
    """The document a source of the package was ingested from (the package names its file, not this machine's
    path to it)."""
    found = [need_shared(p) for p in SLICE if Path(p).name == source["file"]]
    found += sorted((atlas_folder / "input").rglob(source["file"]))
    assert found, source
    return found[0]


def test_import_conflicting_revision_is_an_error(package: Path, atlas_folder: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    revisions = read_csv(package / "revisions.csv")
    record = revisions[0]["record"]
    source = next(r["source"] for r in read_csv(package / "records.csv") if r["id"] == record)
    path = _document(atlas_folder, next(s for s in read_csv(package / "sources.csv") if s["id"] == source))
    assert ingest_paths(engine, [path]).ok  # the same bytes: the same source and record ids
    with session_scope(engine) as session:
        edit_record(session, record, {"status": "absent"}, author="someone else")
    with pytest.raises(PackageError) as caught:
        import_package(engine, package)
    row = _row_of(package / "revisions.csv", "record", record)
    assert str(caught.value).startswith(f"{package / 'revisions.csv'}: row {row}: record {record} already has a "
                                        "different revision 1 (by someone else)")


def test_import_into_an_atlas_holding_some_of_it_adds_only_what_is_new(package: Path, atlas_folder: Path,
                                                                       tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    sources = read_csv(package / "sources.csv")
    profile = next(s for s in sources if s["format"] == "country-profile")
    assert ingest_paths(engine, [_document(atlas_folder, profile)]).ok
    before = {r["id"]: r for r in list_records(engine)}
    report = import_package(engine, package)
    assert report.unchanged["sources"] == 1 and report.inserted["sources"] == len(sources) - 1
    assert report.unchanged["records"] == len(before)
    after = {r["id"]: r for r in list_records(engine, history=True)}
    assert set(after) == {r["id"] for r in read_csv(package / "records.csv")}
    revised = {r["record"] for r in read_csv(package / "revisions.csv")}
    assert {i for i, r in after.items() if r["revision"]} == revised  # corrections of the old records came too
    assert not import_package(engine, package).changed


def test_import_follows_the_atlas_merges(seed_article: Path, tmp_path: Path) -> None:
    """Records of a new source that name an entity the atlas merged away link to the entity it became."""
    first = make_engine(f"sqlite:///{tmp_path / 'first.db'}")
    assert ingest_paths(first, [seed_article]).ok
    export_datapackage(first, tmp_path / "one")
    second = make_engine(f"sqlite:///{tmp_path / 'second.db'}")
    import_package(second, tmp_path / "one")
    with session_scope(second) as session:
        merge_entities(session, source_id="mx/organization/mexican-institute-for-justice",
                       target_id="mx/organization/mx-internet-association")
    dataset = {"format": "policyatlas-dataset", "version": 1, "country": "MX", "title": "Cooperación",
               "as_of": "2024", "sources": [{"id": "s", "title": "Convenio"}],
               "records": [{"kind": "cooperation", "section": "Cooperation", "title": "Convenio de prueba",
                            "source": "s", "actors": [{"name": "Mexican Institute for Justice", "role": "partner"}]}]}
    (tmp_path / "coop.yaml").write_text(yaml.safe_dump(dataset, allow_unicode=True), encoding="utf-8")
    assert ingest_paths(first, [tmp_path / "coop.yaml"]).ok
    export_datapackage(first, tmp_path / "two")
    import_package(second, tmp_path / "two")
    record = next(r for r in list_records(second, kind="cooperation"))
    with session_scope(second) as session:
        links = set(session.execute(select(RecordEntityRow.entity_id, RecordEntityRow.role)
                                    .where(RecordEntityRow.record_id == record["id"])).all())
    assert ("mx/organization/mx-internet-association", "partner") in links
    assert not any(entity == "mx/organization/mexican-institute-for-justice" for entity, _ in links)


def test_import_a_hand_made_package_without_the_optional_tables(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    keep = ("sources", "entities", "records")
    for name in keep:
        shutil.copy(package / f"{name}.csv", folder)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in keep]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    report = import_package(engine, folder)
    assert report.inserted["record_entities"] == report.inserted["records"]  # each record links to its entity
    assert list_records(engine, country="MX", kind="law")


def test_cli_ingest_of_a_package_folder(cli: CliRun, package: Path, copy: Path) -> None:
    first = cli("ingest", package, "--json")
    assert first.exit_code == 0, first.output
    item = json.loads(first.stdout)["files"][0]
    assert (item["format"], item["status"]) == ("datapackage", "imported")
    assert item["tables"]["records"]["inserted"] == item["records"] > 0
    again = json.loads(cli("ingest", package, "--json").stdout)["files"][0]
    assert again["status"] == "unchanged" and again["tables"]["records"]["inserted"] == 0
    edit_csv(copy / "records.csv", 2, "line_end", "x")
    bad = cli("ingest", copy)
    assert bad.exit_code == 1
    assert bad.stderr.strip().splitlines() == [f"error: {copy / 'records.csv'}: row 2: column line_end: 'x' is not an "
                                               "integer"]


def test_ingest_walks_a_folder_with_a_package_as_one_item(package: Path, tmp_path: Path, seed_article: Path) -> None:
    shutil.copytree(package, tmp_path / "data" / "atlas-package")
    shutil.copy(seed_article, tmp_path / "data" / "article.txt")
    assert expand_paths([tmp_path / "data"]) == [tmp_path / "data" / "article.txt", tmp_path / "data" / "atlas-package"]
    assert expand_paths([tmp_path / "data" / "atlas-package"]) == [tmp_path / "data" / "atlas-package"]
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    upgrade(engine)
    report = ingest_paths(engine, [tmp_path / "data"])
    assert [f.status for f in report.files] == ["imported", "imported"]


def test_import_of_a_newer_version_carries_the_atlas_corrections_over(tmp_path: Path) -> None:
    laws = [{"title": "Ley de Prueba", "date": "2008-08-12", "status": "in_force"}]
    old = laws_dataset(tmp_path / "uy-2019.yaml", "2019-05", laws)
    new = laws_dataset(tmp_path / "uy-2022.yaml", "2022-06", [{**laws[0], "date": "2008-08"}])
    first = make_engine(f"sqlite:///{tmp_path / 'first.db'}")
    assert ingest_paths(first, [old, new]).ok
    export_datapackage(first, tmp_path / "both")
    second = make_engine(f"sqlite:///{tmp_path / 'second.db'}")
    assert ingest_paths(second, [old]).ok
    law = list_records(second, country="UY")[0]
    with session_scope(second) as session:
        edit_record(session, law["id"], {"title_en": "Law on Tests", "date": {"value": "2008-08-13",
                                                                            "precision": "day", "end": None}},
                    author="ana")
    import_package(second, tmp_path / "both")
    current = list_records(second, country="UY")
    assert len(current) == 1 and current[0]["id"] != law["id"] and current[0]["provenance"]["file"] == "uy-2022.yaml"
    assert current[0]["title_en"] == "Law on Tests" and current[0]["revision"]["author"] == "ana"  # carried over
    assert current[0]["date"]["value"] == "2008-08"  # the newer source changed the date: its fact stands
    assert not import_package(second, tmp_path / "both").changed


def test_import_keeps_each_facts_dates_as_the_atlas_did(atlas: Engine, package: Path, tmp_path: Path) -> None:
    """The period each fact existed (``--in-force-at``) comes back the same, from its corrected dates too."""
    engine = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    assert ingest_paths(engine, [package]).ok

    def periods(of: Engine) -> dict[str, tuple[str | None, str | None]]:
        with session_scope(of) as session:
            return {r[0]: (r[1], r[2]) for r in session.execute(
                select(RecordRow.id, RecordRow.fact_from, RecordRow.fact_until))}

    original = periods(atlas)
    assert periods(engine) == original and "2012-03" in {start for start, _ in original.values()}
    engine.dispose()
