"""History and diff: what changed in a country's records, version by version, field by field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import ConfigError
from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.store.revisions import revisions_of
from policyatlas.store.schema import RecordRow, SourceRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.versions import PROFILE_SECTION_OF, field_changes, known_date, rank, select_versions

Rows = Sequence[tuple[RecordRow, SourceRow]]


def _by_entity(rows: Rows) -> dict[str, tuple[RecordRow, SourceRow]]:
    result: dict[str, tuple[RecordRow, SourceRow]] = {}
    for row, source in rows:
        held = result.get(row.entity_id)
        if held is None or rank(source) > rank(held[1]):
            result[row.entity_id] = (row, source)
    return result


def _change(kind: str, pair: tuple[RecordRow, SourceRow], source: SourceRow,
            fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    row, _ = pair
    return {"change": kind, "date": known_date(source), "source": source.id, "file": source.file,
            "lineage": source.lineage, "entity": row.entity_id, "kind": row.kind, "title": row.title,
            "record": row.id, "fields": fields or []}


def compare_states(before: Rows, after: Rows, *, source: SourceRow | None = None) -> list[dict[str, Any]]:
    """Entity by entity: added, gone and changed (with the fields) from one state to another."""
    old, new = _by_entity(before), _by_entity(after)
    changes = []
    for entity_id, pair in new.items():
        at = source or pair[1]
        if entity_id not in old:
            changes.append(_change("added", pair, at))
        else:
            fields = field_changes(old[entity_id][0].data, pair[0].data)
            if fields:
                changes.append(_change("changed", pair, at, fields))
    for entity_id, pair in old.items():
        if entity_id not in new:
            changes.append(_change("gone", pair, source or pair[1]))
    return changes


def _rows(engine: Engine, code: str, kind: str | None) -> list[tuple[RecordRow, SourceRow]]:
    with session_scope(engine) as session:
        rows = repository.list_records(session, country=code, kind=kind, current_only=False)
    return [(r, s) for r, s in rows if kind or r.kind in PROFILE_SECTION_OF]


def _edits(engine: Engine, rows: Rows) -> list[dict[str, Any]]:
    """Editors' corrections as changes too: each revision with its author, time and fields."""
    by_id = {row.id: (row, source) for row, source in rows}
    changes = []
    with session_scope(engine) as session:
        previous: dict[str, dict[str, Any]] = {}
        for revision in revisions_of(session, list(by_id)):
            row, source = by_id[revision.record_id]
            before = previous.get(row.id, row.data)
            change = _change("edited", (row, source), source, field_changes(before, revision.data))
            moment = revision.created_at
            change.update(date=(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat(),
                          author=revision.author, revision=revision.number, comment=revision.comment,
                          title=revision.data.get("title") or row.title)
            changes.append(change)
            previous[row.id] = revision.data
    return changes


def get_history(engine: Engine, country: str, *, kind: str | None = None) -> dict[str, Any]:
    """Every change to a country's records, version after version of each source lineage, and every
    editor's correction (``edited``, with its author), oldest first."""
    code = normalise_country(country)
    rows = _rows(engine, code, kind)
    lineages: dict[str, dict[str, SourceRow]] = {}
    for _, source in rows:
        lineages.setdefault(source.lineage, {})[source.id] = source
    changes: list[dict[str, Any]] = []
    for versions in lineages.values():
        previous: list[tuple[RecordRow, SourceRow]] = []
        for source in sorted(versions.values(), key=rank):
            current = [(r, s) for r, s in rows if s.id == source.id]
            changes.extend(compare_states(previous, current, source=source))
            previous = current
    changes.extend(_edits(engine, rows))
    changes.sort(key=lambda c: (c["date"], c["lineage"]))
    return {"country": code, "changes": changes}


def get_diff(engine: Engine, country: str, *, date_from: str, date_to: str, kind: str | None = None) -> dict[str, Any]:
    """The country's records as known at ``date_from`` against ``date_to``, entity by entity."""
    if date_to < date_from:
        raise ConfigError(f"--to {date_to} is before --from {date_from}")
    code = normalise_country(country)
    rows = _rows(engine, code, kind)
    before, after = select_versions(rows, date_from), select_versions(rows, date_to)
    return {"country": code, "from": date_from, "to": date_to, "changes": compare_states(before, after)}
