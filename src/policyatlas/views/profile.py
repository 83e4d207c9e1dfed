"""A country profile: the newest record of each entity, in the portal's sections, as of any date."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.messages import N_
from policyatlas.model.country import get_country
from policyatlas.model.fact_dates import fact_period
from policyatlas.model.record import PROFILE_SECTIONS
from policyatlas.schemas.countries import CountryRef, ProfileOut, ProfileRecordOut
from policyatlas.store import record_queries
from policyatlas.store.db import session_scope
from policyatlas.store.rows import RecordData, SourceMeta
from policyatlas.views.axes import axes
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


def get_profile(engine: Engine, country: str, *, as_of: str | None = None, in_force_at: str | None = None,
                known_at: str | None = None) -> ProfileOut:
    """The profile of one country: what existed at ``in_force_at`` (by the facts' own dates; default: every
    fact) as the sources known at ``known_at`` (``as_of`` is its older name; default: now) state it.

    For each source lineage the version that counts at ``known_at`` is used (the database chooses it);
    the facts not in force at ``in_force_at`` are left out by the database too, and facts that give no
    date of their own are listed apart in ``undated`` (nothing is assumed of them). Where several sources
    speak of the same entity the newest one's record is shown, the others are listed in ``also_in``, and
    ``conflicts`` says where they disagree on dates, amendments or status. Items are grouped in the
    portal's sections by their kind.

    Raises:
        NotFoundError: the country is unknown or the atlas holds no records about it then.
        ConfigError: ``as_of`` and ``known_at`` disagree.
    """
    when = axes(in_force_at=in_force_at, known_at=known_at, as_of=as_of)
    code = normalise_country(country)
    info = get_country(code)
    ref = CountryRef.model_validate(info.to_json() if info else {"code": code})
    dates = {"in_force_at": when.in_force_at, "known_at": when.known_at}
    with session_scope(engine) as session:
        every = record_queries.records_at(session, code, as_of=when.known_at, kinds=PROFILE_KINDS,
                                          in_force_at=when.in_force_at)
        rows = [(r, s) for r, s in every if r.kind in PROFILE_SECTION_OF]
        indices = _index_values(every)
        if not rows and indices:
            sources = {s.id: s for r, s in every if r.kind == "index_value"}
            return ProfileOut.model_validate({
                "country": ref, "as_of": when.known_at, **dates, "sources": [source_fields(s) for s in sources.values()],
                "sections": [{"name": name, "records": []} for name in PROFILE_SECTIONS],
                "disagreements": [], "indices": indices})
        if not rows:
            said = f" ({when.describe()})" if when.dated else ""
            raise NotFoundError(f"the atlas holds no records about {code}{said}; ingest a profile first")
        chosen, others = newest_per_entity(rows)
        chosen, disagreements = _responsible_agency(chosen)
        sections: dict[str, list[ProfileRecordOut]] = {name: [] for name in PROFILE_SECTIONS}
        undated: list[ProfileRecordOut] = []
        for row, source, revision in revised(session, chosen, before=when.edits_before):
            item = record_fields(row, source, revision)
            item["also_in"] = sorted({s.id for _, s in others.get(row.entity_id, [])})
            item["conflicts"] = _conflicts(item, others.get(row.entity_id, []))
            start, until = fact_period(revision.data if revision is not None else row.data)
            item["in_force"] = {"from": start, "until": until, "undated": start is None}
            shown = ProfileRecordOut.model_validate(item)
            if when.in_force_at is not None and start is None:
                undated.append(shown)  # not known to have existed then: shown apart, never assumed
            else:
                sections[PROFILE_SECTION_OF[row.kind]].append(shown)
        sources = {source.id: source for _, source in rows}
        return ProfileOut.model_validate({
            "country": ref,
            "as_of": when.known_at or max((s.as_of for s in sources.values() if s.as_of), default=None),
            **dates,
            "sources": [source_fields(s) for s in sources.values()],
            "sections": [{"name": name, "records": records} for name, records in sections.items()],
            "undated": undated,
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
