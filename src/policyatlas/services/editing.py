"""Editors' corrections (revisions guarded by the record's ETag) and visitors' suggestions with their review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.schemas.editing import SuggestionOut
from policyatlas.store import revisions
from policyatlas.store.db import write_scope
from policyatlas.store.revisions import EDITABLE as EDITABLE
from policyatlas.store.revisions import STATUSES as STATUSES
from policyatlas.views.suggestions import suggestion_out


def edit_record(engine: Engine, record_id: str, changes: dict[str, Any], *, author: str,
                if_match: str | None = None, comment: str | None = None) -> int:
    """Apply a correction as a new revision of the record; returns the revision's number.

    Raises:
        NotFoundError: no such record.
        StaleRevisionError: ``if_match`` is not the record's current ETag.
        ConfigError: a field that cannot be edited, or a value that is not valid.
    """
    with write_scope(engine) as session:  # reads, then writes: one writer at a time
        try:
            revision = revisions.edit_record(session, record_id, changes, author=author, if_match=if_match,
                                             comment=comment)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"invalid correction: {exc}") from None
        return revision.number


def suggest(engine: Engine, *, kind: str, payload: dict[str, Any], submitter: str,
            record_id: str | None = None) -> SuggestionOut:
    """Queue a visitor's correction (kind "correction") or new document (kind "document") for an editor."""
    with write_scope(engine) as session:  # reads, then writes: one writer at a time
        try:
            row = revisions.add_suggestion(session, kind=kind, payload=payload, submitter=submitter,
                                           record_id=record_id)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"invalid correction: {exc}") from None
        return suggestion_out(row)


def decide_suggestion(engine: Engine, suggestion_id: int, *, accept: bool, editor: str,
                      note: str | None = None) -> SuggestionOut:
    """Accept (a correction becomes a revision naming both people) or reject a suggestion; kept for good."""
    with write_scope(engine) as session:  # reads, then writes: one writer at a time
        try:
            row = revisions.decide_suggestion(session, suggestion_id, accept=accept, editor=editor, note=note)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"the correction cannot be applied: {exc}") from None
        return suggestion_out(row)
