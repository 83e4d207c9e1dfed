"""Timelines: dated records in order (adoptions, enactments, amendments, cooperation, bill stages)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.model.fact_dates import fact_period, happened_by
from policyatlas.schemas.history import TimelineEventOut
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.axes import axes
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_fields
from policyatlas.views.versions import PROFILE_SECTION_OF

#: What a record's main date means, by kind.
EVENT_OF_KIND: dict[str, str] = {
    "strategy": "adopted", "policy": "adopted", "law": "enacted", "cert": "established", "agency": "established",
    "cooperation": "cooperation", "partnership": "partnership", "un_process": "participation",
    "activity": "held", "event": "held", "membership": "member", "initiative": "proposed",
    "incident": "incident", "index_value": "index published",
}
#: Kinds shown when no --kind is asked for (incidents and index values would drown the rest).
DEFAULT_KINDS = frozenset(PROFILE_SECTION_OF) | {"event"}


def _events(record: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"country": record["country"], "kind": record["kind"], "title": record["title"],
            "title_en": record.get("title_en"), "entity": record["entity"], "record": record["id"],
            "source": record["provenance"]["source"], "file": record["provenance"]["file"]}
    events = []
    what = EVENT_OF_KIND.get(record["kind"], record["kind"])
    if record["kind"] == "membership" and record.get("date_note"):
        what = record["date_note"].lower()
    for date in record.get("dates") or []:
        if date and date.get("value"):
            events.append({**base, "date": date, "event": what})
    for date in record.get("amended") or []:
        if date and date.get("value"):
            events.append({**base, "date": date, "event": "amended"})
    repealed = fact_period(record)[1]
    if repealed:
        events.append({**base, "date": {"value": repealed, "precision": _precision(repealed), "end": None},
                       "event": "repealed"})
    for stage in record.get("stages") or []:
        if isinstance(stage, dict) and (stage.get("date") or {}).get("value"):
            events.append({**base, "date": stage["date"], "event": str(stage.get("stage") or "stage")})
    return events


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def get_timeline(engine: Engine, *, countries: list[str] | None = None, kinds: list[str] | None = None,
                 date_from: str | None = None, date_to: str | None = None, in_force_at: str | None = None,
                 known_at: str | None = None, as_of: str | None = None) -> list[TimelineEventOut]:
    """Dated events from the records, oldest first; one per entity, date and event.

    The records are those of the sources known at ``known_at`` (``as_of`` is its older name; default:
    the current ones); with ``in_force_at`` only the facts in force then (by their own dates: the
    database filters them) and only the events that had happened by then. Only the records of the kinds
    asked for are read (lean rows, never a document's text); the events are derived from their dates,
    amendments, repeal and stages, so the list is ordered here."""
    when = axes(in_force_at=in_force_at, known_at=known_at, as_of=as_of)
    codes = list(dict.fromkeys(normalise_country(c) for c in countries or []))
    wanted = frozenset(kinds) if kinds else DEFAULT_KINDS
    with session_scope(engine) as session:
        if codes:
            rows = sorted((pair for code in codes for pair in q.records_at(
                session, code, as_of=when.known_at, kinds=wanted, in_force_at=when.in_force_at)),
                key=lambda pair: (pair[0].seq, pair[0].id))
        elif when.dated:
            rows = q.records_at(session, None, as_of=when.known_at, kinds=wanted, in_force_at=when.in_force_at)
        else:
            rows = q.list_records(session, kinds=wanted)
        records = records_fields(session, rows, before=when.edits_before)
    seen: set[tuple[str, str, str]] = set()
    events = []
    for record in records:
        for event in _events(record):
            key = (event["entity"], event["date"]["value"], event["event"])
            value = event["date"]["value"]
            if key in seen or (date_from and value[: len(date_from)] < date_from) or (
                    date_to and value[: len(date_to)] > date_to) or (
                    when.in_force_at and not happened_by(value, when.in_force_at)):
                continue
            seen.add(key)
            events.append(event)
    events.sort(key=lambda e: (e["date"]["value"], e["country"] or "", e["title"]))
    return [TimelineEventOut.model_validate(e) for e in events]
