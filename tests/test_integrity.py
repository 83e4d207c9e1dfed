"""Writes serialised where they must be, on SQLite and PostgreSQL: one winner per If-Match, one current
version per lineage, concurrent uploads that neither fail nor duplicate entities, and the schema's own
guarantees (partial unique index, unique revision numbers) with the 0005 repair of older databases."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError

from policyatlas.store.db import session_scope, write_scope
from policyatlas.store.ingest import FileReport, ingest_file, ingest_paths
from policyatlas.store.migrate import alembic_config, migration_transaction, upgrade
from policyatlas.store.revisions import StaleRevisionError, edit_record, latest_revisions, record_etag
from policyatlas.store.schema import EntityRow, RecordRow, RevisionRow, SourceRow

WORKERS = 8

DATASET = """\
format: policyatlas-dataset
version: 1
id: test/{lineage}
country: UY
title: Fictional dataset {lineage} as of {as_of}
as_of: '{as_of}'
sources:
- id: fictional
  title: Made up for the concurrency tests
records:
- kind: agency
  section: Organisational
  title: Agencia de Pruebas Concurrentes
  source: fictional
- kind: law
  section: Legal Framework
  title: Ley de Concurrencia {as_of}
  date: '{as_of}'
  source: fictional
- kind: cert
  section: Organisational
  title: CERT Ficticio {lineage}
  source: fictional
"""


def _write(folder: Path, lineage: str, as_of: str) -> Path:
    path = folder / f"{lineage}-{as_of}.yaml"
    path.write_text(DATASET.format(lineage=lineage, as_of=as_of), encoding="utf-8")
    return path


def _at_once(work: Callable[[int], Any], workers: int = WORKERS) -> list[Any]:
    """Run ``work(i)`` on ``workers`` threads released together; each result or the exception raised."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each worker got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_integrity_one_if_match_exactly_one_edit_wins(engine: Engine, tmp_path: Path) -> None:
    assert ingest_paths(engine, [_write(tmp_path, "edits", "2023-05")]).ok
    with session_scope(engine) as session:
        record = session.scalars(select(RecordRow).where(RecordRow.kind == "law")).one()
    for round_ in range(5):
        with session_scope(engine) as session:
            row = session.get(RecordRow, record.id)
            assert row is not None
            etag = record_etag(row, latest_revisions(session, [record.id]).get(record.id))

        def edit(i: int, etag: str = etag, round_: int = round_) -> int:
            with write_scope(engine) as session:
                return edit_record(session, record.id, {"description": f"round {round_} by {i}"},
                                   author=f"editor{i}", if_match=etag).number

        results = _at_once(edit)
        winners = [r for r in results if isinstance(r, int)]
        assert len(winners) == 1, results
        assert all(isinstance(r, StaleRevisionError) for r in results if not isinstance(r, int)), results
        assert winners[0] == round_ + 1
    with session_scope(engine) as session:
        numbers = session.scalars(select(RevisionRow.number).where(RevisionRow.record_id == record.id)).all()
    assert sorted(numbers) == [1, 2, 3, 4, 5]


def test_integrity_concurrent_versions_of_one_lineage_leave_one_current(engine: Engine, tmp_path: Path) -> None:
    upgrade(engine)
    dates = [f"20{10 + i}-0{1 + i % 9}" for i in range(WORKERS)]
    files = [_write(tmp_path, "versions", d) for d in dates]
    reports = _at_once(lambda i: ingest_file(engine, files[i]))
    assert all(isinstance(r, FileReport) and r.status == "imported" for r in reports), reports
    with session_scope(engine) as session:
        current = session.scalars(select(SourceRow.as_of).where(SourceRow.is_current.is_(True))).all()
        total = session.scalar(select(func.count()).select_from(SourceRow))
    assert total == WORKERS and current == [max(dates)]


def test_integrity_concurrent_uploads_share_new_entities_without_failing(engine: Engine, tmp_path: Path) -> None:
    """Every file names the same new agency: all are imported, and the agency exists once."""
    upgrade(engine)
    files = [_write(tmp_path, f"lineage{i}", "2023-05") for i in range(WORKERS)]
    reports = _at_once(lambda i: ingest_file(engine, files[i]))
    assert all(isinstance(r, FileReport) and r.status == "imported" for r in reports), reports
    with session_scope(engine) as session:
        agencies = session.scalars(select(EntityRow.id).where(EntityRow.name == "Agencia de Pruebas Concurrentes")).all()
        linked = session.scalar(select(func.count(func.distinct(RecordRow.entity_id))).where(RecordRow.kind == "agency"))
    assert len(agencies) == 1 and linked == 1


def test_integrity_same_bytes_uploaded_at_once_are_stored_once(engine: Engine, tmp_path: Path) -> None:
    upgrade(engine)
    path = _write(tmp_path, "same", "2023-05")
    reports = _at_once(lambda i: ingest_file(engine, path))
    statuses = sorted(r.status for r in reports if isinstance(r, FileReport))
    assert statuses.count("imported") == 1 and statuses.count("unchanged") == WORKERS - 1, reports


def test_integrity_schema_refuses_a_second_current_version_and_a_duplicate_revision(engine: Engine,
                                                                                     tmp_path: Path) -> None:
    assert ingest_paths(engine, [_write(tmp_path, "schema", "2023-05")]).ok
    with session_scope(engine) as session:
        source = session.scalars(select(SourceRow)).one()
        record = session.scalars(select(RecordRow)).first()
        assert record is not None
        edit_record(session, record.id, {"description": "first"}, author="ana")
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        copy = {c.name: getattr(source, c.key) for c in SourceRow.__table__.columns}
        session.add(SourceRow(**(copy | {"id": "other", "sha256": "0" * 64})))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(RevisionRow(record_id=record.id, number=1, data={}, author="bob", created_at=source.ingested_at))


def test_integrity_0006_repairs_what_racing_writes_left(engine: Engine, tmp_path: Path) -> None:
    """A database written before 0006_integrity with three current versions and a duplicated revision
    number upgrades: the newest version stays current (its records too, the older
    versions' no longer) and the revisions are numbered 1, 2, 3."""
    config = alembic_config(engine)
    with migration_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    values = "'text/yaml', 'dataset/x', 'x.yaml', '/x.yaml', 'x', 1, 1, '[]', TRUE"
    with engine.begin() as connection:
        for sid, as_of in (("old", "2020"), ("new", "2022"), ("mid", "2021")):
            connection.execute(text(
                "INSERT INTO sources (id, sha256, format, media_type, lineage, file, path, text, size, record_count,"
                f" warnings, is_current, as_of, ingested_at) VALUES ('{sid}', '{sid}', 'd', {values}, '{as_of}',"
                " '2024-01-01 00:00:00')"))
        connection.execute(text("INSERT INTO entities (id, kind, name, aliases, created_at, family)"
                                " VALUES ('e', 'law', 'E', '[]', '2024-01-01 00:00:00', 'law')"))
        for rid, sid in (("r", "new"), ("r-old", "old")):
            connection.execute(text("INSERT INTO records (id, source_id, entity_id, ordinal, kind, title, line_start,"
                                    f" line_end, data) VALUES ('{rid}', '{sid}', 'e', 0, 'law', 'E', 1, 1, '{{}}')"))
        for number, when in ((1, "01"), (2, "02"), (2, "03")):
            connection.execute(text("INSERT INTO revisions (record_id, number, data, author, created_at) VALUES"
                                    f" ('r', {number}, '{{}}', 'a', '2024-01-{when} 00:00:00')"))
    assert upgrade(engine)
    with session_scope(engine) as session:
        current = session.scalars(select(SourceRow.id).where(SourceRow.is_current.is_(True))).all()
        numbers = session.execute(select(RevisionRow.created_at, RevisionRow.number)
                                  .order_by(RevisionRow.created_at)).all()
    assert current == ["new"]
    assert [n for _, n in numbers] == [1, 2, 3]
    with engine.connect() as connection:
        records = connection.execute(text("SELECT id FROM records WHERE is_current ORDER BY id")).scalars().all()
    assert records == ["r"]
