"""Visitors' suggestions as editors review them (a read for editors only)."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.schemas.common import Page
from policyatlas.schemas.editing import SuggestionOut, SuggestionReview
from policyatlas.store import record_queries, revisions, suggestion_queries
from policyatlas.store.db import session_scope
from policyatlas.store.rows import utc
from policyatlas.store.schema import SuggestionRow


def suggestion_out(row: SuggestionRow) -> SuggestionOut:
    """One suggestion with its payload and, once decided, who decided and when."""
    return SuggestionOut(id=row.id, kind=row.kind, record=row.record_id, payload=row.payload, submitter=row.submitter,
                         status=row.status, created_at=utc(row.created_at).isoformat() if row.created_at else None,
                         decided_by=row.decided_by,
                         decided_at=utc(row.decided_at).isoformat() if row.decided_at else None, note=row.note)


def list_suggestions(engine: Engine, *, status: str | None = "pending", limit: int | None = None,
                     offset: int = 0) -> Page[SuggestionReview]:
    """Suggestions, oldest first (paged by the database), each with the record's title and the current
    values of the fields it would change."""
    with session_scope(engine) as session:
        total, rows = suggestion_queries.page_suggestions(session, status=status, limit=limit, offset=offset)
        ids = [r.record_id for r in rows if r.record_id]
        newest = revisions.latest_revisions(session, ids)
        records = record_queries.records_by_id(session, ids)
        items = []
        for row in rows:
            title, current = None, {}
            record = records.get(row.record_id) if row.record_id else None
            if record is not None:
                data = newest[record.id].data if record.id in newest else record.data
                title = data.get("title") or record.title
                current = {field: data.get(field) for field in (row.payload.get("changes") or {})}
            items.append(SuggestionReview.model_validate({**suggestion_out(row).model_dump(), "record_title": title,
                                                          "current": current}))
        return Page[SuggestionReview](data=items, total=total, limit=limit or max(total, 1), offset=offset)
