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
    date: str
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


class HistoryOut(Out):
    """Every change to a country's records, oldest first."""

    country: str
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
