"""Repository: every SQL statement of the atlas, behind functions that views and ingest call."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from policyatlas.model.record import ParsedSource
from policyatlas.resolve.resolver import Resolver, record_mentions, record_subject
from policyatlas.store import search
from policyatlas.store.entities import SqlEntityStore
from policyatlas.store.revisions import carry_forward
from policyatlas.store.schema import (
    AssessmentRow,
    EntityReviewRow,
    EntityRow,
    FrameworkRow,
    RecordEntityRow,
    RecordRow,
    RevisionRow,
    SourceRow,
)


def find_source_by_sha(session: Session, sha256: str) -> SourceRow | None:
    """The source with these bytes, if it was ingested before."""
    return session.scalars(select(SourceRow).where(SourceRow.sha256 == sha256)).first()


def _naive_utc(moment: datetime) -> datetime:
    """SQLite returns stored times without their zone: compare all times as naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _newer(a: SourceRow, b: SourceRow) -> bool:
    """Whether source ``a`` speaks of a later date than ``b`` (ties go to the later ingest)."""
    return (a.as_of or "", _naive_utc(a.ingested_at)) >= (b.as_of or "", _naive_utc(b.ingested_at))


def add_source(session: Session, parsed: ParsedSource, *, sha256: str, path: str, file: str,
               size: int) -> SourceRow:
    """Store a parsed source and its records, linking each record to its entity.

    The source becomes the current version of its lineage unless a source of a later as-of
    date is already stored; older versions and their records are kept as history.
    """
    now = datetime.now(UTC)
    row = SourceRow(
        id=sha256[:16], sha256=sha256, format=parsed.format, media_type=parsed.media_type,
        lineage=parsed.lineage[:200], file=file[:400], path=path, country=parsed.country,
        language=parsed.language, title=parsed.title, publisher=parsed.publisher, url=parsed.url,
        as_of=parsed.as_of.value if parsed.as_of else None,
        as_of_precision=parsed.as_of.precision if parsed.as_of else None,
        text=parsed.text, size=size, record_count=len(parsed.records),
        warnings=list(parsed.warnings), is_current=True, ingested_at=now,
    )
    current = session.scalars(
        select(SourceRow).where(SourceRow.lineage == parsed.lineage, SourceRow.is_current.is_(True))
    ).all()
    for other in current:
        if _newer(row, other):
            other.is_current = False
        else:
            row.is_current = False
    session.add(row)
    session.flush()
    store = SqlEntityStore(session)
    resolver = Resolver(store)
    record_rows: list[RecordRow] = []
    for ordinal, record in enumerate(parsed.records):
        record_id = hashlib.sha256(f"{sha256}:{ordinal}".encode()).hexdigest()[:16]
        subject = record_subject(record)
        if subject is None:
            entity_id = store.create_own(record_id, record.kind, record.country, record.title)
        else:
            entity_id = resolver.resolve(subject)
        record_rows.append(RecordRow(
            id=record_id, source_id=row.id, entity_id=entity_id, ordinal=ordinal, kind=record.kind,
            country=record.country, section=(record.section or "")[:80] or None, title=record.title,
            date_value=record.date.value if record.date else None,
            date_precision=record.date.precision if record.date else None,
            line_start=record.line_start, line_end=record.line_end, data=record.content_json(),
        ))
        session.add(record_rows[-1])
        links = {(entity_id, "subject")}
        for role, mention in record_mentions(record):
            links.add((resolver.resolve(mention), role[:80]))
        session.flush()
        for linked, role in sorted(links):
            session.add(RecordEntityRow(record_id=record_id, entity_id=linked, role=role))
    session.flush()
    search.index_source(session, row, record_rows)
    if row.is_current:
        carry_forward(session, [other.id for other in current if not other.is_current], record_rows)
    return row


def list_sources(session: Session, *, country: str | None = None) -> Sequence[SourceRow]:
    """Every source (newest ingest last), optionally for one country."""
    query = select(SourceRow).order_by(SourceRow.ingested_at, SourceRow.id)
    if country:
        query = query.where(SourceRow.country == country)
    return session.scalars(query).all()


def get_source(session: Session, source_id: str) -> SourceRow | None:
    """A source by its id (or any unambiguous prefix of its SHA-256)."""
    row = session.get(SourceRow, source_id)
    if row is None and len(source_id) >= 6:
        rows = session.scalars(select(SourceRow).where(SourceRow.sha256.startswith(source_id.lower()))).all()
        row = rows[0] if len(rows) == 1 else None
    return row


def list_records(session: Session, *, country: str | None = None, kind: str | None = None,
                 current_only: bool = True, source_id: str | None = None
                 ) -> Sequence[tuple[RecordRow, SourceRow]]:
    """Records with their sources in document order; by default those of current sources."""
    # a source's text is not needed to list its records (loaded on access): every record would fetch it again
    query = (select(RecordRow, SourceRow).join(SourceRow, RecordRow.source_id == SourceRow.id)
             .options(defer(SourceRow.text)))
    if country:
        query = query.where(RecordRow.country == country)
    if kind:
        query = query.where(RecordRow.kind == kind)
    if current_only:
        query = query.where(SourceRow.is_current.is_(True))
    if source_id:
        query = query.where(RecordRow.source_id == source_id)
    query = query.order_by(SourceRow.ingested_at, SourceRow.id, RecordRow.ordinal)
    return [(r, s) for r, s in session.execute(query).all()]


def country_counts(session: Session) -> list[tuple[str, int, int, str | None]]:
    """Per country: current records, sources speaking of it, and the latest as-of date among them.

    A country counts when any current record is about it, whether its source is about that one
    country (a profile) or many (an index table).
    """
    rows = session.execute(
        select(RecordRow.country, func.count(), func.count(func.distinct(RecordRow.source_id)), func.max(SourceRow.as_of))
        .join(SourceRow, RecordRow.source_id == SourceRow.id)
        .where(SourceRow.is_current.is_(True), RecordRow.country.is_not(None))
        .group_by(RecordRow.country)
    ).all()
    return sorted((code, records, sources, as_of) for code, records, sources, as_of in rows if code)


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
