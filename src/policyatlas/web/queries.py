"""What the pages need beyond the views: one record with its revisions and ETag, a source's records, the newest
revisions and the suggestion queue (all through the store's functions)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from policyatlas.errors import NotFoundError
from policyatlas.store import repository, revisions
from policyatlas.store.db import session_scope
from policyatlas.store.schema import RecordRow, RevisionRow, SourceRow
from policyatlas.views.records import record_json, records_json
from policyatlas.views.sources import source_json
from policyatlas.web.formatting import moment


def get_record(engine: Engine, record_id: str) -> dict[str, Any]:
    """One record as corrected, with its source, its ETag and every revision (oldest first).

    Raises:
        NotFoundError: no such record.
    """
    with session_scope(engine) as session:
        row = session.get(RecordRow, record_id)
        source = session.get(SourceRow, row.source_id) if row is not None else None
        if row is None or source is None:
            raise NotFoundError(f"no record {record_id!r}")
        history = list(revisions.list_revisions(session, record_id))
        current = history[-1] if history else None
        return {
            "record": record_json(row, source, current),
            "source": source_json(source),
            "etag": revisions.record_etag(row, current),
            "revisions": [{"number": r.number, "author": r.author, "comment": r.comment,
                           "created_at": moment(r.created_at)} for r in reversed(history)],
        }


def source_records(engine: Engine, source_id: str) -> list[dict[str, Any]]:
    """The records drawn from one source, in document order, as corrected."""
    with session_scope(engine) as session:
        return records_json(session, repository.list_records(session, source_id=source_id, current_only=False))


def recent_revisions(engine: Engine, limit: int = 8) -> list[dict[str, Any]]:
    """The newest corrections, newest first, with the record they changed."""
    with session_scope(engine) as session:
        rows = session.execute(select(RevisionRow, RecordRow).join(RecordRow, RecordRow.id == RevisionRow.record_id)
                               .order_by(RevisionRow.created_at.desc(), RevisionRow.id.desc()).limit(limit)).all()
        return [{"record": record.id, "title": revision.data.get("title") or record.title, "country": record.country,
                 "author": revision.author, "number": revision.number, "created_at": moment(revision.created_at)}
                for revision, record in rows]


def list_suggestions(engine: Engine, *, status: str | None = "pending") -> list[dict[str, Any]]:
    """Suggestions awaiting review (or decided ones), each with the record's current values beside the proposal."""
    with session_scope(engine) as session:
        rows = list(revisions.list_suggestions(session, status=status))
        ids = [r.record_id for r in rows if r.record_id]
        newest = revisions.latest_revisions(session, ids)
        result = []
        for row in rows:
            current: dict[str, Any] = {}
            title = None
            if row.record_id:
                record = session.get(RecordRow, row.record_id)
                if record is not None:
                    data = newest[row.record_id].data if row.record_id in newest else record.data
                    title = data.get("title") or record.title
                    current = {field: data.get(field) for field in (row.payload.get("changes") or {})}
            result.append({"id": row.id, "kind": row.kind, "record": row.record_id, "record_title": title,
                           "payload": row.payload, "current": current, "submitter": row.submitter,
                           "status": row.status, "created_at": moment(row.created_at),
                           "decided_by": row.decided_by, "note": row.note})
        return result


def get_source_page(engine: Engine, source_id: str) -> dict[str, Any]:
    """A source with its text as numbered lines, each line knowing the records drawn from it.

    Raises:
        NotFoundError: no such source.
    """
    with session_scope(engine) as session:
        row = repository.get_source(session, source_id)
        if row is None:
            raise NotFoundError(f"no source {source_id!r}")
        source, text = source_json(row), row.text
    records = source_records(engine, source["id"])
    lines = text.splitlines() or [""]
    cover: dict[int, list[str]] = {}
    for record in records:
        start = record["provenance"]["line_start"] or 0
        end = record["provenance"]["line_end"] or start
        for number in range(max(1, start), min(len(lines), end) + 1):
            cover.setdefault(number, []).append(record["id"])
    return {"source": source, "records": records,
            "lines": [{"number": i, "text": line, "records": cover.get(i, [])} for i, line in enumerate(lines, 1)]}
