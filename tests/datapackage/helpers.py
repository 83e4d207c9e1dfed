"""An atlas with something in every table, for the data package tests: the seeds, a slice of the
corpus, two versions of a small dataset (so a superseded source and its records are history), editors'
corrections, a merge, a review decision, an analyst's framework and a stored assessment."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from policyatlas.services.frameworks import add_framework
from policyatlas.services.frameworks import assess_and_store as assess_country  # the runs are stored, as exported
from policyatlas.store.db import session_scope
from policyatlas.store.entities import SqlEntityStore
from policyatlas.store.entity_queries import decide_review, list_reviews, merge_entities
from policyatlas.store.ingest import ingest_paths
from policyatlas.store.revisions import edit_record
from policyatlas.views.records import list_records
from tests.conftest import need_shared

#: The slice of ../shared the package tests ingest (every format with a record kind of its own).
SLICE = (
    "seeds/000_f3d26c38aaf7f9de.txt",
    "seeds/004_bf5bcae4742deaed.txt",
    "corpus/itu-cyberwellness/Mexico.txt",
    "corpus/itu-cyberwellness/United Kingdom.txt",
    "corpus/strategies/inaugural/20140417_Uruguay_National Cybersecurity Strategy_ESP.txt",
    "corpus/vcdb/validated/0001AA7F-C601-424A-B2B8-BE6C9F5164E7.json",
    "corpus/vcdb/validated/434E52F3-74AA-4087-9DD4-E98C9160D84B.json",
    "corpus/indices/gci2017_scores_country_names.csv",
)

FRAMEWORK = """\
format: policyatlas-framework
id: export-fw
name: Export test framework
version: "1"
pillars:
  - {id: p, name: Everything, weight: 1}
indicators:
  - {id: p.cert, pillar: p, name: CERT, evidence: {kinds: [cert]}}
  - {id: p.law, pillar: p, name: "Ley", evidence: {kinds: [law]}}
"""


def laws_dataset(path: Path, as_of: str, laws: list[dict[str, Any]]) -> Path:
    """A small dataset of invented laws filed under Uruguay's code (the facts are made up), given in two
    versions so the older one and its records become history."""
    data = {"format": "policyatlas-dataset", "version": 1, "country": "UY", "title": "Leyes de prueba",
            "as_of": as_of, "sources": [{"id": "s", "title": "Boletín de prueba", "url": "https://example.org/b"}],
            "records": [{"kind": "law", "section": "Legal Framework", "source": "s", **law} for law in laws]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_atlas(engine: Engine, folder: Path) -> None:
    """Fill ``engine``'s (empty) database; ``folder`` is for the hand-written files."""
    folder.mkdir(parents=True, exist_ok=True)
    laws = [{"title": "Ley de Prueba Ñandú", "title_en": "Test Law", "date": "2008-08-12", "amended": ["unknown"],
             "status": "in_force", "points": ["uno, \"dos\"", "tres\nlíneas"]},
            {"title": "Ley de Datos de Prueba", "date": "2010", "actors": [{"name": "Agencia X", "role": "issuer"}]}]
    old = laws_dataset(folder / "uy-2019.yaml", "2019-05", laws)
    new = laws_dataset(folder / "uy-2022.yaml", "2022-06", [{**laws[0], "date": "2008-08"}, laws[1]])
    report = ingest_paths(engine, [*(need_shared(p) for p in SLICE), old, new])
    assert report.ok, [f.error for f in report.files if f.error]
    records = list_records(engine, country="MX", kind="law")
    with session_scope(engine) as session:
        edit_record(session, records[0]["id"], {"status": "in_force", "title_en": "Corrected title"},
                    author="ana", comment="checked the gazette")
        edit_record(session, records[0]["id"], {"description": "Second correction, with a \"quote\",\nand a line."},
                    author="luis")
        edit_record(session, records[1]["id"], {"date": {"value": "2012-03", "precision": "month", "end": None}},
                    author="ana")
    orgs = [r for r in list_records(engine, country="MX", kind="organization")]
    with session_scope(engine) as session:
        merge_entities(session, source_id=orgs[1]["entity"], target_id=orgs[0]["entity"])
        store = SqlEntityStore(session)
        store.suggest(orgs[2]["entity"], orgs[3]["entity"], 71.5, "similar names (a test pair)")
        store.suggest(orgs[4]["entity"], orgs[5]["entity"], 64.0, "similar names (left pending)")
        store.flush()  # the entity store writes what it made in bulk
    with session_scope(engine) as session:
        review = next(r for r, _, _ in list_reviews(session) if r.reason.startswith("similar names (a test"))
        decide_review(session, review.id, merge=False)
    (folder / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    add_framework(engine, folder / "fw.yaml")
    assess_country(engine, "MX", "export-fw")
    assess_country(engine, "UY", "export-fw")


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as dicts of cell texts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (``row`` counted as a spreadsheet does: the header is row 1)."""
    with path.open(encoding="utf-8", newline="") as handle:
        cells = list(csv.reader(handle))
    cells[row - 1][cells[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(cells)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, as bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
