"""A source (document) as every interface gives it."""

from __future__ import annotations

from pydantic import Field

from policyatlas.schemas.common import DateOut, Out, Strict


class SourceOut(Out):
    """A document ingested once: where it came from, what it is, its date and how many records it gave."""

    id: str
    sha256: str
    format: str
    media_type: str
    file: str
    path: str
    country: str | None
    language: str | None
    title: str | None
    publisher: str | None
    url: str | None
    date: DateOut | None = Field(description="The date the document speaks of.")
    records: int = Field(description="How many records it gave.")
    lineage: str = Field(description="The document this is a version of.")
    current: bool = Field(description="Whether it is the current version of its lineage.")
    size: int
    warnings: list[str]
    ingested_at: str
    known_date: str | None = Field(None, description="The date it counts from on the known-at axis.")
    date_basis: str = Field("published", description="What known_date is: the date the document speaks of "
                            "(published) or, when it gives none, the day it was ingested (ingested).")


class SpanOut(Strict):
    """Where one of a source's records stands in its text."""

    id: str
    kind: str
    title: str
    line_start: int
    line_end: int
    page_start: int | None = None
    page_end: int | None = None


class SourceDetailOut(SourceOut):
    """A source with its whole text (what line numbers refer to) and the span of each record."""

    text: str | None = None
    spans: list[SpanOut] | None = None


class LineOut(Strict):
    """A line of a source's text and the records drawn from it."""

    number: int
    text: str
    records: list[str]

