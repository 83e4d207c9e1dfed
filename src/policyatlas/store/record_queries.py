"""Read queries about records: pages in reading order, counts, and the version of each source lineage
that counts at a date, all chosen by the database (SQL lives here).

Records come back as ``RecordData`` with their source's ``SourceMeta`` (one query for the distinct
sources of a page): no read here ever selects a document's text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Result, Select, and_, bindparam, func, not_, or_, select, true
from sqlalchemy.orm import Session

from policyatlas.store.rows import (
    RECORD_COLUMNS,
    REVISION_COLUMNS,
    SOURCE_COLUMNS,
    RecordData,
    RevisionData,
    SourceMeta,
)
from policyatlas.store.schema import RecordFacetRow, RecordRow, RevisionRow, SourceCountryRow, SourceRow

Pair = tuple[RecordData, SourceMeta]
SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")
#: How many ids go in one ``IN (...)`` list (SQLite accepts 32766 parameters; PostgreSQL 65535).
CHUNK = 5000


def chunks(values: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    """``values`` in slices small enough for one statement's parameters."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


_BUILT: dict[Hashable, Any] = {}


def _once(key: Hashable, build: Callable[[], Any]) -> Any:
    """A statement of a given shape, built once (its values are bound parameters): the hot reads skip
    building the statement and computing its cache key on every request."""
    statement = _BUILT.get(key)
    if statement is None:
        statement = _BUILT[key] = build()
    return statement


def _run(session: Session, statement: Any, params: dict[str, Any]) -> Result[Any]:
    """Execute a Core statement on the session's connection (no ORM work for plain column rows)."""
    return session.connection().execute(statement, params)


def sources_by_id(session: Session, ids: Collection[str]) -> dict[str, SourceMeta]:
    """The metadata of these sources (never their text)."""
    statement = _once("sources_by_id", lambda: select(*SOURCE_COLUMNS).where(
        SourceRow.id.in_(bindparam("ids", expanding=True))))
    found: dict[str, SourceMeta] = {}
    for part in chunks(sorted(set(ids))):
        for row in _run(session, statement, {"ids": list(part)}):
            meta = SourceMeta.from_row(row)
            found[meta.id] = meta
    return found


def latest_revisions(session: Session, record_ids: Collection[str], *, before: datetime | None = None
                     ) -> dict[str, RevisionData]:
    """The newest revision of each of these records that has one (most have none); only among those
    made before ``before``, when given (the corrections known at a date)."""
    def build() -> Select[Any]:
        query = select(*REVISION_COLUMNS).where(RevisionRow.record_id.in_(bindparam("ids", expanding=True)))
        if before is not None:
            query = query.where(RevisionRow.created_at < bindparam("before"))
        return query.order_by(RevisionRow.record_id, RevisionRow.number)

    statement = _once(("latest_revisions", before is not None), build)
    found: dict[str, RevisionData] = {}
    for part in chunks(sorted(set(record_ids))):
        params: dict[str, Any] = {"ids": list(part)}
        if before is not None:
            params["before"] = before
        for row in _run(session, statement, params):
            found[row.record_id] = RevisionData.from_row(row)  # ordered by number: the last one stays
    return found


def with_sources(session: Session, records: Sequence[RecordData]) -> list[Pair]:
    """Each record with its source's metadata (fetched once per distinct source)."""
    sources = sources_by_id(session, {r.source_id for r in records})
    return [(r, sources[r.source_id]) for r in records]


def current_sources(country: str | None = None) -> Select[Any]:
    """Ids of the current version of every lineage (about ``country``, when given)."""
    if country is None:
        return select(SourceRow.id).where(SourceRow.is_current.is_(True))
    return (select(SourceCountryRow.source_id).join(SourceRow, SourceRow.id == SourceCountryRow.source_id)
            .where(SourceCountryRow.country == country, SourceRow.is_current.is_(True)))


def sources_at(country: str | None, as_of: str | None) -> Select[Any]:
    """Ids of the version of each lineage that counts at ``as_of`` (an ISO date, or None for now),
    among the lineages with records about ``country`` (every lineage when None).

    The version that counts is the newest one (by the date it speaks of, then by ingest) whose known
    date is not after ``as_of``; an undated source counts from the day it was ingested.
    """
    if as_of is None:
        return current_sources(country)
    order = (func.coalesce(SourceRow.as_of, "").desc(), SourceRow.ingested_at.desc(), SourceRow.id.desc())
    ranked = select(SourceRow.id, func.row_number().over(partition_by=SourceRow.lineage, order_by=order).label("n"))
    ranked = ranked.where(func.substr(SourceRow.known_date, 1, len(as_of)) <= as_of)
    if country is not None:
        lineages = (select(SourceRow.lineage).join(SourceCountryRow, SourceCountryRow.source_id == SourceRow.id)
                    .where(SourceCountryRow.country == country))
        ranked = ranked.where(SourceRow.lineage.in_(lineages))
    chosen = ranked.subquery()
    return select(chosen.c.id).where(chosen.c.n == 1)


def in_force(at: str) -> ColumnElement[bool]:
    """The SQL condition "the record's fact existed at ``at``, or the record gives no date of its own"
    (undated facts are kept, for the views to show apart: nothing is assumed of them).

    Dates keep their precision; an event counts from the first day of the period it names and ``at``
    means the end of the period it names (``model.fact_dates``): ``substr(event, 1, len(at)) <= at``."""
    width = len(at)
    started = or_(RecordRow.fact_from.is_(None), func.substr(RecordRow.fact_from, 1, width) <= at)
    ended = and_(RecordRow.fact_until.is_not(None), func.substr(RecordRow.fact_until, 1, width) <= at)
    return and_(started, not_(ended))


def _filtered(query: SelectT, *, country: str | None, kinds: Collection[str] | None, current_only: bool,
              source_id: str | None = None) -> SelectT:
    if country is not None:
        query = query.where(RecordRow.country == country)
    if kinds is not None:
        query = query.where(RecordRow.kind.in_(sorted(kinds)))
    if source_id is not None:
        query = query.where(RecordRow.source_id == source_id)
    if current_only:
        query = query.where(RecordRow.is_current == true())
    return query


def _bound(query: SelectT, *, country: bool, kinds: bool, current_only: bool) -> SelectT:
    """The list's filters as bound parameters (``country``, ``kinds``), for statements built once. Current
    records are found through the partial indexes on ``is_current``: a page in reading order stops at its
    end, and a count reads only the index."""
    if country:
        query = query.where(RecordRow.country == bindparam("country"))
    if kinds:
        query = query.where(RecordRow.kind.in_(bindparam("kinds", expanding=True)))
    if current_only:
        query = query.where(RecordRow.is_current == true())
    return query


def _list_params(country: str | None, kinds: Collection[str] | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if country is not None:
        params["country"] = country
    if kinds is not None:
        params["kinds"] = sorted(kinds)
    return params


def count_records(session: Session, *, country: str | None = None, kinds: Collection[str] | None = None,
                  current_only: bool = True) -> int:
    """How many records the list with these filters has."""
    shape = (country is not None, kinds is not None, current_only)
    statement = _once(("count", *shape), lambda: _bound(select(func.count()).select_from(RecordRow), country=shape[0],
                                                        kinds=shape[1], current_only=shape[2]))
    return int(_run(session, statement, _list_params(country, kinds)).scalar_one())


def list_records(session: Session, *, country: str | None = None, kinds: Collection[str] | None = None,
                 current_only: bool = True, source_id: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[Pair]:
    """Records in reading order (sources by ingest, records in document order), one page of them when
    ``limit`` is given; by default only those of current sources."""
    if source_id is not None:
        query = _filtered(select(*RECORD_COLUMNS), country=country, kinds=kinds, current_only=current_only,
                          source_id=source_id).order_by(RecordRow.seq, RecordRow.id)
        rows = session.execute(query.limit(limit).offset(offset) if limit is not None else query.offset(offset))
        return with_sources(session, [RecordData.from_row(row) for row in rows])
    shape = (country is not None, kinds is not None, current_only, limit is not None, offset > 0)

    def build() -> Select[Any]:
        query = _bound(select(*RECORD_COLUMNS), country=shape[0], kinds=shape[1], current_only=shape[2])
        query = query.order_by(RecordRow.seq, RecordRow.id)
        if shape[3]:
            query = query.limit(bindparam("limit"))
        return query.offset(bindparam("offset")) if shape[4] else query

    params = _list_params(country, kinds)
    if limit is not None:
        params["limit"] = limit
    if offset > 0:
        params["offset"] = offset
    rows = _run(session, _once(("list", *shape), build), params)
    return with_sources(session, [RecordData.from_row(row) for row in rows])


def records_at(session: Session, country: str | None, *, as_of: str | None = None,
               kinds: Collection[str] | None = None, in_force_at: str | None = None) -> list[Pair]:
    """The records about ``country`` (every country when None) of the version of each lineage that counts
    at ``as_of`` (the sources known then; None: the current ones), optionally of some kinds only and only
    those in force at ``in_force_at`` by their own dates (``in_force``: undated ones are kept), in reading
    order.

    At a date, the query starts from the versions chosen (a handful) and reads each one's records about
    the country through ``(source_id, country)``: the outer join fixes that order, so the database never
    walks every version's records of the country (SQLite would otherwise pick the country's index)."""
    if as_of is None:
        query = _filtered(select(*RECORD_COLUMNS), country=country, kinds=kinds, current_only=True)
        if in_force_at is not None:
            query = query.where(in_force(in_force_at))
        rows = [RecordData.from_row(row) for row in _run(session, query.order_by(RecordRow.seq, RecordRow.id), {})]
        return with_sources(session, rows)
    chosen = sources_at(country, as_of).subquery()
    match = RecordRow.source_id == chosen.c.id
    if country is not None:
        match = and_(match, RecordRow.country == country)
    if kinds is not None:
        match = and_(match, RecordRow.kind.in_(sorted(kinds)))
    if in_force_at is not None:
        match = and_(match, in_force(in_force_at))
    query = (select(*RECORD_COLUMNS).select_from(chosen.outerjoin(RecordRow, match))
             .order_by(RecordRow.seq, RecordRow.id))
    rows = [RecordData.from_row(row) for row in _run(session, query, {}) if row[0] is not None]
    return with_sources(session, rows)


def source_ids_at(session: Session, country: str, *, as_of: str | None = None) -> list[str]:
    """The ids of the versions that count at ``as_of`` (see ``sources_at``)."""
    return list(session.scalars(sources_at(country, as_of)))


def versions_about(session: Session, country: str, *, known_at: str | None = None) -> list[SourceMeta]:
    """Every version of every lineage with records about ``country`` (a version that no longer speaks
    of it too: its records are gone), oldest ingest first; only those known at ``known_at``, when given."""
    lineages = (select(SourceRow.lineage).join(SourceCountryRow, SourceCountryRow.source_id == SourceRow.id)
                .where(SourceCountryRow.country == country))
    query = select(*SOURCE_COLUMNS).where(SourceRow.lineage.in_(lineages)).order_by(SourceRow.ingested_at, SourceRow.id)
    if known_at is not None:
        query = query.where(func.substr(SourceRow.known_date, 1, len(known_at)) <= known_at)
    return [SourceMeta.from_row(row) for row in session.execute(query)]


def records_of_sources(session: Session, source_ids: Sequence[str], *, country: str | None = None,
                       kinds: Collection[str] | None = None, in_force_at: str | None = None) -> list[RecordData]:
    """The records of some sources (about ``country``, of ``kinds`` and in force at ``in_force_at`` or
    undated, when given), in reading order."""
    found: list[RecordData] = []
    for part in chunks(list(source_ids)):
        query = select(*RECORD_COLUMNS).where(RecordRow.source_id.in_(part))
        if in_force_at is not None:
            query = query.where(in_force(in_force_at))
        if country is not None:
            query = query.where(RecordRow.country == country)
        if kinds is not None:
            query = query.where(RecordRow.kind.in_(sorted(kinds)))
        found.extend(RecordData.from_row(row) for row in session.execute(query))
    return sorted(found, key=lambda r: (r.seq, r.id))


def get_record(session: Session, record_id: str) -> Pair | None:
    """One record with its source's metadata."""
    row = session.execute(select(*RECORD_COLUMNS).where(RecordRow.id == record_id)).first()
    if row is None:
        return None
    record = RecordData.from_row(row)
    return record, sources_by_id(session, [record.source_id])[record.source_id]


def records_by_id(session: Session, record_ids: Collection[str]) -> dict[str, RecordData]:
    """These records, by id."""
    statement = _once("records_by_id", lambda: select(*RECORD_COLUMNS).where(
        RecordRow.id.in_(bindparam("ids", expanding=True))))
    found: dict[str, RecordData] = {}
    for part in chunks(sorted(set(record_ids))):
        for row in _run(session, statement, {"ids": list(part)}):
            found[row.id] = RecordData.from_row(row)
    return found


def next_seq(session: Session) -> int:
    """The reading-order position the next stored record takes."""
    return int(session.execute(select(func.coalesce(func.max(RecordRow.seq), 0))).scalar_one()) + 1


def revisions_about(session: Session, country: str, kinds: Collection[str] | None = None, *,
                    before: datetime | None = None) -> list[RevisionRow]:
    """Every revision of the records about ``country`` (of ``kinds``, when given; made before ``before``,
    when given), by record and number."""
    query = (select(RevisionRow).join(RecordRow, RecordRow.id == RevisionRow.record_id)
             .where(RecordRow.country == country).order_by(RevisionRow.record_id, RevisionRow.number))
    if before is not None:
        query = query.where(RevisionRow.created_at < before)
    if kinds is not None:
        query = query.where(RecordRow.kind.in_(sorted(kinds)))
    return list(session.scalars(query))


def record_sources(session: Session, *, country: str | None = None, kinds: Collection[str] | None = None
                   ) -> list[tuple[str, str]]:
    """``(record id, source id)`` of the current records (about ``country``, of ``kinds``) in reading order."""
    query = _filtered(select(RecordRow.id, RecordRow.source_id), country=country, kinds=kinds, current_only=True)
    return [(r[0], r[1]) for r in session.execute(query.order_by(RecordRow.seq, RecordRow.id))]


def record_attributes(session: Session, *, country: str | None = None, kinds: Collection[str] | None = None
                      ) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """``(record id, source id, country, attributes)`` of the current records (about ``country``, of
    ``kinds``) in reading order: the fields of their kind only, extracted by the database (for
    statistics over many records)."""
    attributes = RecordRow.data["attributes"]
    query = _filtered(select(RecordRow.id, RecordRow.source_id, RecordRow.country, attributes), country=country,
                      kinds=kinds, current_only=True).order_by(RecordRow.seq, RecordRow.id)
    return [(r[0], r[1], r[2], r[3] if isinstance(r[3], dict) else {}) for r in session.execute(query)]


def list_by_date(session: Session, *, kind: str, country: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[Pair]:
    """Current records of one kind by their date (undated last), then title, one page when ``limit`` is given."""
    query = _filtered(select(*RECORD_COLUMNS), country=country, kinds=[kind], current_only=True).order_by(
        func.coalesce(RecordRow.date_value, "9999"), RecordRow.title, RecordRow.seq)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return with_sources(session, [RecordData.from_row(row) for row in session.execute(query)])


def entities_of_records(session: Session, *, kind: str, country: str | None = None, limit: int | None = None,
                        offset: int = 0) -> tuple[int, list[str]]:
    """The entities current records of one kind speak of, in order of their first record, one page when
    ``limit`` is given; and how many there are in all."""
    first = (_filtered(select(RecordRow.entity_id, func.min(RecordRow.seq).label("first")), country=country,
                       kinds=[kind], current_only=True).group_by(RecordRow.entity_id).subquery())
    total = int(session.execute(select(func.count()).select_from(first)).scalar_one())
    query = select(first.c.entity_id).order_by(first.c.first, first.c.entity_id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return total, list(session.scalars(query))


def records_of_entities(session: Session, entity_ids: Sequence[str], *, kind: str | None = None,
                        country: str | None = None) -> list[Pair]:
    """The current records (of ``kind``, about ``country``) whose subject is one of these entities, in reading order."""
    found: list[RecordData] = []
    for part in chunks(list(entity_ids)):
        query = _filtered(select(*RECORD_COLUMNS).where(RecordRow.entity_id.in_(part)), country=country,
                          kinds=[kind] if kind else None, current_only=True)
        found.extend(RecordData.from_row(row) for row in session.execute(query))
    found.sort(key=lambda r: (r.seq, r.id))
    return with_sources(session, found)


def speaks_of(session: Session, country: str) -> bool:
    """Whether any source (current or not) has records about ``country``."""
    return session.execute(select(SourceCountryRow.source_id).where(SourceCountryRow.country == country)
                           .limit(1)).first() is not None


def sources_speaking_at(session: Session, country: str, *, as_of: str | None = None) -> list[SourceMeta]:
    """The versions that count at ``as_of`` (see ``sources_at``) that have records about ``country``."""
    about = select(SourceCountryRow.source_id).where(SourceCountryRow.country == country)
    query = select(*SOURCE_COLUMNS).where(SourceRow.id.in_(sources_at(country, as_of)), SourceRow.id.in_(about))
    return [SourceMeta.from_row(row) for row in session.execute(query)]


def recent_revisions(session: Session, limit: int) -> list[tuple[RevisionRow, RecordData]]:
    """The newest revisions, newest first, each with its record."""
    rows = session.execute(select(RevisionRow, *RECORD_COLUMNS).join(RecordRow, RecordRow.id == RevisionRow.record_id)
                           .order_by(RevisionRow.created_at.desc(), RevisionRow.id.desc()).limit(limit)).all()
    return [(row[0], RecordData.from_row(row[1:])) for row in rows]


def facet_counts(session: Session, *, kind: str, by: str, country: str | None = None,
                 having: tuple[str, str] | None = None) -> tuple[int, list[tuple[str, int]]]:
    """How many current records of ``kind`` (about ``country``; with the value ``having[1]`` along dimension
    ``having[0]``) there are, and how many have each value along dimension ``by``, most frequent first:
    counted by the database from the values kept at ingest (``record_facets`` and its index only)."""
    def facets(dimension: str) -> Select[Any]:
        query = select(RecordFacetRow.record_id).where(RecordFacetRow.kind == kind, RecordFacetRow.dimension == dimension,
                                                        RecordFacetRow.is_current == true())
        return query.where(RecordFacetRow.country == country) if country is not None else query

    def narrowed(query: Any) -> Any:
        if having is None:
            return query
        return query.where(RecordFacetRow.record_id.in_(facets(having[0]).where(RecordFacetRow.value == having[1])))

    # every record has exactly one value along "country": counting those counts the records
    sample = int(_run(session, narrowed(facets("country").with_only_columns(func.count())), {}).scalar_one())
    counted = func.count().label("n")
    query = narrowed(facets(by).with_only_columns(RecordFacetRow.value, counted))
    rows: Any = _run(session, query.group_by(RecordFacetRow.value).order_by(counted.desc(), RecordFacetRow.value), {})
    return sample, [(str(row[0]), int(row[1])) for row in rows]
