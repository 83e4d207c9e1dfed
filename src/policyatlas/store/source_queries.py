"""Read queries about sources: pages of metadata, one source, its text (for the source view only), and
per-country counts (SQL lives here)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from policyatlas.store.rows import SOURCE_COLUMNS, SourceMeta
from policyatlas.store.schema import SourceCountryRow, SourceRow, SourceTextRow


def _sources(country: str | None) -> Select[Any]:
    query = select(*SOURCE_COLUMNS)
    return query.where(SourceRow.country == country) if country else query


def count_sources(session: Session, *, country: str | None = None) -> int:
    """How many sources there are (about one country, when given)."""
    query = select(func.count()).select_from(SourceRow)
    if country:
        query = query.where(SourceRow.country == country)
    return int(session.execute(query).scalar_one())


def list_sources(session: Session, *, country: str | None = None, limit: int | None = None, offset: int = 0,
                 newest_first: bool = False) -> list[SourceMeta]:
    """Sources' metadata, oldest ingest first (or newest first), one page of them when ``limit`` is given."""
    order = (SourceRow.ingested_at.desc(), SourceRow.id.desc()) if newest_first else (SourceRow.ingested_at,
                                                                                       SourceRow.id)
    query = _sources(country).order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [SourceMeta.from_row(row) for row in session.execute(query)]


def get_source(session: Session, source_id: str) -> SourceMeta | None:
    """A source's metadata by its id (or any unambiguous prefix of its SHA-256)."""
    row = session.execute(select(*SOURCE_COLUMNS).where(SourceRow.id == source_id)).first()
    if row is None and len(source_id) >= 6:
        rows = session.execute(select(*SOURCE_COLUMNS).where(SourceRow.sha256.startswith(source_id.lower(),
                                                                                         autoescape=True))
                               .limit(2)).all()
        row = rows[0] if len(rows) == 1 else None
    return SourceMeta.from_row(row) if row is not None else None


def source_text(session: Session, source_id: str) -> str:
    """The whole text of one source: only the source view reads it."""
    return str(session.execute(select(SourceTextRow.text).where(SourceTextRow.source_id == source_id)).scalar_one())


def record_total(session: Session) -> int:
    """How many records all sources hold (their ``record_count``)."""
    return int(session.execute(select(func.coalesce(func.sum(SourceRow.record_count), 0))).scalar_one())


def country_counts(session: Session) -> list[tuple[str, int, int, str | None]]:
    """Per country: current records, sources speaking of it, and the latest as-of date among them.

    A country counts when any current record is about it, whether its source is about that one
    country (a profile) or many (an index table). Counted from ``source_countries``: no record is read.
    """
    rows = session.execute(
        select(SourceCountryRow.country, func.sum(SourceCountryRow.record_count), func.count(),
               func.max(SourceRow.as_of))
        .join(SourceRow, SourceRow.id == SourceCountryRow.source_id)
        .where(SourceRow.is_current.is_(True))
        .group_by(SourceCountryRow.country).order_by(SourceCountryRow.country)
    ).all()
    return [(code, int(records), int(sources), as_of) for code, records, sources, as_of in rows if code]
