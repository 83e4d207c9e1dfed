"""Rows of the open data package, streamed from the store in key order (the exporters' only SQL).

Every function takes a connection from ``read_snapshot`` (one consistent state) and yields plain
dicts keyed by the package's column names, fetching in chunks: nothing holds a whole table in
memory. Text columns are ordered byte by byte (``bytewise``), so SQLite and PostgreSQL give the same
order. Derived rows (initiatives, statements…) come from the records of current sources, each as
corrected by its newest revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Executable, func, literal, select, union
from sqlalchemy.orm import aliased

from policyatlas.store.db import bytewise
from policyatlas.store.package_codec import record_row, revision_changes
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

T = TypeVar("T")
#: Rows fetched at a time; texts of sources come a few at a time (one may be megabytes).
CHUNK = 1000
TEXT_CHUNK = 8


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _stream(connection: Connection, query: Executable, chunk: int = CHUNK) -> Iterator[Any]:
    result = connection.execution_options(stream_results=True, yield_per=chunk).execute(query)
    try:
        yield from result
    finally:
        result.close()


def _b(connection: Connection, column: Any) -> ColumnElement[str]:
    return bytewise(column, connection.dialect.name)


def source_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Sources without their text, by id."""
    s = SourceRow
    query = select(s.id, s.sha256, s.format, s.media_type, s.lineage, s.file, s.path, s.country, s.language, s.title,
                   s.publisher, s.url, s.as_of, s.as_of_precision, s.size, s.record_count, s.warnings, s.is_current,
                   s.ingested_at).order_by(_b(connection, s.id))
    for row in _stream(connection, query):
        item = dict(row._mapping)
        item["current"] = item.pop("is_current")
        item["path"] = public_path(item["path"])
        yield item


def public_path(path: str, base: Path | None = None) -> str:
    """Where a source came from, fit to publish: an absolute path of this machine is written relative to
    ``base`` (the current directory) when it lies under it, else as its file name; other paths (an upload's
    ``upload:user/name``, a path already relative) as they are. So an export never leaks a home folder and the
    bundled package is the same on every machine."""
    local = Path(path)
    if not local.is_absolute():
        return path
    try:
        return local.relative_to(base or Path.cwd()).as_posix()
    except ValueError:
        return local.name


def source_text_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Each source's text, by source id, a few at a time."""
    query = select(SourceTextRow.source_id, SourceTextRow.text).order_by(_b(connection, SourceTextRow.source_id))
    for source_id, text in _stream(connection, query, TEXT_CHUNK):
        yield {"source": source_id, "text": text}


def entity_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Entities (merged ones too) by id."""
    e = EntityRow
    query = select(e.id, e.kind, e.family, e.country, e.name, e.name_en, e.acronym, e.merged_into,
                   e.created_at).order_by(_b(connection, e.id))
    for row in _stream(connection, query):
        yield dict(row._mapping)


def entity_alias_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Each entity's aliases in their order (position from 1), by entity."""
    query = select(EntityRow.id, EntityRow.aliases).order_by(_b(connection, EntityRow.id))
    for entity_id, aliases in _stream(connection, query):
        for position, alias in enumerate(aliases or [], 1):
            yield {"entity": entity_id, "position": position, "alias": alias}


def entity_name_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """The resolver's name keys, by entity and key."""
    n = EntityNameRow
    query = select(n.entity_id, n.key, n.family, n.country, n.block).order_by(
        _b(connection, n.entity_id), _b(connection, n.key))
    for entity_id, key, family, country, block in _stream(connection, query):
        yield {"entity": entity_id, "key": key, "family": family, "country": country, "block": block}


def record_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Records, a column per field, by source and position."""
    r = RecordRow
    query = select(r.id, r.source_id, r.entity_id, r.ordinal, r.kind, r.country, r.title, r.line_start, r.line_end,
                   r.data).order_by(_b(connection, r.source_id), r.ordinal, _b(connection, r.id))
    for row in _stream(connection, query):
        yield record_row(row._mapping)


def record_entity_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Record-entity links with roles, by record, entity and role."""
    link = RecordEntityRow
    query = select(link.record_id, link.entity_id, link.role).order_by(
        _b(connection, link.record_id), _b(connection, link.entity_id), _b(connection, link.role))
    for record_id, entity_id, role in _stream(connection, query):
        yield {"record": record_id, "entity": entity_id, "role": role}


def revision_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Revisions by record and number, each with the fields it set (``changes``: what differs from
    the data it corrected, the previous revision's or, for the first, the record's)."""
    rev, prev = RevisionRow, aliased(RevisionRow)
    previous = (select(prev.data).where(prev.record_id == rev.record_id, prev.number < rev.number)
                .order_by(prev.number.desc()).limit(1).scalar_subquery())
    query = (select(rev.record_id, rev.number, rev.author, rev.comment, rev.created_at, rev.data,
                    func.coalesce(previous, RecordRow.data).label("before"))
             .join(RecordRow, RecordRow.id == rev.record_id)
             .order_by(_b(connection, rev.record_id), rev.number, rev.id))
    for record_id, number, author, comment, created_at, data, before in _stream(connection, query):
        yield {"record": record_id, "number": number, "author": author, "comment": comment, "created_at": created_at,
               "changes": revision_changes(before or {}, data or {})}


def review_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """The resolver's review pairs, by entity and candidate."""
    v = EntityReviewRow
    query = select(v.entity_id, v.candidate_id, v.score, v.reason, v.status, v.created_at, v.decided_at).order_by(
        _b(connection, v.entity_id), _b(connection, v.candidate_id), v.id)
    for row in _stream(connection, query):
        item = dict(row._mapping)
        item["entity"], item["candidate"] = item.pop("entity_id"), item.pop("candidate_id")
        yield item


def framework_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Frameworks analysts added, by id."""
    f = FrameworkRow
    query = select(f.id, f.version, f.name, f.file, f.definition, f.added_at).order_by(_b(connection, f.id))
    for row in _stream(connection, query):
        yield dict(row._mapping)


def assessment_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Stored assessments, by framework, country and time of the run."""
    a = AssessmentRow
    query = select(a.framework_id, a.framework_version, a.country, a.as_of, a.assessed_at, a.score, a.result).order_by(
        _b(connection, a.framework_id), _b(connection, a.country), a.assessed_at, a.id)
    for row in _stream(connection, query):
        item = dict(row._mapping)
        item["framework"] = item.pop("framework_id")
        yield item


# --- derived ---------------------------------------------------------------------------------------

def country_rows(connection: Connection) -> list[dict[str, Any]]:
    """Every country code the store names (sources, records, entities, assessments), by code, with the
    current records about it, the current sources they come from, and the latest date those speak of."""
    codes = union(
        select(SourceRow.country.label("code")).where(SourceRow.country.is_not(None)),
        select(RecordRow.country).where(RecordRow.country.is_not(None)),
        select(EntityRow.country).where(EntityRow.country.is_not(None)),
        select(AssessmentRow.country),
    ).subquery()
    counts = {code: (records, sources, as_of) for code, records, sources, as_of in connection.execute(
        select(RecordRow.country, func.count(), func.count(func.distinct(RecordRow.source_id)), func.max(SourceRow.as_of))
        .join(SourceRow, SourceRow.id == RecordRow.source_id)
        .where(SourceRow.is_current.is_(True), RecordRow.country.is_not(None))
        .group_by(RecordRow.country))}
    result = []
    for (code,) in connection.execute(select(codes.c.code).order_by(_b(connection, codes.c.code))):
        records, sources, as_of = counts.get(code, (0, 0, None))
        result.append({"code": code, "records": records, "sources": sources, "as_of": as_of})
    return result


def current_record_rows(connection: Connection, kind: str, *, by_entity: bool = False,
                        entity_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Records of one kind from current sources, each with ``data`` as corrected by its newest
    revision, its entity's ``entity_name``/``entity_name_en``, and the entity linked to it as
    ``speaker`` (or None).

    Ordered by record id, or with ``by_entity`` by entity and then document order (the records of
    one entity come together); ``entity_ids`` keeps those of these entities only."""
    newest = (select(RevisionRow.record_id, func.max(RevisionRow.number).label("number"))
              .group_by(RevisionRow.record_id).subquery())
    r, s = RecordRow, SourceRow
    order: list[Any] = ([_b(connection, r.entity_id), s.ingested_at, _b(connection, s.id), r.ordinal]
                        if by_entity else [_b(connection, r.id)])
    speaker = (select(func.min(RecordEntityRow.entity_id))
               .where(RecordEntityRow.record_id == r.id, RecordEntityRow.role == literal("speaker"))
               .scalar_subquery())
    query = (select(r.id, r.entity_id, r.source_id, r.country, r.title, r.line_start, r.line_end, r.data,
                    RevisionRow.data.label("revised"), EntityRow.name.label("entity_name"),
                    EntityRow.name_en.label("entity_name_en"), speaker.label("speaker"))
             .join(s, s.id == r.source_id)
             .join(EntityRow, EntityRow.id == r.entity_id)
             .outerjoin(newest, newest.c.record_id == r.id)
             .outerjoin(RevisionRow, (RevisionRow.record_id == r.id) & (RevisionRow.number == newest.c.number))
             .where(r.kind == kind, s.is_current.is_(True))
             .order_by(*order))
    if entity_ids is not None:
        query = query.where(r.entity_id.in_(entity_ids))
    for row in _stream(connection, query):
        item = dict(row._mapping)
        revised = item.pop("revised")
        if revised is not None:
            item["data"] = revised
        yield item


def popolo_entity_rows(connection: Connection, kinds: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Entities of these kinds not merged away, by id."""
    e = EntityRow
    query = (select(e.id, e.kind, e.country, e.name, e.name_en, e.acronym, e.aliases)
             .where(e.kind.in_(kinds), e.merged_into.is_(None)).order_by(_b(connection, e.id)))
    for row in _stream(connection, query):
        yield dict(row._mapping)


def entity_sources(connection: Connection, entity_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For these entities, the current sources of the records speaking of them (id, title, url), by id."""
    if not entity_ids:
        return {}
    rows = connection.execute(
        select(RecordEntityRow.entity_id, SourceRow.id, SourceRow.title, SourceRow.url).distinct()
        .join(RecordRow, RecordRow.id == RecordEntityRow.record_id)
        .join(SourceRow, SourceRow.id == RecordRow.source_id)
        .where(RecordEntityRow.entity_id.in_(entity_ids), SourceRow.is_current.is_(True)))
    result: dict[str, list[dict[str, Any]]] = {}
    for entity_id, source_id, title, url in sorted(rows, key=lambda r: (r[0], r[1])):
        result.setdefault(entity_id, []).append({"id": source_id, "title": title, "url": url})
    return result


def record_links(connection: Connection, record_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """For these records, the entities they link to other than as subject: ``{record: [{role, id,
    kind, family, name}]}``, each list by role and entity."""
    if not record_ids:
        return {}
    link = RecordEntityRow
    rows = connection.execute(
        select(link.record_id, link.role, EntityRow.id, EntityRow.kind, EntityRow.family, EntityRow.name)
        .join(EntityRow, EntityRow.id == link.entity_id)
        .where(link.record_id.in_(record_ids), link.role != literal("subject")))
    result: dict[str, list[dict[str, Any]]] = {}
    for record_id, role, entity_id, kind, family, name in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
        result.setdefault(record_id, []).append({"role": role, "id": entity_id, "kind": kind, "family": family,
                                                 "name": name})
    return result


def data_moment(connection: Connection) -> Any:
    """The newest time the store was written at (an ingest, an edit, a decision, a framework, an
    assessment), or None for an empty store: the package's ``created`` time, so the same data
    always gives the same descriptor."""
    moments = connection.execute(select(
        select(func.max(SourceRow.ingested_at)).scalar_subquery(),
        select(func.max(RevisionRow.created_at)).scalar_subquery(),
        select(func.max(EntityReviewRow.decided_at)).scalar_subquery(),
        select(func.max(EntityRow.created_at)).scalar_subquery(),
        select(func.max(FrameworkRow.added_at)).scalar_subquery(),
        select(func.max(AssessmentRow.assessed_at)).scalar_subquery(),
    )).one()
    return [m for m in moments if m is not None]
