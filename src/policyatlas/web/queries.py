"""What the pages show beyond the views' answers as they are: the views' answers as the templates read
them (plain values; times in ISO, which the pages write in their language with ``|fiso``). No SQL here:
everything comes from ``views``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.views import records, sources, suggestions


def get_record(engine: Engine, record_id: str) -> dict[str, Any]:
    """One record as corrected, with its source, its ETag and every revision (newest first).

    Raises:
        NotFoundError: no such record.
    """
    return records.record_detail(engine, record_id).to_json()  # times stay ISO: pages write them with |fiso


def recent_revisions(engine: Engine, limit: int = 8) -> list[dict[str, Any]]:
    """The newest corrections, newest first, with the record they changed."""
    return [r.to_json() for r in records.recent_revisions(engine, limit)]


def list_suggestions(engine: Engine, *, status: str | None = "pending", limit: int = 100,
                     offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """How many suggestions have this status, and one page of them, each with the record's current values."""
    page = suggestions.list_suggestions(engine, status=status, limit=limit, offset=offset)
    return page.total, [s.to_json() for s in page.data]


def get_source_page(engine: Engine, source_id: str) -> dict[str, Any]:
    """A source with its text as numbered lines, each line knowing the records drawn from it.

    Raises:
        NotFoundError: no such source.
    """
    return sources.source_page(engine, source_id).to_json()
