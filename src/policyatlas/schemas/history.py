"""Change over time: history, diff and timeline."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from policyatlas.schemas.common import DateOut, Out


class FieldChange(Out):
    """One field of a record, before and after."""

    field: str
    from_: Any = Field(alias="from")
    to: Any


class ChangeOut(Out):
    """A record added, changed or gone from one version of a source to the next (or edited by a person:
    then ``author``, ``revision`` and ``comment`` say who, which and why)."""

    change: str = Field(description="added, changed, gone or edited.")
    date: str | None = Field(description="The date the source speaks of (its publication date; None when it gives "
                             "none: undated), or for an edit the ISO time it was made.")
    date_basis: str = Field("published", description="published, undated or edited: what date is.")
    source: str
    file: str
    lineage: str
    entity: str
    kind: str
    title: str
    record: str
    fields: list[FieldChange]
    author: str | None = Field(None, exclude_if=lambda v: v is None)
    revision: int | None = Field(None, exclude_if=lambda v: v is None)
    comment: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None
    source_url: str | None = Field(None, description="The source's own link, when it gives one.")
    ingested_at: str | None = Field(None, description="When the source was ingested (ISO time; not the date it "
                                    "speaks of).")
    order: str | None = Field(None, description="The day the change is ordered by (its date; an undated source's "
                              "ingest day).")


class HistoryOut(Out):
    """Every change to a country's records, oldest first (an undated source by the day it was ingested)."""

    country: str
    in_force_at: str | None = None
    known_at: str | None = None
    changes: list[ChangeOut]


class DiffOut(Out):
    """A country's records as known at one date against another, entity by entity."""

    country: str
    from_: str = Field(alias="from")
    to: str
    changes: list[ChangeOut]


class TimelineEventOut(Out):
    """A dated event: a strategy adopted, a law enacted or amended, a bill's stage…"""

    country: str | None
    kind: str
    title: str
    title_en: str | None
    entity: str
    record: str
    source: str
    file: str
    date: DateOut
    event: str
