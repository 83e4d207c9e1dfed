"""The bundled data package (data/atlas) that `make run` loads: what data/curated gives, valid, imported whole."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package, validate

from policyatlas.store.db import make_engine
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.package_rows import public_path
from tests.conftest import REPO

BUNDLE = REPO / "data" / "atlas"
SCRIPT = REPO / "scripts" / "bundle_data.py"


def test_bundle_is_what_the_curated_files_give() -> None:
    """Rebuilding the package from data/curated (at the time it was built) gives the same bytes: nobody
    edits the package by hand and no curated change is left out of it."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def test_bundle_validates_as_a_frictionless_package() -> None:
    report = validate(str(BUNDLE / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    names = {r.name for r in Package(str(BUNDLE / "datapackage.json")).resources}
    assert {"sources", "records", "entities", "record_entities", "countries", "index_values", "incidents"} <= names


def test_bundle_names_no_path_of_the_machine_that_built_it() -> None:
    with (BUNDLE / "sources.csv").open(encoding="utf-8", newline="") as handle:
        paths = [row["path"] for row in csv.DictReader(handle)]
    assert paths and all(p.startswith("data/curated/") for p in paths), paths
    created = json.loads((BUNDLE / "datapackage.json").read_text(encoding="utf-8"))["created"]
    with (BUNDLE / "sources.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["ingested_at"][:19] for row in csv.DictReader(handle)} == {created[:19]}


def test_build_imports_the_bundle_whole(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    report = ingest_paths(engine, [BUNDLE])
    assert [(f.format, f.status) for f in report.files] == [("datapackage", "imported")]
    with (BUNDLE / "records.csv").open(encoding="utf-8", newline="") as handle:
        assert report.files[0].records == sum(1 for _ in csv.DictReader(handle))
    again = ingest_paths(engine, [BUNDLE])
    assert [f.status for f in again.files] == ["unchanged"]
    engine.dispose()


@pytest.mark.parametrize(("path", "expected"), [
    ("/home/ana/atlas/data/curated/MX.yaml", "data/curated/MX.yaml"),
    ("/tmp/elsewhere/mx-profile.txt", "mx-profile.txt"),
    ("upload:ana/mx.txt", "upload:ana/mx.txt"),
    ("data/curated/itu/GB.yaml", "data/curated/itu/GB.yaml"),
])
def test_an_exported_path_is_never_a_machine_path(path: str, expected: str) -> None:
    assert public_path(path, Path("/home/ana/atlas")) == expected
