"""What reads get back: records and sources as plain frozen values, selected column by column.

A source's text is not even in the sources table (``source_texts``: only the source view reads it, with
``source_queries.source_text``), so a list of records can never drag whole documents along.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from policyatlas.store.schema import RecordRow, RevisionRow, SourceRow

#: Every column of a source but its text.
SOURCE_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    SourceRow.id, SourceRow.sha256, SourceRow.format, SourceRow.media_type, SourceRow.lineage, SourceRow.file,
    SourceRow.path, SourceRow.country, SourceRow.language, SourceRow.title, SourceRow.publisher, SourceRow.url,
    SourceRow.as_of, SourceRow.as_of_precision, SourceRow.size, SourceRow.record_count, SourceRow.warnings,
    SourceRow.is_current, SourceRow.ingested_at, SourceRow.line_count, SourceRow.known_date,
)
#: Every column of a record.
RECORD_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    RecordRow.id, RecordRow.source_id, RecordRow.entity_id, RecordRow.ordinal, RecordRow.seq, RecordRow.kind,
    RecordRow.country, RecordRow.section, RecordRow.title, RecordRow.date_value, RecordRow.date_precision,
    RecordRow.line_start, RecordRow.line_end, RecordRow.data, RecordRow.is_current, RecordRow.fact_from,
    RecordRow.fact_until,
)


def utc(moment: datetime) -> datetime:
    """A stored time with its zone (SQLite gives them back without one; they are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """A source's metadata: everything but its text."""

    id: str
    sha256: str
    format: str
    media_type: str
    lineage: str
    file: str
    path: str
    country: str | None
    language: str | None
    title: str | None
    publisher: str | None
    url: str | None
    as_of: str | None
    as_of_precision: str | None
    size: int
    record_count: int
    warnings: list[str]
    is_current: bool
    ingested_at: datetime
    line_count: int
    known_date: str

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> SourceMeta:
        """From a row of ``SOURCE_COLUMNS``."""
        return cls(*row)  # the columns, in the fields' order


@dataclass(frozen=True, slots=True)
class RecordData:
    """A record's columns (its ``data`` is every field the parser gave)."""

    id: str
    source_id: str
    entity_id: str
    ordinal: int
    seq: int
    kind: str
    country: str | None
    section: str | None
    title: str
    date_value: str | None
    date_precision: str | None
    line_start: int
    line_end: int
    data: dict[str, Any]
    is_current: bool
    fact_from: str | None = None
    fact_until: str | None = None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RecordData:
        """From a row of ``RECORD_COLUMNS``."""
        return cls(*row)  # the columns, in the fields' order


@dataclass(frozen=True, slots=True)
class RevisionData:
    """An edit of a record: its full data after the edit, who made it, when and why."""

    id: int
    record_id: str
    number: int
    data: dict[str, Any]
    author: str
    comment: str | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RevisionData:
        """From a row of ``REVISION_COLUMNS``."""
        return cls(*row)  # the columns, in the fields' order


#: Every column of a revision.
REVISION_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    RevisionRow.id, RevisionRow.record_id, RevisionRow.number, RevisionRow.data, RevisionRow.author,
    RevisionRow.comment, RevisionRow.created_at,
)
