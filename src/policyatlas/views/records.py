"""Records as the CLI's ``--json`` and the API give them (the public JSON contract)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.store.revisions import latest_revisions
from policyatlas.store.schema import RecordRow, RevisionRow, SourceRow
from policyatlas.views.countries import normalise_country


def record_json(row: RecordRow, source: SourceRow, revision: RevisionRow | None = None) -> dict[str, Any]:
    """One record: identity, every field the parser gave (as corrected by its newest revision,
    if any), and its provenance."""
    data = dict(revision.data if revision is not None else row.data)
    result: dict[str, Any] = {
        "id": row.id,
        "entity": row.entity_id,
        "country": row.country,
        "kind": row.kind,
        "section": data.get("section"),
        "subsection": data.get("subsection"),
        "title": data.get("title") or row.title,
        "title_en": data.get("title_en"),
        "title_language": data.get("title_language"),
        "acronym": data.get("acronym"),
        "aliases": data.get("aliases", []),
        "date": data.get("date"),
        "dates": data.get("dates", []),
        "amended": data.get("amended", []),
        "date_note": data.get("date_note"),
        "actors": data.get("actors", []),
        "description": data.get("description"),
        "points": data.get("points", []),
        "links": data.get("links", []),
        "status": data.get("status"),
        "extra": data.get("extra", {}),
        "current": source.is_current,
        "provenance": {
            "source": source.id,
            "file": source.file,
            "format": source.format,
            "line_start": row.line_start,
            "line_end": row.line_end,
            "page_start": data.get("page_start"),
            "page_end": data.get("page_end"),
        },
    }
    result["revision"] = ({"number": revision.number, "author": revision.author,
                           "created_at": _aware(revision.created_at).isoformat()} if revision is not None else None)
    for key, value in data.get("attributes", {}).items():
        result.setdefault(key, value)  # kind-specific fields never override the core ones
    return result


def _aware(moment: datetime) -> datetime:
    """SQLite gives stored times back without their zone; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def records_json(session: Session, rows: Sequence[tuple[RecordRow, SourceRow]]) -> list[dict[str, Any]]:
    """Records as JSON, each as corrected by its newest revision (fetched once for all)."""
    revised = latest_revisions(session, [row.id for row, _ in rows])
    return [record_json(row, source, revised.get(row.id)) for row, source in rows]


def list_records(engine: Engine, *, country: str | None = None, kind: str | None = None,
                 history: bool = False) -> list[dict[str, Any]]:
    """Records in document order, filtered by country and kind.

    Args:
        country: an ISO code or name; unknown countries raise ``NotFoundError``.
        kind: a record kind (``law``, ``cert``…).
        history: include the records of superseded source versions too.
    """
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        rows = repository.list_records(session, country=code, kind=kind, current_only=not history)
        return records_json(session, rows)
