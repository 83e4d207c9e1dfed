"""Events and legislative initiatives: an initiative gathers every record about it, stages in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.store import entity_queries as q
from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import list_records, records_json


def list_events(engine: Engine, *, country: str | None = None) -> list[dict[str, Any]]:
    """Event records (forums, meetings, exercises), by date."""
    events = list_records(engine, country=country, kind="event")
    return sorted(events, key=lambda r: ((r["date"] or {}).get("value") or "9999", r["title"]))


def _stage_key(stage: dict[str, Any]) -> tuple[int, str]:
    value = (stage.get("date") or {}).get("value")
    return (0, value) if value else (1, "")


def list_initiatives(engine: Engine, *, country: str | None = None) -> list[dict[str, Any]]:
    """Each initiative (bill) once, with its proposers, chamber, committees, and its stages from
    every source that speaks of it, in date order (undated stages last, in the order read)."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        rows = repository.list_records(session, country=code, kind="initiative")
        groups: dict[str, list[dict[str, Any]]] = {}
        for (row, _), item in zip(rows, records_json(session, rows), strict=True):
            groups.setdefault(row.entity_id, []).append(item)
        result = []
        for entity_id, records in groups.items():
            entity = q.get_entity(session, entity_id)
            stages, proposers, committees, chambers = [], [], [], []
            for record in records:
                for stage in record.get("stages") or []:
                    stages.append({**stage, "source": record["provenance"]["source"], "record": record["id"]})
                proposers += [p for p in record.get("proposers") or [] if p not in proposers]
                committees += [c for c in record.get("committees") or [] if c not in committees]
                if record.get("chamber") and record["chamber"] not in chambers:
                    chambers.append(record["chamber"])
            stages.sort(key=_stage_key)
            first = records[0]
            result.append({
                "entity": entity_id, "title": entity.name if entity else first["title"],
                "title_en": (entity.name_en if entity else None) or first.get("title_en"),
                "aliases": list(entity.aliases) if entity else [], "country": first["country"],
                "status": records[-1].get("status"), "proposers": proposers, "chamber": chambers[0] if chambers else None,
                "chambers": chambers, "committees": committees, "stages": stages,
                "size": next((r.get("size") for r in records if r.get("size")), None),
                "records": [r["id"] for r in records], "sources": sorted({r["provenance"]["source"] for r in records}),
            })
        return result
