"""Import an atlas data package (``policyatlas export --format datapackage``) as one unit.

The whole package is checked and written in one transaction: any bad cell, broken key or missing
file stops it with one error naming the file and row, and nothing is written. Rows are matched by
their keys (a source by its id and SHA-256, a record by its id, an entity by its id, a revision by
record and number…): what the atlas already holds is left as it is, so the same package again adds
nothing, and a package into an empty atlas restores it exactly (export → import → export gives the
same files). Rows go in with bulk Core inserts; memory holds the keys, not the rows (revisions and
aliases excepted, which are small).

Into an atlas that already holds data, a package adds what is new: new sources with their records and
links, new entities and names (an entity the atlas has keeps its names and gains the package's
aliases; records pointing at an entity the atlas merged away follow the merge), new revisions,
reviews, frameworks and assessments. A row that contradicts the atlas (an entity of another kind, a
revision or framework that differs under the same key) is an error.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from policyatlas.errors import PolicyAtlasError
from policyatlas.model.fact_dates import fact_period
from policyatlas.store import search
from policyatlas.store.db import session_scope
from policyatlas.store.derived import add_facets, append_reading_order, count_countries, known_date, refresh_current
from policyatlas.store.entities import reindex_entities
from policyatlas.store.ingest import FileReport
from policyatlas.store.migrate import upgrade
from policyatlas.store.package_codec import apply_changes, stored_record
from policyatlas.store.package_reader import Package, PackageError, is_package, open_package
from policyatlas.store.package_rows import chunked
from policyatlas.store.package_schema import CellError, Table, to_json_text
from policyatlas.store.package_tables import (
    ASSESSMENTS,
    ENTITIES,
    ENTITY_ALIASES,
    ENTITY_NAMES,
    ENTITY_REVIEWS,
    FRAMEWORKS,
    RECORD_ENTITIES,
    RECORDS,
    REVISIONS,
    SOURCE_TEXTS,
    SOURCES,
)
from policyatlas.store.revisions import carry_forward, latest_revisions
from policyatlas.store.schema import (
    AssessmentRow,
    EntityNameRow,
    EntityReviewRow,
    EntityRow,
    FrameworkRow,
    RecordEntityRow,
    RecordRow,
    RevisionRow,
    SourceRow,
    SourceTextRow,
)

__all__ = ["PackageError", "PackageReport", "import_package", "ingest_package", "is_package"]
FORMAT = "datapackage"
log = logging.getLogger(__name__)
CHUNK = 1000
TEXT_BATCH_CHARS = 8_000_000


@dataclass
class PackageReport:
    """What an import did, table by table: rows inserted and rows the atlas already held."""

    folder: str
    inserted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def changed(self) -> bool:
        return any(self.inserted.values())

    def to_json(self) -> dict[str, Any]:
        names = sorted(set(self.inserted) | set(self.unchanged))
        return {name: {"inserted": self.inserted.get(name, 0), "unchanged": self.unchanged.get(name, 0)}
                for name in names}


@dataclass
class PackageFileReport(FileReport):
    """An ingest report for a data package, with what each table brought (``tables``)."""

    tables: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "tables": self.tables}


def ingest_package(engine: Engine, folder: Path) -> FileReport:
    """``policyatlas ingest`` of a package folder: ``imported`` when it added anything, else
    ``unchanged``; any problem is an ``error`` report and nothing is written."""
    origin = str(folder)
    try:
        report = import_package(engine, folder)
    except PolicyAtlasError as exc:
        return FileReport(origin, "error", format=FORMAT, error=str(exc))
    except DBAPIError as exc:
        reason = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0]
        return FileReport(origin, "error", format=FORMAT,
                          error=f"{origin}: not stored, the database refused it: {reason}; nothing was written")
    status = "imported" if report.changed else "unchanged"
    return PackageFileReport(origin, status, records=report.inserted.get("records", 0), format=FORMAT,
                             tables=report.to_json())


def import_package(engine: Engine, folder: Path) -> PackageReport:
    """Import the data package in ``folder`` into the atlas (migrated first), all or nothing.

    Raises:
        PackageError: the package cannot be read, or a row is bad or contradicts the atlas (the
            message names the file and row); nothing was written.
    """
    package = open_package(folder)
    upgrade(engine)
    with session_scope(engine) as session:
        importer = _Importer(session, package)
        importer.run()
    log.info("imported package %s: %s", folder, dict(importer.report.inserted))
    return importer.report


def _moment(value: datetime | None) -> datetime | None:
    """A stored time as naive UTC (SQLite drops the zone), to compare times from either database."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


class _Importer:
    """One import: the package's keys seen so far and what is new to the atlas."""

    def __init__(self, session: Session, package: Package) -> None:
        self.session = session
        self.connection: Connection = session.connection()
        self.package = package
        self.report = PackageReport(str(package.folder))
        self.source_ids: set[str] = set()
        self.new_sources: set[str] = set()
        self.new_lineages: set[str] = set()
        self.entity_ids: set[str] = set()
        self.redirects: dict[str, str] = {}
        self.record_ids: set[str] = set()
        self.new_records: set[str] = set()
        self.revised: set[str] = set()
        self.documents: dict[str, dict[str, Any]] = {}
        self.current_of: dict[str, bool] = {}

    def run(self) -> None:
        self._sources()
        self._texts()
        self._entities()
        self._names()
        self._records()
        self._links()
        self._revisions()
        self._reviews()
        self._frameworks()
        self._assessments()
        self._index()
        self._current_versions()  # after indexing: a correction it carries over indexes its record again
        self.session.flush()

    # --- helpers ---------------------------------------------------------------------------------

    def _error(self, table: Table, row: int | None, message: str) -> PackageError:
        return self.package.error(table, row, message)

    def _unique(self, table: Table, seen: set[Any], key: Any, number: int) -> None:
        if key in seen:
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(table.primary_key, key if isinstance(key, tuple) else (key,),
                                                          strict=True))
            raise self._error(table, number, f"repeats the key {shown}")
        seen.add(key)

    def _known(self, table: Table, number: int, column: str, value: Any, keys: set[str], target: Table) -> None:
        if value is not None and value not in keys:
            raise self._error(table, number, f"column {column}: {value!r} is not in {target.path}")

    def _insert(self, model: Any, rows: list[dict[str, Any]], name: str) -> None:
        if rows:
            self.connection.execute(insert(model), rows)
            self.report.inserted[name] += len(rows)

    def _target(self, entity_id: str) -> str:
        """The entity that stands for ``entity_id`` in the atlas (following its merges)."""
        seen = set()
        while entity_id in self.redirects and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.redirects[entity_id]
        return entity_id

    # --- sources ---------------------------------------------------------------------------------

    def _sources(self) -> None:
        known = dict(self.connection.execute(select(SourceRow.id, SourceRow.sha256)).all())
        # A lineage has one current version (a unique index): where the atlas has one, the package's
        # versions come in as past ones and _current_versions then makes the newest current.
        atlas_current = set(self.connection.execute(select(SourceRow.lineage).where(SourceRow.is_current)).scalars())
        pending: list[dict[str, Any]] = []
        for number, row in self.package.rows(SOURCES):
            self._unique(SOURCES, self.source_ids, row["id"], number)
            if row["sha256"][:16] != row["id"]:
                raise self._error(SOURCES, number, f"id {row['id']!r} is not the start of sha256 {row['sha256']}")
            if row["id"] in known:
                if known[row["id"]] != row["sha256"]:
                    raise self._error(SOURCES, number, f"source {row['id']} is in the atlas with another SHA-256")
                self.report.unchanged["sources"] += 1
                continue
            self.new_sources.add(row["id"])
            self.new_lineages.add(row["lineage"])
            self.current_of[row["id"]] = bool(row["current"]) and row["lineage"] not in atlas_current
            if row["format"] in search.DOCUMENT_FORMATS:  # indexed whole once its text comes
                self.documents[row["id"]] = {k: row[k] for k in ("format", "title", "file", "country", "as_of")}
            values = {k: v for k, v in row.items() if k != "current"}
            pending.append({**values, "is_current": self.current_of[row["id"]],
                            "known_date": known_date(row["as_of"], row["ingested_at"])})
            if len(pending) >= CHUNK:
                self._insert(SourceRow, pending, "sources")
                pending = []
        self._insert(SourceRow, pending, "sources")

    def _texts(self) -> None:
        seen: set[str] = set()
        batch: list[dict[str, Any]] = []
        size = 0
        statement = (update(SourceRow).where(SourceRow.id == bindparam("source_id"))
                     .values(line_count=bindparam("lines")))
        for number, row in self.package.rows(SOURCE_TEXTS):
            self._unique(SOURCE_TEXTS, seen, row["source"], number)
            self._known(SOURCE_TEXTS, number, "source", row["source"], self.source_ids, SOURCES)
            if row["source"] not in self.new_sources:
                self.report.unchanged["source_texts"] += 1
                continue
            batch.append({"source_id": row["source"], "body": row["text"], "lines": len(row["text"].splitlines())})
            size += len(row["text"])
            if size >= TEXT_BATCH_CHARS or len(batch) >= CHUNK:
                self._update_texts(statement, batch)
                batch, size = [], 0
        self._update_texts(statement, batch)

    def _update_texts(self, statement: Any, batch: list[dict[str, Any]]) -> None:
        if batch:
            self.connection.execute(insert(SourceTextRow), [{"source_id": b["source_id"], "text": b["body"]}
                                                            for b in batch])
            self.connection.execute(statement, [{"source_id": b["source_id"], "lines": b["lines"]} for b in batch])
            self.report.inserted["source_texts"] += len(batch)
        for item in batch:
            document = self.documents.get(item["source_id"])
            if document is not None:
                search.index_source(self.session, search.IndexedSource(
                    item["source_id"], document["format"], document["title"], document["file"], document["country"],
                    document["as_of"], item["body"], self.current_of[item["source_id"]]), [])

    # --- entities --------------------------------------------------------------------------------

    def _aliases(self) -> dict[str, list[tuple[int, str, int]]]:
        """``{entity: [(position, alias, row)]}`` from entity_aliases.csv."""
        aliases: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        for number, row in self.package.rows(ENTITY_ALIASES):
            self._unique(ENTITY_ALIASES, seen, (row["entity"], row["position"]), number)
            aliases[row["entity"]].append((row["position"], row["alias"], number))
        return aliases

    def _entities(self) -> None:
        aliases = self._aliases()
        self.redirects = {entity_id: target for entity_id, target in self.connection.execute(
            select(EntityRow.id, EntityRow.merged_into).where(EntityRow.merged_into.is_not(None))) if target}
        merges: list[tuple[int, str, str]] = []
        for chunk in chunked(self.package.rows(ENTITIES)):
            ids = [row["id"] for _, row in chunk]
            existing = {entity_id: (kind, names) for entity_id, kind, names in self.connection.execute(
                select(EntityRow.id, EntityRow.kind, EntityRow.aliases).where(EntityRow.id.in_(ids)))}
            new_rows, grown = [], []
            for number, row in chunk:
                self._unique(ENTITIES, self.entity_ids, row["id"], number)
                names = [alias for _, alias, _ in sorted(aliases.get(row["id"], []))]
                if row["id"] in existing:
                    kind, known = existing[row["id"]]
                    if kind != row["kind"]:
                        raise self._error(ENTITIES, number, f"entity {row['id']} is a {kind} in the atlas, "
                                          f"a {row['kind']} here")
                    added = [n for n in names if n not in (known or [])]
                    if added:
                        grown.append({"entity_id": row["id"], "names": [*(known or []), *added]})
                    self.report.unchanged["entities"] += 1
                    continue
                if row["merged_into"] is not None:
                    merges.append((number, row["id"], row["merged_into"]))
                new_rows.append({**row, "merged_into": None, "aliases": names})
            self._insert(EntityRow, new_rows, "entities")
            if grown:
                self.connection.execute(update(EntityRow).where(EntityRow.id == bindparam("entity_id"))
                                        .values(aliases=bindparam("names")), grown)
        for entity_id, items in aliases.items():
            if entity_id not in self.entity_ids:
                raise self._error(ENTITY_ALIASES, min(n for _, _, n in items),
                                  f"column entity: {entity_id!r} is not in {ENTITIES.path}")
        for number, _, target in merges:
            self._known(ENTITIES, number, "merged_into", target, self.entity_ids, ENTITIES)
        if merges:
            self.connection.execute(update(EntityRow).where(EntityRow.id == bindparam("entity_id"))
                                    .values(merged_into=bindparam("target")),
                                    [{"entity_id": e, "target": t} for _, e, t in merges])

    def _names(self) -> None:
        seen: set[tuple[str, str]] = set()
        for chunk in chunked(self.package.rows(ENTITY_NAMES)):
            targets = {self._target(row["entity"]) for _, row in chunk}
            existing: set[tuple[str, str]] = {(entity_id, key) for entity_id, key in self.connection.execute(
                select(EntityNameRow.entity_id, EntityNameRow.key).where(EntityNameRow.entity_id.in_(targets)))}
            new_rows = []
            for number, row in chunk:
                self._unique(ENTITY_NAMES, seen, (row["entity"], row["key"]), number)
                self._known(ENTITY_NAMES, number, "entity", row["entity"], self.entity_ids, ENTITIES)
                key = (self._target(row["entity"]), row["key"])
                if key in existing:
                    self.report.unchanged["entity_names"] += 1
                    continue
                existing.add(key)
                new_rows.append({**row, "entity_id": key[0]})
            self._insert(EntityNameRow, [{k: v for k, v in r.items() if k != "entity"} for r in new_rows],
                         "entity_names")

    # --- records ---------------------------------------------------------------------------------

    def _records(self) -> None:
        pending: list[dict[str, Any]] = []
        for number, row in self.package.rows(RECORDS):
            self._unique(RECORDS, self.record_ids, row["id"], number)
            self._known(RECORDS, number, "source", row["source"], self.source_ids, SOURCES)
            self._known(RECORDS, number, "entity", row["entity"], self.entity_ids, ENTITIES)
            try:
                values = stored_record(row)
            except CellError as exc:
                raise self._error(RECORDS, number, str(exc)) from None
            if row["source"] not in self.new_sources:
                self.report.unchanged["records"] += 1
                continue
            values["entity_id"] = self._target(values["entity_id"])
            values["is_current"] = self.current_of[values["source_id"]]
            self.new_records.add(row["id"])
            pending.append(values)
            if len(pending) >= CHUNK:
                self._insert_records(pending)
                pending = []
        self._insert_records(pending)
        new = sorted(self.new_sources)
        append_reading_order(self.session, new)  # the package's sources after the atlas's, by ingest
        count_countries(self.session, new)

    def _insert_records(self, pending: list[dict[str, Any]]) -> None:
        """Insert records, the values incidents are counted by, and index them for search (as the package
        states them; corrections later)."""
        self._insert(RecordRow, pending, "records")
        add_facets(self.session, pending)
        by_source: dict[str, list[RecordRow]] = defaultdict(list)
        for values in pending:
            by_source[values["source_id"]].append(RecordRow(**values))
        for source_id, records in by_source.items():
            # a source of no document format (and no text here) adds only the records
            search.index_source(self.session, search.IndexedSource(source_id, "", None, "", None, None, "",
                                                                   self.current_of[source_id]), records)

    def _links(self) -> None:
        if not self.package.has(RECORD_ENTITIES):  # a hand-made package: each record speaks of its entity
            subjects = select(RecordRow.id, RecordRow.entity_id).where(RecordRow.id.in_(bindparam("ids", expanding=True)))
            for chunk in chunked(sorted(self.new_records)):
                rows = self.connection.execute(subjects, {"ids": chunk})
                self._insert(RecordEntityRow, [{"record_id": r, "entity_id": e, "role": "subject"} for r, e in rows],
                             "record_entities")
            return
        seen: set[tuple[str, str, str]] = set()
        written: set[tuple[str, str, str]] = set()
        pending: list[dict[str, Any]] = []
        for number, row in self.package.rows(RECORD_ENTITIES):
            self._known(RECORD_ENTITIES, number, "record", row["record"], self.record_ids, RECORDS)
            self._known(RECORD_ENTITIES, number, "entity", row["entity"], self.entity_ids, ENTITIES)
            if row["record"] not in self.new_records:
                self.report.unchanged["record_entities"] += 1
                continue
            self._unique(RECORD_ENTITIES, seen, (row["record"], row["entity"], row["role"]), number)
            link = (row["record"], self._target(row["entity"]), row["role"])
            if link in written:  # two entities the atlas merged into one
                continue
            written.add(link)
            pending.append({"record_id": link[0], "entity_id": link[1], "role": link[2]})
            if len(pending) >= CHUNK:
                self._insert(RecordEntityRow, pending, "record_entities")
                pending = []
        self._insert(RecordEntityRow, pending, "record_entities")

    # --- revisions, reviews, frameworks, assessments -----------------------------------------------

    def _revisions(self) -> None:
        by_record: dict[str, list[tuple[int, int, dict[str, Any]]]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        for number, row in self.package.rows(REVISIONS):
            self._unique(REVISIONS, seen, (row["record"], row["number"]), number)
            self._known(REVISIONS, number, "record", row["record"], self.record_ids, RECORDS)
            by_record[row["record"]].append((row["number"], number, row))
        for chunk in chunked(sorted(by_record)):
            bases: dict[str, dict[str, Any]] = {record_id: data for record_id, data in self.connection.execute(
                select(RecordRow.id, RecordRow.data).where(RecordRow.id.in_(chunk)))}
            stored: dict[tuple[str, int], RevisionRow] = {
                (r.record_id, r.number): r for r in self.session.scalars(
                    select(RevisionRow).where(RevisionRow.record_id.in_(chunk)))}
            pending = []
            periods = []
            for record_id in chunk:
                data = dict(bases[record_id])
                for revision_number, row_number, row in sorted(by_record[record_id], key=lambda item: item[0]):
                    data = apply_changes(data, row["changes"])
                    known = stored.get((record_id, revision_number))
                    if known is not None:
                        if to_json_text(known.data) != to_json_text(data):
                            raise self._error(REVISIONS, row_number, f"record {record_id} already has a different "
                                              f"revision {revision_number} (by {known.author})")
                        self.report.unchanged["revisions"] += 1
                        continue
                    pending.append({"record_id": record_id, "number": revision_number, "data": data,
                                    "author": row["author"], "comment": row["comment"],
                                    "created_at": row["created_at"]})
                    self.revised.add(record_id)
                if record_id in self.revised:  # "in force at" follows the corrected dates, as after an edit
                    start, until = fact_period(data)
                    periods.append({"rid": record_id, "start": start, "until": until})
            self._insert(RevisionRow, pending, "revisions")
            if periods:
                self.connection.execute(update(RecordRow).where(RecordRow.id == bindparam("rid")).values(
                    fact_from=bindparam("start"), fact_until=bindparam("until")), periods)

    def _reviews(self) -> None:
        known = {frozenset(pair) for pair in self.connection.execute(
            select(EntityReviewRow.entity_id, EntityReviewRow.candidate_id))}
        seen: set[tuple[str, str]] = set()
        pending = []
        for number, row in self.package.rows(ENTITY_REVIEWS):
            self._unique(ENTITY_REVIEWS, seen, (row["entity"], row["candidate"]), number)
            self._known(ENTITY_REVIEWS, number, "entity", row["entity"], self.entity_ids, ENTITIES)
            self._known(ENTITY_REVIEWS, number, "candidate", row["candidate"], self.entity_ids, ENTITIES)
            pair = frozenset((row["entity"], row["candidate"]))
            if pair in known:
                self.report.unchanged["entity_reviews"] += 1
                continue
            known.add(pair)
            pending.append({"entity_id": row["entity"], "candidate_id": row["candidate"], "score": row["score"],
                            "reason": row["reason"], "status": row["status"], "created_at": row["created_at"],
                            "decided_at": row["decided_at"]})
        self._insert(EntityReviewRow, pending, "entity_reviews")

    def _frameworks(self) -> None:
        seen: set[str] = set()
        pending = []
        for number, row in self.package.rows(FRAMEWORKS):
            self._unique(FRAMEWORKS, seen, row["id"], number)
            known = self.session.get(FrameworkRow, row["id"])
            if known is None:
                pending.append(row)
            elif known.version == row["version"] and to_json_text(known.definition) == to_json_text(row["definition"]):
                self.report.unchanged["frameworks"] += 1
            else:
                raise self._error(FRAMEWORKS, number, f"framework {row['id']} is in the atlas with another definition "
                                  f"(version {known.version}, here {row['version']})")
        self._insert(FrameworkRow, pending, "frameworks")

    def _assessments(self) -> None:
        known = {(f, c, _moment(t)) for f, c, t in self.connection.execute(
            select(AssessmentRow.framework_id, AssessmentRow.country, AssessmentRow.assessed_at))}
        seen: set[tuple[str, str, Any]] = set()
        pending = []
        for number, row in self.package.rows(ASSESSMENTS):
            key = (row["framework"], row["country"], _moment(row["assessed_at"]))
            self._unique(ASSESSMENTS, seen, key, number)
            if key in known:
                self.report.unchanged["assessments"] += 1
                continue
            pending.append({"framework_id": row["framework"], "framework_version": row["framework_version"],
                            "country": row["country"], "as_of": row["as_of"], "assessed_at": row["assessed_at"],
                            "score": row["score"], "result": row["result"]})
        self._insert(AssessmentRow, pending, "assessments")

    # --- after the rows --------------------------------------------------------------------------

    def _current_versions(self) -> None:
        """Where a lineage now has versions from the atlas and from the package, the newest is current;
        when that is the package's, editors' corrections of the atlas's version carry over to it as
        ingest carries them (to records the package brings no revision for)."""
        for lineage in sorted(self.new_lineages):
            versions = self.connection.execute(select(SourceRow.id, SourceRow.as_of, SourceRow.ingested_at,
                                                      SourceRow.is_current).where(SourceRow.lineage == lineage)).all()
            if all(source_id in self.new_sources for source_id, _, _, _ in versions):
                continue  # the package's own versions: as it says
            newest = max(versions, key=lambda v: (v[1] or "", _moment(v[2]), v[0]))[0]
            # the others first: the unique index is checked row by row, within one statement too
            self.connection.execute(update(SourceRow).where(SourceRow.lineage == lineage, SourceRow.id != newest)
                                    .values(is_current=False))
            self.connection.execute(update(SourceRow).where(SourceRow.id == newest).values(is_current=True))
            refresh_current(self.session, [v[0] for v in versions])
            superseded = [v[0] for v in versions if v[3] and v[0] != newest and v[0] not in self.new_sources]
            if newest in self.new_sources and superseded:
                records = [r for r in self.session.scalars(select(RecordRow).where(RecordRow.source_id == newest))
                           if r.id not in self.revised]
                carry_forward(self.session, superseded, records)
                self.session.flush()
                self.session.expunge_all()

    def _index(self) -> None:
        """Index every record a revision corrected as corrected (the new ones were indexed as stated)."""
        for chunk in chunked(sorted(self.revised)):
            newest = latest_revisions(self.session, chunk)
            for record in self.session.scalars(select(RecordRow).where(RecordRow.id.in_(chunk))):
                search.reindex_record(self.session, record, newest[record.id].data)
            self.session.expunge_all()
        if not self.package.has(ENTITY_NAMES):
            reindex_entities(self.session)
