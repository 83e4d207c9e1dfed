"""Repository: every SQL statement of the atlas, behind functions that views and ingest call."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from policyatlas.model.fact_dates import fact_columns
from policyatlas.model.record import ParsedSource
from policyatlas.resolve.resolver import Resolver, record_mentions, record_subject
from policyatlas.store import search
from policyatlas.store.bulk import insert_rows
from policyatlas.store.clock import ingest_time
from policyatlas.store.derived import add_facets, known_date
from policyatlas.store.entities import SqlEntityStore
from policyatlas.store.record_queries import next_seq
from policyatlas.store.revisions import carry_forward
from policyatlas.store.schema import (
    AssessmentRow,
    EntityReviewRow,
    EntityRow,
    FrameworkRow,
    RecordEntityRow,
    RecordFacetRow,
    RecordRow,
    RevisionRow,
    SourceCountryRow,
    SourceRow,
    SourceTextRow,
)


def find_source_by_sha(session: Session, sha256: str) -> StoredSource | None:
    """The source with these bytes, if it was ingested before."""
    row = session.execute(select(SourceRow.id, SourceRow.record_count, SourceRow.format)
                          .where(SourceRow.sha256 == sha256)).first()
    return StoredSource(*row) if row is not None else None


@dataclass(frozen=True)
class StoredSource:
    """What ingest reports of a stored source."""

    id: str
    record_count: int
    format: str


def _naive_utc(moment: datetime) -> datetime:
    """SQLite returns stored times without their zone: compare all times as naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _newer(a: tuple[str | None, datetime], b: tuple[str | None, datetime]) -> bool:
    """Whether source ``a`` (as_of, ingested_at) speaks of a later date than ``b`` (ties go to the later ingest)."""
    return (a[0] or "", _naive_utc(a[1])) >= (b[0] or "", _naive_utc(b[1]))


def add_source(session: Session, parsed: ParsedSource, *, sha256: str, path: str, file: str,
               size: int) -> StoredSource:
    """Store a parsed source and its records, linking each record to its entity.

    The source becomes the current version of its lineage unless a source of a later as-of
    date is already stored; older versions and their records are kept as history. Everything is
    written in bulk (one statement per table) in the caller's transaction.
    """
    now = ingest_time()
    as_of = parsed.as_of.value if parsed.as_of else None
    lineage = parsed.lineage[:200]
    current = session.execute(select(SourceRow.id, SourceRow.as_of, SourceRow.ingested_at)
                              .where(SourceRow.lineage == lineage, SourceRow.is_current.is_(True))).all()
    is_current = all(_newer((as_of, now), (other.as_of, other.ingested_at)) for other in current)
    superseded = [other.id for other in current if is_current]
    if superseded:
        session.execute(update(SourceRow).where(SourceRow.id.in_(superseded)).values(is_current=False))
        session.execute(update(RecordRow).where(RecordRow.source_id.in_(superseded)).values(is_current=False))
        session.execute(update(RecordFacetRow).where(RecordFacetRow.record_id.in_(
            select(RecordRow.id).where(RecordRow.source_id.in_(superseded)))).values(is_current=False))
        search.mark_superseded(session, superseded)
    source_id = sha256[:16]
    source = {
        "id": source_id, "sha256": sha256, "format": parsed.format, "media_type": parsed.media_type,
        "lineage": lineage, "file": file[:400], "path": path, "country": parsed.country, "language": parsed.language,
        "title": parsed.title, "publisher": parsed.publisher, "url": parsed.url, "as_of": as_of,
        "as_of_precision": parsed.as_of.precision if parsed.as_of else None, "size": size,
        "record_count": len(parsed.records), "warnings": list(parsed.warnings), "is_current": is_current,
        "ingested_at": now, "line_count": len(parsed.text.splitlines()),
        "known_date": known_date(as_of, now),
    }
    insert_rows(session, SourceRow, [source])
    insert_rows(session, SourceTextRow, [{"source_id": source_id, "text": parsed.text}])
    store = SqlEntityStore(session)
    resolver = Resolver(store)
    seq = next_seq(session)
    records: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for ordinal, record in enumerate(parsed.records):
        record_id = hashlib.sha256(f"{sha256}:{ordinal}".encode()).hexdigest()[:16]
        subject = record_subject(record)
        if subject is None:
            entity_id = store.create_own(record_id, record.kind, record.country, record.title)
        else:
            entity_id = resolver.resolve(subject)
        records.append({
            "id": record_id, "source_id": source_id, "entity_id": entity_id, "ordinal": ordinal, "seq": seq + ordinal,
            "kind": record.kind, "country": record.country, "section": (record.section or "")[:80] or None,
            "title": record.title, "date_value": record.date.value if record.date else None,
            "date_precision": record.date.precision if record.date else None, "line_start": record.line_start,
            "line_end": record.line_end, "data": record.content_json(), "is_current": is_current,
        })
        records[-1].update(fact_columns(records[-1]["data"]))
        found = {(entity_id, "subject")}
        for role, mention in record_mentions(record):
            found.add((resolver.resolve(mention), role[:80]))
        links.extend({"record_id": record_id, "entity_id": linked, "role": role} for linked, role in sorted(found))
    store.flush()
    session.flush()  # names and aliases added to entities stored before
    if records:
        insert_rows(session, RecordRow, records)
        insert_rows(session, RecordEntityRow, links)
        add_facets(session, records)
        countries = Counter(r["country"] for r in records if r["country"])
        if countries:
            insert_rows(session, SourceCountryRow, [{"source_id": source_id, "country": c, "record_count": n}
                                                    for c, n in sorted(countries.items())])
    search.index_source(session, search.IndexedSource(source_id, parsed.format, parsed.title, file, parsed.country,
                                                      as_of, parsed.text, is_current),
                        [search.IndexedRecord(r["id"], source_id, r["title"], r["country"], r["kind"], r["date_value"],
                                              r["data"], is_current) for r in records])
    if superseded:
        carry_forward(session, superseded, [RecordRow(**r) for r in records])
    return StoredSource(source_id, len(records), parsed.format)


def data_state(session: Session) -> tuple[Any, ...]:
    """What identifies the state of the public atlas: sources (count, newest ingest), revisions,
    entity merges and review decisions, frameworks and stored assessments. Suggestions awaiting
    review are not public and do not count."""
    parts = (
        select(func.count()).select_from(SourceRow).scalar_subquery(),
        select(func.max(SourceRow.ingested_at)).scalar_subquery(),
        select(func.max(RevisionRow.id)).scalar_subquery(),
        select(func.max(RevisionRow.created_at)).scalar_subquery(),
        select(func.count()).select_from(EntityRow).where(EntityRow.merged_into.is_not(None)).scalar_subquery(),
        select(func.count()).select_from(EntityReviewRow).where(EntityReviewRow.status != "pending").scalar_subquery(),
        select(func.max(EntityReviewRow.decided_at)).scalar_subquery(),
        select(func.count()).select_from(FrameworkRow).scalar_subquery(),
        select(func.max(FrameworkRow.added_at)).scalar_subquery(),
        select(func.max(AssessmentRow.id)).scalar_subquery(),
        select(func.max(AssessmentRow.assessed_at)).scalar_subquery(),
    )
    return tuple(session.execute(select(*parts)).one())
