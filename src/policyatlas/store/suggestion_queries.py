"""Read queries about visitors' suggestions (SQL lives here)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policyatlas.store.schema import SuggestionRow


def page_suggestions(session: Session, *, status: str | None = "pending", limit: int | None = None,
                     offset: int = 0) -> tuple[int, list[SuggestionRow]]:
    """How many suggestions (of a status) there are, and one page of them, oldest first."""
    count = select(func.count()).select_from(SuggestionRow)
    query = select(SuggestionRow).order_by(SuggestionRow.id)
    if status:
        count = count.where(SuggestionRow.status == status)
        query = query.where(SuggestionRow.status == status)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return int(session.execute(count).scalar_one()), list(session.scalars(query))
