"""Entities (one real thing across sources), people and organisations (Popolo), the review queue."""

from __future__ import annotations

from typing import Any

from policyatlas.schemas.common import Out
from policyatlas.schemas.records import RecordOut
from policyatlas.schemas.sources import SourceOut


class EntityOut(Out):
    """An entity's identity: id, kind, country, names."""

    id: str
    kind: str
    family: str
    country: str | None
    name: str
    name_en: str | None
    acronym: str | None
    aliases: list[str]


class EntityRecordOut(RecordOut):
    """A record speaking of an entity, with the entity's role there (``subject``, ``speaker``…)."""

    role: str


class EntityDetailOut(EntityOut):
    """An entity with every record that speaks of it and their sources."""

    records: list[EntityRecordOut]
    sources: list[SourceOut]


class OtherName(Out):
    """Another name an entity goes by (Popolo)."""

    name: str


class SourceRef(Out):
    """A source named briefly."""

    id: str
    file: str
    title: str | None


class MembershipOut(Out):
    """A role a person or organisation holds, as a record states it (Popolo membership)."""

    role: str | None
    record: str
    source: str
    organization_name: Any = None
    organization_id: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    record_title: str | None = None


class PopoloOut(EntityOut):
    """A person or organisation (Popolo) with roles as memberships, statements, mentions and sources."""

    other_names: list[OtherName]
    memberships: list[MembershipOut]
    statements: int
    mentions: int
    sources: list[SourceRef]


class ReviewOut(Out):
    """A pair of entities the resolver was unsure about, and the decision once taken."""

    id: int
    status: str
    score: float
    reason: str
    entity: EntityOut
    candidate: EntityOut
    decided_at: str | None


class DecisionOut(Out):
    """The outcome of a decision on a review item."""

    id: int
    status: str
