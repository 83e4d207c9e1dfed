"""What the store keeps beside each source and record so that reads stay bounded: the source's known date
and line count, the records' reading order and current flag, the countries a source speaks of, the
values an incident is counted by, and the search index's current flags. Ingest writes them as it goes;
the data package importer, which inserts rows as a package states them, completes them here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from policyatlas.model.incidents import incident_values
from policyatlas.store.bulk import insert_rows
from policyatlas.store.record_queries import chunks
from policyatlas.store.schema import RecordFacetRow, RecordRow, SourceCountryRow, SourceRow


def known_date(as_of: str | None, ingested_at: datetime) -> str:
    """The date a source speaks of: its as-of date, else the (UTC) day it was ingested."""
    if as_of:
        return as_of
    moment = ingested_at.astimezone(UTC) if ingested_at.tzinfo else ingested_at
    return moment.date().isoformat()


def facet_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``record_facets`` rows of records (dicts with id, kind, country, data, is_current): the values each
    incident is counted by."""
    return [{"record_id": r["id"], "dimension": dimension, "value": value, "kind": r["kind"], "country": r["country"],
             "is_current": r["is_current"]}
            for r in records if r["kind"] == "incident"
            for dimension, found in incident_values((r["data"] or {}).get("attributes") or {}, r["country"]).items()
            for value in dict.fromkeys(v[:200] for v in found)]


def count_countries(session: Session, source_ids: Sequence[str]) -> None:
    """Record which countries these sources' records speak of, and how many records each (after their records)."""
    for part in chunks(list(source_ids)):
        session.execute(insert(SourceCountryRow).from_select(
            ["source_id", "country", "record_count"],
            select(RecordRow.source_id, RecordRow.country, func.count())
            .where(RecordRow.source_id.in_(part), RecordRow.country.is_not(None))
            .group_by(RecordRow.source_id, RecordRow.country)))


def append_reading_order(session: Session, source_ids: Sequence[str]) -> None:
    """Give these sources' records places at the end of the reading order: sources by ingest, records in
    document order."""
    if not source_ids:
        return
    start = int(session.execute(select(func.coalesce(func.max(RecordRow.seq), 0))
                                .where(RecordRow.source_id.not_in(list(source_ids)))).scalar_one())
    order = session.execute(select(RecordRow.id).join(SourceRow, SourceRow.id == RecordRow.source_id)
                            .where(RecordRow.source_id.in_(list(source_ids)))
                            .order_by(SourceRow.ingested_at, SourceRow.id, RecordRow.ordinal)).scalars().all()
    for part_start in range(0, len(order), 5000):
        part = order[part_start:part_start + 5000]
        session.execute(update(RecordRow), [{"id": record_id, "seq": start + part_start + n}
                                            for n, record_id in enumerate(part, 1)])


def refresh_current(session: Session, source_ids: Sequence[str]) -> None:
    """Copy these sources' current flags to their records, incident values and search rows (after the flags
    changed outside ingest)."""
    from policyatlas.store import search

    for part in chunks(list(source_ids)):
        flags = {row[0]: row[1] for row in session.execute(select(SourceRow.id, SourceRow.is_current)
                                                          .where(SourceRow.id.in_(part)))}
        for current in (True, False):
            ids = [source_id for source_id, flag in flags.items() if bool(flag) is current]
            if not ids:
                continue
            session.execute(update(RecordRow).where(RecordRow.source_id.in_(ids)).values(is_current=current))
            session.execute(update(RecordFacetRow).where(RecordFacetRow.record_id.in_(
                select(RecordRow.id).where(RecordRow.source_id.in_(ids)))).values(is_current=current))
            search.mark_current(session, ids, current)


def add_facets(session: Session, records: Iterable[dict[str, Any]]) -> None:
    """Store the values these records (dicts as inserted) are counted by."""
    insert_rows(session, RecordFacetRow, facet_rows(records))
