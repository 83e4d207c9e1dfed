"""A country profile: the newest record of each entity, in the portal's sections and order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.model.country import get_country
from policyatlas.model.record import PROFILE_SECTIONS
from policyatlas.store import repository
from policyatlas.store.db import session_scope
from policyatlas.store.schema import RecordRow, SourceRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import record_json
from policyatlas.views.sources import source_json


def _rank(source: SourceRow) -> tuple[str, str]:
    return (source.as_of or "", source.ingested_at.isoformat())


def get_profile(engine: Engine, country: str) -> dict[str, Any]:
    """The profile of one country from the current version of every source about it.

    Where several sources speak of the same entity, the newest source's record is shown
    and the others are listed in its ``also_in``.

    Raises:
        NotFoundError: the country is unknown or the atlas holds no records about it.
    """
    code = normalise_country(country)
    with session_scope(engine) as session:
        rows = repository.list_records(session, country=code, current_only=True)
        if not rows:
            raise NotFoundError(f"the atlas holds no records about {code}; ingest a profile first")
        best: dict[str, tuple[RecordRow, SourceRow]] = {}
        others: dict[str, list[str]] = {}
        for row, source in rows:
            held = best.get(row.entity_id)
            if held is None or _rank(source) > _rank(held[1]):
                if held is not None:
                    others.setdefault(row.entity_id, []).append(held[1].id)
                best[row.entity_id] = (row, source)
            else:
                others.setdefault(row.entity_id, []).append(source.id)
        chosen = [pair for pair in rows if best[pair[0].entity_id][0] is pair[0]]
        sources = {source.id: source for _, source in rows}
        sections: dict[str, list[dict[str, Any]]] = {name: [] for name in PROFILE_SECTIONS}
        for row, source in chosen:
            item = record_json(row, source)
            item["also_in"] = sorted(set(others.get(row.entity_id, [])))
            sections.setdefault(item["section"] or "Other", []).append(item)
        info = get_country(code)
        as_of = max((s.as_of for s in sources.values() if s.as_of), default=None)
        return {
            "country": info.to_json() if info else {"code": code},
            "as_of": as_of,
            "sources": [source_json(s) for s in sources.values()],
            "sections": [{"name": name, "records": records} for name, records in sections.items()],
        }
