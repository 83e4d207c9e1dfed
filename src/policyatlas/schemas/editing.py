"""Revisions of records and visitors' suggestions."""

from __future__ import annotations

from typing import Any

from policyatlas.schemas.common import Out
from policyatlas.schemas.history import FieldChange


class RevisionOut(Out):
    """One edit of a record: who, when, why, and each field from and to."""

    number: int
    author: str
    comment: str | None
    created_at: str
    changes: list[FieldChange]


class SuggestionOut(Out):
    """A correction or a document a visitor suggests, with the decision once an editor took it."""

    id: int
    kind: str
    record: str | None
    payload: dict[str, Any]
    submitter: str
    status: str
    created_at: str | None
    decided_by: str | None
    decided_at: str | None
    note: str | None


class SuggestionReview(SuggestionOut):
    """A suggestion as the review queue shows it: the record's title and current values of the fields
    the suggestion would change."""

    record_title: str | None
    current: dict[str, Any]
