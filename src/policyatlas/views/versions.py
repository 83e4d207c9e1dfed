"""Which version of each source counts at a date, and how records are compared across versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from policyatlas.store.rows import RecordData, SourceMeta

Pair = tuple[RecordData, SourceMeta]

#: Record fields compared between versions (identity and provenance are not content).
COMPARED_FIELDS: tuple[str, ...] = (
    "title", "title_en", "acronym", "subsection", "dates", "amended", "date_note", "actors", "description",
    "points", "links", "status",
)

#: Where each record kind stands in a country profile (kinds not listed are not profile items).
PROFILE_SECTION_OF: dict[str, str] = {
    "strategy": "Cybersecurity Policy", "policy": "Cybersecurity Policy",
    "agency": "Structure", "key_position": "Structure", "cert": "Structure",
    "law": "Legal Framework", "initiative": "Legal Framework",
    "un_process": "Cooperation", "cooperation": "Cooperation", "partnership": "Cooperation",
    "activity": "Select Activities", "capacity_building": "Select Activities", "standard": "Select Activities",
    "certification": "Select Activities", "benchmarking": "Select Activities",
    "child_online_protection": "Select Activities",
    "membership": "Membership",
}


def known_date(source: SourceMeta) -> str:
    """The date a source speaks of (its as-of date; its ingest date when it gives none)."""
    return source.known_date or source.as_of or source.ingested_at.date().isoformat()


def rank(source: SourceMeta) -> tuple[str, str]:
    """Order of versions: the date they speak of (an undated source ranks before every dated
    one: its date is unknown, not recent), then when they were ingested."""
    moment = source.ingested_at
    naive = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return (source.as_of or "", naive.isoformat())


def newest_per_entity(rows: Sequence[Pair]) -> tuple[list[Pair], dict[str, list[Pair]]]:
    """For each entity its record from the newest source (in document order), and the others."""
    best: dict[str, Pair] = {}
    for row, source in rows:
        held = best.get(row.entity_id)
        if held is None or rank(source) > rank(held[1]):
            best[row.entity_id] = (row, source)
    others: dict[str, list[Pair]] = {}
    for row, source in rows:
        if best[row.entity_id][0] is not row:
            others.setdefault(row.entity_id, []).append((row, source))
    return [pair for pair in rows if best[pair[0].entity_id][0] is pair[0]], others


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The compared fields whose values differ between two records' data."""
    changes = []
    for name in COMPARED_FIELDS:
        before, after = old.get(name), new.get(name)
        if _normalise(before) != _normalise(after):
            changes.append({"field": name, "from": before, "to": after})
    return changes


def _normalise(value: Any) -> Any:
    if value in (None, "", [], {}):
        return None
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if _normalise(v) is not None}
    return value


def is_responsible_agency(data: dict[str, Any]) -> bool:
    """Whether a record names the country's national centre or responsible agency."""
    places = (data.get("subsection"), data.get("section"), data.get("area"),
              (data.get("attributes") or {}).get("area"))
    return data.get("kind") == "agency" and any(p and "responsible" in str(p).lower() for p in places)
