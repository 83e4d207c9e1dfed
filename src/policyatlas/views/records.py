"""Records as the CLI's ``--json`` and the API give them (the public JSON contract)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import NotFoundError
from policyatlas.schemas.common import Page
from policyatlas.schemas.editing import RevisionOut
from policyatlas.schemas.pages import RecentRevision, RecordDetail, RevisionBrief
from policyatlas.schemas.records import RecordOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.revisions import record_etag, revisions_of
from policyatlas.store.rows import RecordData, RevisionData, SourceMeta, utc
from policyatlas.store.schema import RevisionRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.sources import source_out
from policyatlas.views.versions import field_changes

Revision = RevisionRow | RevisionData
Pair = tuple[RecordData, SourceMeta]
_CORE = frozenset(RecordOut.model_fields)


def record_fields(row: RecordData, source: SourceMeta, revision: Revision | None = None) -> dict[str, Any]:
    """One record's fields: identity, every field the parser gave (as corrected by its newest
    revision, if any), its provenance, then the fields of its kind (which never override the others)."""
    data = revision.data if revision is not None else row.data
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
        "revision": ({"number": revision.number, "author": revision.author,
                      "created_at": utc(revision.created_at).isoformat()} if revision is not None else None),
    }
    for key, value in (data.get("attributes") or {}).items():
        if key not in _CORE:
            result.setdefault(key, value)  # kind-specific fields never override the core ones
    return result


def record_out(row: RecordData, source: SourceMeta, revision: Revision | None = None) -> RecordOut:
    """One record as the public shape gives it."""
    return RecordOut.model_validate(record_fields(row, source, revision))


def revised(session: Session, rows: Sequence[Pair], *, before: datetime | None = None
            ) -> list[tuple[RecordData, SourceMeta, Revision | None]]:
    """Each record with its newest revision (made before ``before``, when given), fetched once for all."""
    newest = q.latest_revisions(session, [row.id for row, _ in rows], before=before)
    return [(row, source, newest.get(row.id)) for row, source in rows]


def records_out(session: Session, rows: Sequence[Pair]) -> list[RecordOut]:
    """Records in the public shape, each as corrected by its newest revision."""
    return [record_out(*item) for item in revised(session, rows)]


def records_fields(session: Session, rows: Sequence[Pair], *, before: datetime | None = None) -> list[dict[str, Any]]:
    """Records' fields (as ``record_fields``), each as corrected by its newest revision (made before
    ``before``, when given): for views that compute on records (assessments, comparisons) rather than
    show them."""
    return [record_fields(*item) for item in revised(session, rows, before=before)]


def list_records(engine: Engine, *, country: str | None = None, kind: str | None = None, history: bool = False,
                 limit: int | None = None, offset: int = 0) -> Page[RecordOut]:
    """Records in reading order (sources by ingest, records in document order), filtered by country
    and kind, one page of them when ``limit`` is given; counted and paged by the database.

    Args:
        country: an ISO code or name; unknown countries raise ``NotFoundError``.
        kind: a record kind (``law``, ``cert``…).
        history: include the records of superseded source versions too.
    """
    code = normalise_country(country) if country else None
    kinds = [kind] if kind else None
    with session_scope(engine) as session:
        rows = q.list_records(session, country=code, kinds=kinds, current_only=not history, limit=limit, offset=offset)
        if limit is None and not offset:
            total = len(rows)
        else:
            total = q.count_records(session, country=code, kinds=kinds, current_only=not history)
        return Page[RecordOut](data=records_out(session, rows), total=total, limit=limit or max(total, 1),
                               offset=offset)


def _load(session: Session, record_id: str) -> tuple[RecordData, SourceMeta]:
    found = q.get_record(session, record_id)
    if found is None:
        raise NotFoundError(f"no record {record_id!r}")
    return found


def get_record(engine: Engine, record_id: str) -> tuple[RecordOut, str, datetime]:
    """One record as corrected, with its ETag and when it last changed.

    Raises:
        NotFoundError: no such record.
    """
    with session_scope(engine) as session:
        row, source = _load(session, record_id)
        revision = q.latest_revisions(session, [record_id]).get(record_id)
        changed = revision.created_at if revision is not None else source.ingested_at
        return record_out(row, source, revision), record_etag(row, revision), utc(changed)


def list_revisions(engine: Engine, record_id: str, *, limit: int | None = None, offset: int = 0) -> Page[RevisionOut]:
    """Every edit of a record, oldest first: who, when, why, and each field from and to.

    Raises:
        NotFoundError: no such record.
    """
    with session_scope(engine) as session:
        row, _ = _load(session, record_id)
        previous: dict[str, Any] = row.data
        items = []
        for revision in revisions_of(session, [record_id]):
            items.append(RevisionOut.model_validate({
                "number": revision.number, "author": revision.author, "comment": revision.comment,
                "created_at": utc(revision.created_at).isoformat(), "changes": field_changes(previous, revision.data)}))
            previous = revision.data
    page = items[offset:offset + limit] if limit is not None else items[offset:]
    return Page[RevisionOut](data=page, total=len(items), limit=limit or max(len(items), 1), offset=offset)


def record_detail(engine: Engine, record_id: str) -> RecordDetail:
    """One record as corrected, with its source, its ETag and every revision (newest first), for its page.

    Raises:
        NotFoundError: no such record.
    """
    with session_scope(engine) as session:
        row, source = _load(session, record_id)
        history = list(revisions_of(session, [record_id]))
        current = history[-1] if history else None
        befores = [row.data, *(r.data for r in history)]
        briefs = [RevisionBrief(number=r.number, author=r.author, comment=r.comment, created_at=utc(r.created_at),
                                changes=field_changes(before, r.data)) for before, r in zip(befores, history, strict=False)]
        return RecordDetail(record=record_out(row, source, current), source=source_out(source),
                            etag=record_etag(row, current), revisions=list(reversed(briefs)))


def recent_revisions(engine: Engine, limit: int = 8) -> list[RecentRevision]:
    """The newest corrections, newest first, with the record they changed."""
    with session_scope(engine) as session:
        rows = q.recent_revisions(session, limit)
        return [RecentRevision(record=record.id, title=revision.data.get("title") or record.title,
                               country=record.country, author=revision.author, number=revision.number,
                               created_at=utc(revision.created_at)) for revision, record in rows]
