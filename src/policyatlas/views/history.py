"""History and diff: what changed in a country's records, version by version, field by field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError
from policyatlas.model.fact_dates import fact_period, in_force
from policyatlas.schemas.history import ChangeOut, DiffOut, HistoryOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.rows import RecordData, SourceMeta, utc
from policyatlas.views.axes import Axes, axes
from policyatlas.views.cache import cached
from policyatlas.views.countries import normalise_country
from policyatlas.views.versions import PROFILE_SECTION_OF, field_changes, known_date, rank

Pair = tuple[RecordData, SourceMeta]
Rows = Sequence[Pair]


def _by_entity(rows: Rows) -> dict[str, Pair]:
    result: dict[str, Pair] = {}
    for row, source in rows:
        held = result.get(row.entity_id)
        if held is None or rank(source) > rank(held[1]):
            result[row.entity_id] = (row, source)
    return result


def _change(kind: str, pair: Pair, source: SourceMeta, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One change, dated by the date its source speaks of (its publication date): a source that gives
    none is undated (``date`` None), never stamped with the time it was ingested (kept apart, in
    ``ingested_at``)."""
    row, _ = pair
    return {"change": kind, "date": source.as_of, "date_basis": "published" if source.as_of else "undated",
            "source": source.id, "file": source.file, "lineage": source.lineage, "entity": row.entity_id,
            "kind": row.kind, "title": row.title, "record": row.id, "fields": fields or [],
            "source_title": source.title, "source_publisher": source.publisher, "source_url": source.url,
            "ingested_at": utc(source.ingested_at).isoformat(), "order": known_date(source)}


def compare_states(before: Rows, after: Rows, *, source: SourceMeta | None = None) -> list[dict[str, Any]]:
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


def _kinds(kind: str | None) -> frozenset[str]:
    return frozenset({kind}) if kind else frozenset(PROFILE_SECTION_OF)


def _edits(session: Session, code: str, kinds: frozenset[str], when: Axes) -> list[dict[str, Any]]:
    """Editors' corrections as changes too: each revision with its author, time and fields (those made by
    ``known_at``, of the records in force at ``in_force_at`` or undated, when given)."""
    revisions = q.revisions_about(session, code, kinds, before=when.edits_before)
    records = q.records_by_id(session, {r.record_id for r in revisions})
    sources = q.sources_by_id(session, {r.source_id for r in records.values()})
    changes = []
    previous: dict[str, dict[str, Any]] = {}
    for revision in revisions:
        row = records[revision.record_id]
        source = sources[row.source_id]
        before = previous.get(row.id, row.data)
        previous[row.id] = revision.data
        if when.in_force_at is not None:
            start, until = fact_period(revision.data)
            if start is not None and not in_force(start, until, when.in_force_at):
                continue
        change = _change("edited", (row, source), source, field_changes(before, revision.data))
        edited = utc(revision.created_at).isoformat()
        change.update(date=edited, date_basis="edited", author=revision.author, revision=revision.number,
                      comment=revision.comment, title=revision.data.get("title") or row.title, order=edited[:10])
        changes.append(change)
    return changes


def get_history(engine: Engine, country: str, *, kind: str | None = None, in_force_at: str | None = None,
                known_at: str | None = None, as_of: str | None = None) -> HistoryOut:
    """Every change to a country's records, version after version of each source lineage, and every
    editor's correction (``edited``, with its author), oldest first (an undated source by its ingest day).

    With ``known_at`` (``as_of`` is its older name) only the versions known then (published, or ingested
    when they give no date, by then) and the corrections made by then count; with ``in_force_at`` only
    the facts in force then by their own dates (and the undated ones) are compared, so the history
    follows the profile shown at the same dates. Versions are read one lineage at a time (the records of
    that lineage's versions, never a document's text), so memory stays bounded by the largest lineage;
    the answer is kept until the atlas changes."""
    code = normalise_country(country)
    when = axes(in_force_at=in_force_at, known_at=known_at, as_of=as_of)
    return cached(engine, "history", (code, kind, when), lambda: _history(engine, code, kind, when))


def _history(engine: Engine, code: str, kind: str | None, when: Axes) -> HistoryOut:
    kinds = _kinds(kind)
    changes: list[dict[str, Any]] = []
    with session_scope(engine) as session:
        lineages: dict[str, list[SourceMeta]] = {}
        for source in q.versions_about(session, code, known_at=when.known_at):
            lineages.setdefault(source.lineage, []).append(source)
        for versions in lineages.values():
            ordered = sorted(versions, key=rank)
            by_source: dict[str, list[RecordData]] = {}
            for record in q.records_of_sources(session, [s.id for s in ordered], country=code, kinds=kinds,
                                               in_force_at=when.in_force_at):
                by_source.setdefault(record.source_id, []).append(record)
            if not by_source:
                continue  # the lineage speaks of the country, but of none of these kinds
            previous: list[Pair] = []
            for source in ordered:
                current = [(r, source) for r in by_source.get(source.id, [])]
                changes.extend(compare_states(previous, current, source=source))
                previous = current
        changes.extend(_edits(session, code, kinds, when))
    changes.sort(key=lambda c: (c["order"], c["lineage"]))
    return HistoryOut(country=code, in_force_at=when.in_force_at, known_at=when.known_at,
                      changes=[ChangeOut.model_validate(c) for c in changes])


def get_diff(engine: Engine, country: str, *, date_from: str, date_to: str, kind: str | None = None) -> DiffOut:
    """The country's records as known at ``date_from`` against ``date_to``, entity by entity (the
    database chooses the version of each lineage that counts at each date)."""
    if date_to < date_from:
        raise ConfigError(f"--to {date_to} is before --from {date_from}")
    code = normalise_country(country)
    kinds = _kinds(kind)
    with session_scope(engine) as session:
        before = q.records_at(session, code, as_of=date_from, kinds=kinds)
        after = q.records_at(session, code, as_of=date_to, kinds=kinds)
    changes = [ChangeOut.model_validate(c) for c in compare_states(before, after)]
    return DiffOut.model_validate({"country": code, "from": date_from, "to": date_to, "changes": changes})
