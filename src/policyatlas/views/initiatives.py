"""Events and legislative initiatives: an initiative gathers every record about it, stages in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.schemas.analysis import InitiativeOut
from policyatlas.schemas.common import Page
from policyatlas.schemas.records import RecordOut
from policyatlas.store import entity_queries
from policyatlas.store import record_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_fields, records_out


def list_events(engine: Engine, *, country: str | None = None, limit: int | None = None,
                offset: int = 0) -> Page[RecordOut]:
    """Event records (forums, meetings, exercises), by date (undated last), paged by the database."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        rows = q.list_by_date(session, kind="event", country=code, limit=limit, offset=offset)
        total = len(rows) if limit is None and not offset else q.count_records(session, country=code, kinds=["event"])
        return Page[RecordOut](data=records_out(session, rows), total=total, limit=limit or max(total, 1),
                               offset=offset)


def _stage_key(stage: dict[str, Any]) -> tuple[int, str]:
    value = (stage.get("date") or {}).get("value")
    return (0, value) if value else (1, "")


def list_initiatives(engine: Engine, *, country: str | None = None, limit: int | None = None,
                     offset: int = 0, entity: str | None = None) -> Page[InitiativeOut]:
    """Each initiative (bill) once, with its proposers, chamber, committees, and its stages from
    every source that speaks of it, in date order (undated stages last, in the order read); paged by
    the database over the initiatives (``entity``: only that one)."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        if entity is not None:
            total, ids = 1, [entity]
        else:
            total, ids = q.entities_of_records(session, kind="initiative", country=code, limit=limit, offset=offset)
        rows = q.records_of_entities(session, ids, kind="initiative", country=code)
        groups: dict[str, list[dict[str, Any]]] = {entity_id: [] for entity_id in ids}
        for (row, _), item in zip(rows, records_fields(session, rows), strict=True):
            groups[row.entity_id].append(item)
        result = []
        for entity_id, records in groups.items():
            if not records:
                continue
            known = entity_queries.get_entity(session, entity_id)
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
            result.append(InitiativeOut.model_validate({
                "entity": entity_id, "title": known.name if known else first["title"],
                "title_en": (known.name_en if known else None) or first.get("title_en"),
                "aliases": list(known.aliases) if known else [], "country": first["country"],
                "status": records[-1].get("status"), "proposers": proposers,
                "chamber": chambers[0] if chambers else None, "chambers": chambers, "committees": committees,
                "stages": stages, "size": next((r.get("size") for r in records if r.get("size")), None),
                "records": [r["id"] for r in records], "sources": sorted({r["provenance"]["source"] for r in records}),
            }))
        if entity is not None:
            total = len(result)
        return Page[InitiativeOut](data=result, total=total, limit=limit or max(total, 1), offset=offset)
