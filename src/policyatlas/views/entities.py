"""Entities: one real thing with every record and source that speaks of it; people and
organisations in Popolo's shape; the resolver's review queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.schemas.common import Page
from policyatlas.schemas.entities import EntityDetailOut, EntityOut, EntityRecordOut, PopoloOut, ReviewOut
from policyatlas.store import entity_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.schema import EntityRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import record_fields, revised
from policyatlas.views.sources import source_fields

ORG_KINDS = ("organization", "agency", "cert")


def entity_fields(entity: EntityRow) -> dict[str, Any]:
    """An entity's identity: id, kind, country, names."""
    return {"id": entity.id, "kind": entity.kind, "family": entity.family, "country": entity.country,
            "name": entity.name, "name_en": entity.name_en, "acronym": entity.acronym,
            "aliases": list(entity.aliases)}


def entity_out(entity: EntityRow) -> EntityOut:
    """An entity in the public shape."""
    return EntityOut.model_validate(entity_fields(entity))


def get_entity(engine: Engine, entity_id: str, *, history: bool = False) -> EntityDetailOut:
    """An entity with every record that speaks of it (and its role there) and their sources."""
    with session_scope(engine) as session:
        entity = q.get_entity(session, entity_id)
        if entity is None:
            raise NotFoundError(f"no entity {entity_id!r} (see `policyatlas entities list`)")
        links = q.entity_links(session, [entity.id], current_only=not history)
        records, sources = [], {}
        pairs = [(record, source) for _, _, record, source in links]
        for (_, role, _, source), (record, _, revision) in zip(links, revised(session, pairs), strict=True):
            records.append(EntityRecordOut.model_validate({**record_fields(record, source, revision), "role": role}))
            sources[source.id] = source_fields(source)
        return EntityDetailOut.model_validate({**entity_fields(entity), "records": records,
                                               "sources": list(sources.values())})


def list_entities(engine: Engine, *, kind: str | None = None, country: str | None = None, limit: int | None = None,
                  offset: int = 0) -> Page[EntityOut]:
    """Entities by kind and country, in id order (paged by the database)."""
    code = normalise_country(country) if country else None
    kinds = [kind] if kind else None
    with session_scope(engine) as session:
        rows = q.list_entities(session, kinds=kinds, country=code, limit=limit, offset=offset)
        total = len(rows) if limit is None and not offset else q.count_entities(session, kinds=kinds, country=code)
        return Page[EntityOut](data=[entity_out(e) for e in rows], total=total, limit=limit or max(total, 1),
                               offset=offset)


def _popolo(engine: Engine, kinds: tuple[str, ...], country: str | None, limit: int | None,
            offset: int) -> Page[PopoloOut]:
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        entities = q.list_entities(session, kinds=list(kinds), country=code, limit=limit, offset=offset)
        total = len(entities) if limit is None and not offset else q.count_entities(session, kinds=list(kinds),
                                                                                    country=code)
        links = q.entity_links(session, [e.id for e in entities])
        by_entity: dict[str, list[tuple[str, Any, Any]]] = {}
        for entity_id, role, record, source in links:
            by_entity.setdefault(entity_id, []).append((role, record, source))
        linked = q.record_links(session, [record.id for _, _, record, _ in links])
        orgs_of: dict[tuple[str, str], str] = {}
        for record_id, role, other in linked:
            if other.family == "org":
                orgs_of[(record_id, role)] = other.id
        result = []
        for entity in entities:
            item = entity_fields(entity)
            item["other_names"] = [{"name": n} for n in entity.aliases]
            memberships, statements, mentions, sources = [], 0, 0, {}
            for role, record, source in by_entity.get(entity.id, []):
                sources[source.id] = {"id": source.id, "file": source.file, "title": source.title}
                mentions += 1
                statements += record.kind == "statement"
                if role == "subject" and record.kind == "person":
                    for held in record.data.get("attributes", {}).get("roles", []):
                        memberships.append({
                            "role": held.get("role"), "organization_name": held.get("organization"),
                            "organization_id": orgs_of.get((record.id, str(held.get("role") or "member"))),
                            "start_date": None, "end_date": None, "source": source.id, "record": record.id,
                        })
                elif role != "subject" and entity.family == "org":
                    memberships.append({"role": role, "record": record.id, "record_title": record.title,
                                        "source": source.id})
            item.update({"memberships": memberships, "statements": statements, "mentions": mentions,
                         "sources": list(sources.values())})
            result.append(PopoloOut.model_validate(item))
        return Page[PopoloOut](data=result, total=total, limit=limit or max(total, 1), offset=offset)


def list_people(engine: Engine, *, country: str | None = None, limit: int | None = None,
                offset: int = 0) -> Page[PopoloOut]:
    """People (Popolo persons) with their roles as memberships, statements and sources."""
    return _popolo(engine, ("person",), country, limit, offset)


def list_orgs(engine: Engine, *, country: str | None = None, limit: int | None = None,
              offset: int = 0) -> Page[PopoloOut]:
    """Organisations (agencies, CERTs, bodies named as actors) with the records naming them."""
    return _popolo(engine, ORG_KINDS, country, limit, offset)


def list_reviews(engine: Engine, *, status: str | None = "pending", limit: int | None = None,
                 offset: int = 0) -> Page[ReviewOut]:
    """The pairs of entities the resolver asks a person to confirm or reject."""
    with session_scope(engine) as session:
        rows = q.list_reviews(session, status=status, limit=limit, offset=offset)
        total = len(rows) if limit is None and not offset else q.count_reviews(session, status=status)
        items = [ReviewOut.model_validate({
            "id": review.id, "status": review.status, "score": review.score, "reason": review.reason,
            "entity": entity_fields(a), "candidate": entity_fields(b),
            "decided_at": review.decided_at.isoformat() if review.decided_at else None}) for review, a, b in rows]
        return Page[ReviewOut](data=items, total=total, limit=limit or max(total, 1), offset=offset)
