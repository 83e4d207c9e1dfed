"""A country profile: the newest record of each entity, in the portal's sections, as of any date."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.messages import N_
from policyatlas.model.country import get_country
from policyatlas.model.record import PROFILE_SECTIONS
from policyatlas.schemas.countries import CountryRef, ProfileOut, ProfileRecordOut
from policyatlas.store import record_queries
from policyatlas.store.db import session_scope
from policyatlas.store.rows import RecordData, SourceMeta
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import record_fields, revised
from policyatlas.views.sources import source_fields
from policyatlas.views.versions import (
    PROFILE_SECTION_OF,
    is_responsible_agency,
    newest_per_entity,
    rank,
)

Pair = tuple[RecordData, SourceMeta]
#: The kinds a profile reads: its sections' and the published index values.
PROFILE_KINDS = frozenset(PROFILE_SECTION_OF) | {"index_value"}

#: Facts on which two sources about the same entity can disagree (wording is not a conflict).
CONFLICT_FIELDS: tuple[str, ...] = ("dates", "amended", "status")


def get_profile(engine: Engine, country: str, *, as_of: str | None = None) -> ProfileOut:
    """The profile of one country as the sources known at ``as_of`` (default: now) state it.

    For each source lineage the version that counts at that date is used (the database chooses it);
    where several sources speak of the same entity the newest one's record is shown, the others are
    listed in ``also_in``, and ``conflicts`` says where they disagree on dates, amendments or status.
    Items are grouped in the portal's sections by their kind.

    Raises:
        NotFoundError: the country is unknown or the atlas holds no records about it then.
    """
    code = normalise_country(country)
    info = get_country(code)
    ref = CountryRef.model_validate(info.to_json() if info else {"code": code})
    with session_scope(engine) as session:
        every = record_queries.records_at(session, code, as_of=as_of, kinds=PROFILE_KINDS)
        rows = [(r, s) for r, s in every if r.kind in PROFILE_SECTION_OF]
        indices = _index_values(every)
        if not rows and indices:
            sources = {s.id: s for r, s in every if r.kind == "index_value"}
            return ProfileOut.model_validate({
                "country": ref, "as_of": as_of, "sources": [source_fields(s) for s in sources.values()],
                "sections": [{"name": name, "records": []} for name in PROFILE_SECTIONS],
                "disagreements": [], "indices": indices})
        if not rows:
            when = f" as of {as_of}" if as_of else ""
            raise NotFoundError(f"the atlas holds no records about {code}{when}; ingest a profile first")
        chosen, others = newest_per_entity(rows)
        chosen, disagreements = _responsible_agency(chosen)
        sections: dict[str, list[ProfileRecordOut]] = {name: [] for name in PROFILE_SECTIONS}
        for row, source, revision in revised(session, chosen):
            item = record_fields(row, source, revision)
            item["also_in"] = sorted({s.id for _, s in others.get(row.entity_id, [])})
            item["conflicts"] = _conflicts(item, others.get(row.entity_id, []))
            sections[PROFILE_SECTION_OF[row.kind]].append(ProfileRecordOut.model_validate(item))
        sources = {source.id: source for _, source in rows}
        return ProfileOut.model_validate({
            "country": ref,
            "as_of": as_of or max((s.as_of for s in sources.values() if s.as_of), default=None),
            "sources": [source_fields(s) for s in sources.values()],
            "sections": [{"name": name, "records": records} for name, records in sections.items()],
            "disagreements": disagreements,
            "indices": indices,
        })


def _index_values(rows: list[Pair]) -> list[dict[str, Any]]:
    """The published index values about the country (GCI, NCSI…), newest edition first."""
    values = {}
    for row, source in rows:
        if row.kind != "index_value":
            continue
        attributes = row.data.get("attributes", {})
        key = (attributes.get("index"), attributes.get("edition"))
        values[key] = {"index": attributes.get("index"), "index_name": attributes.get("index_name"),
                       "edition": attributes.get("edition"), "value": attributes.get("value"),
                       "scale": attributes.get("scale"), "rank": attributes.get("rank"), "record": row.id,
                       "source": source.id, "file": source.file}
    return sorted(values.values(), key=lambda v: (str(v["index"]), -(v["edition"] or 0)))


def _responsible_agency(chosen: list[Pair]) -> tuple[list[Pair], list[dict[str, Any]]]:
    """Show the responsible agency the newest source names; older sources naming others are
    reported as disagreeing instead of being shown as current."""
    named = [(r, s) for r, s in chosen if is_responsible_agency(r.data)]
    if not named:
        return chosen, []
    newest = max((s for _, s in named), key=rank)
    older = [(r, s) for r, s in named if s.lineage != newest.lineage and rank(s) < rank(newest)]
    if not older:
        return chosen, []
    shown = [r.title for r, s in named if s.id == newest.id]
    disagreements = [{
        "topic": N_("responsible agency"), "shown": shown, "shown_source": newest.id, "shown_date": newest.as_of,
        "other": r.title, "other_record": r.id, "other_source": s.id, "other_file": s.file, "other_date": s.as_of,
        "other_title": s.title,
    } for r, s in older if r.title not in shown]
    hidden = {r.id for r, _ in older}
    return [(r, s) for r, s in chosen if r.id not in hidden], disagreements


def _conflicts(shown: dict[str, Any], others: list[Pair]) -> list[dict[str, Any]]:
    """Where other sources state different dates, amendments or status for the same entity."""
    result = []
    for row, source in others:
        data = row.data
        for field in CONFLICT_FIELDS:
            theirs, mine = data.get(field), shown.get(field)
            if theirs and mine and theirs != mine:
                result.append({"field": field, "value": theirs, "shown": mine, "source": source.id,
                               "file": source.file, "record": row.id})
    return result
