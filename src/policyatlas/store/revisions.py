"""Edits of records as revisions (who, when, what), and visitors' suggestions awaiting review."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError, ConflictError, NotFoundError
from policyatlas.errors import StaleRevisionError as StaleRevisionError
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.fact_dates import fact_columns
from policyatlas.store import search
from policyatlas.store.rows import RecordData, RevisionData
from policyatlas.store.schema import RecordRow, RevisionRow, SuggestionRow

#: Fields of a record that an editor may correct.
EDITABLE: tuple[str, ...] = ("title", "title_en", "acronym", "date", "dates", "amended", "date_note", "actors",
                             "description", "points", "links", "status")
STATUSES = ("in_force", "exists", "in_progress", "absent")


def record_etag(record: RecordRow | RecordData, revision: RevisionRow | RevisionData | None) -> str:
    """A validator for the record's current content (changes with every revision)."""
    data = revision.data if revision is not None else record.data
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return f'"{record.id}-{revision.number if revision else 0}-{digest}"'


def latest_revisions(session: Session, record_ids: Sequence[str]) -> dict[str, RevisionRow]:
    """The newest revision of each of these records that has one."""
    if not record_ids:
        return {}
    newest = (select(RevisionRow.record_id, func.max(RevisionRow.number).label("n"))
              .where(RevisionRow.record_id.in_(list(record_ids))).group_by(RevisionRow.record_id).subquery())
    rows = session.scalars(select(RevisionRow).join(
        newest, (RevisionRow.record_id == newest.c.record_id) & (RevisionRow.number == newest.c.n)))
    return {r.record_id: r for r in rows}


def revisions_of(session: Session, record_ids: Sequence[str]) -> Sequence[RevisionRow]:
    """Every revision of these records, by record and number."""
    if not record_ids:
        return []
    return session.scalars(select(RevisionRow).where(RevisionRow.record_id.in_(list(record_ids)))
                           .order_by(RevisionRow.record_id, RevisionRow.number)).all()


def list_revisions(session: Session, record_id: str) -> Sequence[RevisionRow]:
    """Every revision of a record, oldest first."""
    return session.scalars(select(RevisionRow).where(RevisionRow.record_id == record_id)
                           .order_by(RevisionRow.number)).all()


def _validate(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ConfigError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    clean = dict(changes)
    try:
        if clean.get("date") is not None:
            clean["date"] = FuzzyDate.from_json(clean["date"]).to_json()
        for name in ("dates", "amended"):
            if name in clean:
                clean[name] = [FuzzyDate.from_json(d).to_json() for d in clean[name] or []]
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"not a valid date: {exc}") from None
    if "date" in clean and "dates" not in clean:
        clean["dates"] = [clean["date"]] if clean["date"] else []
    for name in ("title", "title_en", "acronym", "date_note", "description"):
        if name in clean and clean[name] is not None and not isinstance(clean[name], str):
            raise ConfigError(f"{name} must be text")
    if "points" in clean and not (isinstance(clean["points"], list)
                                  and all(isinstance(p, str) for p in clean["points"])):
        raise ConfigError("points must be a list of texts")
    for name, keys in (("actors", ("name", "role")), ("links", ("label", "url"))):
        items = clean.get(name)
        if name in clean and not (isinstance(items, list) and all(
                isinstance(i, dict) and set(i) == set(keys) and all(isinstance(i[k], str) for k in keys)
                for i in items)):
            raise ConfigError(f"{name} must be a list of {{{', '.join(repr(k) for k in keys)}}} objects")
    if clean.get("status") not in (None, *STATUSES):
        raise ConfigError(f"unknown status {clean['status']!r} (choose from {', '.join(STATUSES)})")
    if "title" in clean and not str(clean["title"] or "").strip():
        raise ConfigError("a record's title cannot be empty")
    return clean


def edit_record(session: Session, record_id: str, changes: dict[str, Any], *, author: str,
                if_match: str | None = None, comment: str | None = None) -> RevisionRow:
    """Apply a correction as a new revision of the record.

    The check of ``if_match`` and the write are one atomic step: the record's row is locked (``FOR
    UPDATE`` on PostgreSQL; on SQLite the session must be a ``write_scope``, which holds the write
    lock), so of two edits sent with the same ETag exactly one succeeds. Revision numbers are unique
    in the schema as well: a write that would duplicate one fails as stale instead.

    Raises:
        NotFoundError: no such record.
        StaleRevisionError: ``if_match`` is not the record's current ETag.
        ConfigError: a field that cannot be edited, or a value that is not valid.
    """
    record = session.get(RecordRow, record_id, with_for_update=True)
    if record is None:
        raise NotFoundError(f"no record {record_id!r}")
    clean = _validate(changes)
    current = latest_revisions(session, [record_id]).get(record_id)
    if if_match is not None and if_match != record_etag(record, current):
        raise StaleRevisionError(f"record {record_id} was changed by someone else; reload it and edit again")
    data = {**(current.data if current else record.data), **clean}
    revision = RevisionRow(record_id=record_id, number=(current.number if current else 0) + 1, data=data,
                           author=author, comment=comment, created_at=datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(revision)
    except IntegrityError:
        raise StaleRevisionError(f"record {record_id} was changed by someone else meanwhile; reload it and edit "
                                 "again") from None
    for name, value in fact_columns(data).items():  # "in force at" follows the corrected dates
        setattr(record, name, value)
    session.flush()
    search.reindex_record(session, record, data)
    return revision


def add_suggestion(session: Session, *, kind: str, payload: dict[str, Any], submitter: str,
                   record_id: str | None = None) -> SuggestionRow:
    """Queue a visitor's correction (kind "correction") or new document (kind "document") for review."""
    if kind not in ("correction", "document"):
        raise ConfigError(f"unknown suggestion kind {kind!r}")
    if (kind == "correction" or record_id is not None) and (
            record_id is None or session.get(RecordRow, record_id) is None):
        raise NotFoundError(f"no record {record_id!r} to {'correct' if kind == 'correction' else 'suggest a document for'}")
    if kind == "correction" or payload.get("changes") is not None:
        _validate(payload.get("changes") or {})
    row = SuggestionRow(kind=kind, record_id=record_id, payload=payload, submitter=submitter[:200] or "anonymous",
                        status="pending", created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def list_suggestions(session: Session, *, status: str | None = "pending") -> Sequence[SuggestionRow]:
    """Suggestions, oldest first."""
    query = select(SuggestionRow).order_by(SuggestionRow.id)
    if status:
        query = query.where(SuggestionRow.status == status)
    return session.scalars(query).all()


def decide_suggestion(session: Session, suggestion_id: int, *, accept: bool, editor: str,
                      note: str | None = None) -> SuggestionRow:
    """Accept (a correction becomes a revision naming both people) or reject a suggestion."""
    row = session.get(SuggestionRow, suggestion_id)
    if row is None:
        raise NotFoundError(f"no suggestion {suggestion_id}")
    if row.status != "pending":
        raise ConflictError(f"suggestion {suggestion_id} was already {row.status}")
    if accept and row.kind == "correction" and row.record_id:
        edit_record(session, row.record_id, row.payload.get("changes") or {},
                    author=f"{editor} (suggested by {row.submitter})", comment=row.payload.get("comment"))
    row.status = "accepted" if accept else "rejected"
    row.decided_by, row.decided_at, row.note = editor, datetime.now(UTC), note
    session.flush()
    return row


def carry_forward(session: Session, superseded: Sequence[str], records: Sequence[RecordRow]) -> int:
    """Keep editors' corrections when a newer version of a source replaces the one they corrected.

    For each new record whose entity had a corrected record in a superseded version, every
    corrected field the new version still states as the old one did is corrected again (a new
    revision naming the original author); a field the new version changed is left to the source.
    Returns how many records were corrected again.
    """
    if not superseded or not records:
        return 0
    old = session.scalars(select(RecordRow).where(RecordRow.source_id.in_(list(superseded)))).all()
    revised = latest_revisions(session, [r.id for r in old])
    by_entity = {r.entity_id: (r, revised[r.id]) for r in old if r.id in revised}
    carried = 0
    for record in records:
        found = by_entity.get(record.entity_id)
        if found is None:
            continue
        before, revision = found
        fields = {name: revision.data.get(name) for name in EDITABLE
                  if revision.data.get(name) != before.data.get(name)
                  and record.data.get(name) == before.data.get(name)}
        if not fields:
            continue
        data = {**record.data, **fields}
        session.add(RevisionRow(record_id=record.id, number=1, data=data, author=revision.author,
                                comment=f"carried over from revision {revision.number} of record {before.id}",
                                created_at=datetime.now(UTC)))
        session.execute(update(RecordRow).where(RecordRow.id == record.id).values(**fact_columns(data)))
        search.reindex_record(session, record, data)
        carried += 1
    session.flush()
    return carried
