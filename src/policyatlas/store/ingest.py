"""Ingest: files in, sources and records stored; idempotent by content and atomic per file."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from policyatlas.errors import PolicyAtlasError
from policyatlas.model.record import ParsedSource
from policyatlas.sources import detect_parser, get_parser
from policyatlas.sources.base import NO_OPTIONS, ParseOptions
from policyatlas.store import repository
from policyatlas.store.db import lock_for_writes, retry_write, session_scope
from policyatlas.store.guards import MAX_DOCUMENT_BYTES, check_archive, check_size
from policyatlas.store.package_reader import is_package

log = logging.getLogger(__name__)

#: Writes of sources wait for each other (PostgreSQL; SQLite has one writer anyway): resolving a
#: file's entities reads what earlier files created, so concurrent uploads resolve as if made in turn.
INGEST_LOCK = "policyatlas:ingest"


@dataclass
class FileReport:
    """What ingest did with one file: ``imported``, ``unchanged`` or ``error``."""

    path: str
    status: str
    source: str | None = None
    records: int = 0
    format: str | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "source": self.source,
                "records": self.records, "format": self.format, "error": self.error}


@dataclass
class IngestReport:
    """The outcome of one ingest run, file by file, with totals."""

    files: list[FileReport] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    def to_json(self) -> dict[str, Any]:
        return {"files": [f.to_json() for f in self.files], "imported": self.count("imported"),
                "unchanged": self.count("unchanged"), "errors": self.count("error")}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: each file as given, each folder walked (hidden entries skipped), sorted.

    A folder holding a data package (``datapackage.json``) is one item: the package, imported whole.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            items = [p for p in path.rglob("*") if not any(part.startswith(".") for part in p.relative_to(path).parts)]
            packages = [p for p in [path, *items] if is_package(p)]
            found.extend(sorted(
                [p for p in items if p.is_file() and not any(p.is_relative_to(k) for k in packages)] + packages
            ))
        else:
            found.append(path)
    return found


def parse_document(data: bytes, origin: str, *, format: str | None = None,
                   options: ParseOptions = NO_OPTIONS) -> ParsedSource:
    """One document's bytes guarded (zip bombs) and parsed, without the database: what ingest does
    before it writes (and what the fuzzer runs).

    Raises:
        PolicyAtlasError: the document is refused or cannot be read (the message names ``origin``).
    """
    check_archive(data, origin)
    parser = get_parser(format) if format else detect_parser(data, origin)
    return parser.parse(data, origin, options)


def ingest_file(engine: Engine, path: Path, *, format: str | None = None,
                options: ParseOptions = NO_OPTIONS, stored_path: str | None = None,
                max_bytes: int = MAX_DOCUMENT_BYTES) -> FileReport:
    """Ingest one file; every failure becomes an ``error`` report, nothing half-written.

    The file is read and parsed first, then written in one write transaction that holds the ingest
    lock; a write that lost a race (a key another writer took meanwhile) is run again.

    Args:
        engine: the atlas database (already migrated).
        path: the document.
        format: a parser kind to use instead of detecting one from the content.
        options: what the person said of the documents (publication date, country).
        stored_path: where the document came from, to keep instead of the file's own path (an
            upload is read from a temporary file: ``upload:ana/profile.html``).
        max_bytes: a larger file is refused before it is read.
    """
    origin = str(path)
    try:
        check_size(path.stat().st_size, origin, limit=max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        return FileReport(origin, "error", error=f"{origin}: cannot read: {exc.strerror or exc}")
    except PolicyAtlasError as exc:
        return FileReport(origin, "error", error=str(exc))
    sha256 = hashlib.sha256(data).hexdigest()
    with session_scope(engine) as session:
        known = repository.find_source_by_sha(session, sha256)
        if known is not None:
            return FileReport(origin, "unchanged", known.id, known.record_count, known.format)
    try:
        parsed = parse_document(data, origin, format=format, options=options)

        def store(session: Session) -> FileReport:
            lock_for_writes(session, INGEST_LOCK)
            known = repository.find_source_by_sha(session, sha256)
            if known is not None:  # another process stored the same bytes while this one parsed them
                return FileReport(origin, "unchanged", known.id, known.record_count, known.format)
            row = repository.add_source(session, parsed, sha256=sha256, path=stored_path or str(path.resolve()),
                                        file=path.name, size=len(data))
            return FileReport(origin, "imported", row.id, row.record_count, row.format)

        report = retry_write(engine, store)
        if report.status == "unchanged":
            return report
    except PolicyAtlasError as exc:
        if exc.path is None:
            exc.path = origin
        return FileReport(origin, "error", error=str(exc))
    except IntegrityError as exc:
        with session_scope(engine) as session:
            known = repository.find_source_by_sha(session, sha256)
        if known is not None:  # another process stored the same bytes between check and write
            return FileReport(origin, "unchanged", known.id, known.record_count, known.format)
        return FileReport(origin, "error", error=f"{origin}: not stored, the database refused it: "
                          f"{_first_line(exc.orig or exc)}")
    except Exception as exc:  # a parser bug must not stop the batch or leave half a source
        log.exception("ingest of %s failed", origin)
        return FileReport(origin, "error", error=f"{origin}: internal error ({type(exc).__name__}: "
                          f"{_first_line(exc)}); nothing was stored")
    log.info("imported %s: %s, %d records", origin, report.format, report.records)
    return report


def ingest_paths(engine: Engine, paths: Iterable[Path], *, format: str | None = None,
                 options: ParseOptions = NO_OPTIONS, on_file: Callable[[FileReport], None] | None = None,
                 max_bytes: int = MAX_DOCUMENT_BYTES) -> IngestReport:
    """Migrate the database if needed, then ingest every file (folders are walked).

    One file's failure never stops the others; ``on_file`` is told of each file's outcome. A file
    over ``max_bytes`` is refused before it is read.
    """
    from policyatlas.store.migrate import upgrade  # Alembic loads only when a batch is ingested

    if format:
        get_parser(format)  # an unknown --format is a usage error before any file is read
    upgrade(engine)
    report = IngestReport()
    for path in expand_paths(paths):
        if is_package(path):
            from policyatlas.store.package_import import ingest_package  # it reports with FileReport

            file_report = ingest_package(engine, path)
        else:
            file_report = ingest_file(engine, path, format=format, options=options, max_bytes=max_bytes)
        report.files.append(file_report)
        if on_file:
            on_file(file_report)
    return report



def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
