"""The atlas tables (SQLAlchemy 2, portable between SQLite and PostgreSQL; Alembic's target)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text, text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SourceRow(Base):
    """A document ingested once, identified by the SHA-256 of its bytes."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    format: Mapped[str] = mapped_column(String(40))
    media_type: Mapped[str] = mapped_column(String(80))
    lineage: Mapped[str] = mapped_column(String(200))
    file: Mapped[str] = mapped_column(String(400))
    path: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[str | None] = mapped_column(String(10))
    as_of_precision: Mapped[str | None] = mapped_column(String(5))
    size: Mapped[int] = mapped_column(Integer)
    record_count: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(Boolean, index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: How many lines the text has (``str.splitlines()``), so that no list needs the text to say so.
    line_count: Mapped[int] = mapped_column(Integer, server_default="0")
    #: The date the source speaks of: its as-of date, else the (UTC) day it was ingested.
    known_date: Mapped[str] = mapped_column(String(10), server_default="")

    __table_args__ = (
        # the version of each lineage that counts at a date: newest (as_of, ingested_at) not after it
        Index("ix_sources_lineage_rank", "lineage", "as_of", "ingested_at"),
        Index("ix_sources_ingested_at", "ingested_at", "id"),
        # One current version per lineage, whatever writes race (a partial unique index).
        Index("uq_sources_current_lineage", "lineage", unique=True, sqlite_where=text("is_current"),
              postgresql_where=text("is_current")),
    )


class SourceTextRow(Base):
    """A source's whole text, kept apart from its metadata: only the source view (and the search index,
    at ingest) read it, so no list of sources or records can drag documents along, and SQLite never
    walks a document's overflow pages to reach a source's other columns."""

    __tablename__ = "source_texts"

    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class SourceCountryRow(Base):
    """A country a source has records about (a profile: one; an index table: many) and how many, kept
    at ingest so that the sources about a country are found, and counted, without reading records."""

    __tablename__ = "source_countries"

    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    record_count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_source_countries_country", "country", "source_id"),)


class EntityRow(Base):
    """One real thing (an agency, a law, a strategy…) that records from many sources speak of."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(40))
    aliases: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    family: Mapped[str] = mapped_column(String(40), server_default="other")
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("entities.id"), index=True)

    __table_args__ = (Index("ix_entities_country_kind", "country", "kind"),)


class EntityNameRow(Base):
    """A name an entity is known by, as a matching key; ``block`` narrows fuzzy candidates."""

    __tablename__ = "entity_names"

    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    family: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))
    block: Mapped[str] = mapped_column(String(80))

    __table_args__ = (
        Index("ix_entity_names_lookup", "family", "country", "key"),
        Index("ix_entity_names_block", "family", "country", "block"),
    )


class RecordEntityRow(Base):
    """A record's link to an entity it speaks of, with the entity's role there."""

    __tablename__ = "record_entities"

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(80), primary_key=True)


class EntityReviewRow(Base):
    """A pair of entities the resolver was unsure about, waiting for (or given) a person's decision."""

    __tablename__ = "entity_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("entities.id"))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecordRow(Base):
    """One fact as one source states it; older versions stay when a newer source supersedes them."""

    __tablename__ = "records"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    #: Position in the atlas's reading order (sources in ingest order, records in document order):
    #: lists are ordered and paged by it through the indexes below.
    seq: Mapped[int] = mapped_column(Integer, server_default="0")
    #: Whether the record's source is the current version of its lineage (kept with the source's flag, so
    #: that lists of current records page through the partial indexes below without reading sources).
    is_current: Mapped[bool] = mapped_column(Boolean, server_default=true())
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    section: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(5))
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The earliest date the fact gives of itself (adopted, enacted, established, amended), at its own
    #: precision (``2015``, ``2015-06``, ``2015-06-20``); None when it gives none (undated). Kept from the
    #: record's data as corrected by its newest revision (``model.fact_dates.fact_period``).
    fact_from: Mapped[str | None] = mapped_column(String(10))
    #: The date the fact says it was repealed (or revoked, abrogated), if it says so.
    fact_until: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (
        Index("ix_records_source_country", "source_id", "country"),
        Index("ix_records_country_seq", "country", "seq"),
        Index("ix_records_seq", "seq"),
        Index("ix_records_current_country_seq", "country", "seq", sqlite_where=text("is_current = 1"),
              postgresql_where=text("is_current")),
        Index("ix_records_current_kind_seq", "kind", "seq", sqlite_where=text("is_current = 1"),
              postgresql_where=text("is_current")),
        Index("ix_records_current_seq", "seq", sqlite_where=text("is_current = 1"), postgresql_where=text("is_current")),
    )


class RecordFacetRow(Base):
    """A value a record is counted by along one dimension (an incident's sector, year, actions…), with the
    record's kind, country and current flag: kept at ingest so that statistics are counted by the database
    from this table and its index alone."""

    __tablename__ = "record_facets"

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    is_current: Mapped[bool] = mapped_column(Boolean, server_default=true())

    __table_args__ = (Index("ix_record_facets_current", "kind", "dimension", "country", "value", "record_id",
                            sqlite_where=text("is_current = 1"), postgresql_where=text("is_current")),)


class FrameworkRow(Base):
    """A framework an analyst added (built-in frameworks ship as package data files)."""

    __tablename__ = "frameworks"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AssessmentRow(Base):
    """One assessment of a country against a framework: scores with their date, version and evidence."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    framework_id: Mapped[str] = mapped_column(String(80), index=True)
    framework_version: Mapped[str] = mapped_column(String(40))
    as_of: Mapped[str | None] = mapped_column(String(10))
    assessed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    score: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class UserRow(Base):
    """A person who may write: a viewer, an editor or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """An API token of a user, stored only as its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class RevisionRow(Base):
    """An edit of a record: its full data after the edit, who made it and when (edits are history too)."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    # Two edits can never both become revision N of a record.
    __table_args__ = (Index("uq_revisions_record_number", "record_id", "number", unique=True),)


class SuggestionRow(Base):
    """A correction or a new document a visitor suggests, waiting for an editor's decision."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitter: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class PortalSessionRow(Base):
    """A signed-in portal session: the cookie carries a random nonce, the database only its SHA-256,
    so signing out (or revoking the token it was opened with) ends it at once."""

    __tablename__ = "portal_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
