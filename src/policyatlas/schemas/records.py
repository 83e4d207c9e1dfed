"""A record as every interface gives it: identity, the fields its source states, provenance."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policyatlas.schemas.common import DateOut, Out


class ActorOut(Out):
    """A body or person a record names, with its role there."""

    name: str
    role: str


class LinkOut(Out):
    """A link as the document gives it."""

    label: str
    url: str


class ProvenanceOut(Out):
    """Where a record comes from: the source, its file and format, and the lines (and pages) in its text."""

    source: str
    file: str
    format: str
    line_start: int
    line_end: int
    page_start: int | None = None
    page_end: int | None = None


class RevisionRef(Out):
    """The editor's correction a record is shown as."""

    number: int
    author: str
    created_at: str = Field(description="ISO 8601 time with its zone.")


class RecordOut(Out):
    """One record: its identity, every field the parser gave (as corrected by its newest revision, if
    any) and its provenance. Fields of a kind (a person's ``roles``, an incident's ``sector``…) follow
    at the top level."""

    id: str
    entity: str = Field(description="The entity the record speaks of.")
    country: str | None
    kind: str
    section: str | None = None
    subsection: str | None = None
    title: str
    title_en: str | None = None
    title_language: str | None = None
    acronym: str | None = None
    aliases: list[str] = []
    date: DateOut | None = None
    dates: list[DateOut] = []
    amended: list[DateOut] = []
    date_note: str | None = None
    actors: list[ActorOut] = []
    description: str | None = None
    points: list[str] = []
    links: list[LinkOut] = []
    status: str | None = None
    extra: dict[str, Any] = {}
    current: bool = Field(description="Whether its source is the current version of its lineage.")
    provenance: ProvenanceOut
    revision: RevisionRef | None = None

