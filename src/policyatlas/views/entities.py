"""Entities: one real thing with every record and source that speaks of it; people and
organisations in Popolo's shape; the resolver's review queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from policyatlas.errors import NotFoundError
from policyatlas.store import entity_queries as q
from policyatlas.store.db import session_scope
from policyatlas.store.schema import EntityRow
from policyatlas.views.countries import normalise_country
from policyatlas.views.records import records_json
from policyatlas.views.sources import source_json

ORG_KINDS = ("organization", "agency", "cert")


def entity_json(entity: EntityRow) -> dict[str, Any]:
    """An entity's identity: id, kind, country, names."""
    return {"id": entity.id, "kind": entity.kind, "family": entity.family, "country": entity.country,
            "name": entity.name, "name_en": entity.name_en, "acronym": entity.acronym,
            "aliases": list(entity.aliases)}


def get_entity(engine: Engine, entity_id: str, *, history: bool = False) -> dict[str, Any]:
    """An entity with every record that speaks of it (and its role there) and their sources."""
    with session_scope(engine) as session:
        entity = q.get_entity(session, entity_id)
        if entity is None:
            raise NotFoundError(f"no entity {entity_id!r} (see `policyatlas entities list`)")
        links = q.entity_links(session, [entity.id], current_only=not history)
        records, sources = [], {}
        items = records_json(session, [(record, source) for _, _, record, source in links])
        for (_, role, _, source), item in zip(links, items, strict=True):
            item["role"] = role
            records.append(item)
            sources[source.id] = source_json(source)
        return {**entity_json(entity), "records": records, "sources": list(sources.values())}


def list_entities(engine: Engine, *, kind: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """Entities by kind and country."""
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        return [entity_json(e) for e in q.list_entities(session, kinds=[kind] if kind else None, country=code)]


def _popolo(engine: Engine, kinds: tuple[str, ...], country: str | None) -> list[dict[str, Any]]:
    code = normalise_country(country) if country else None
    with session_scope(engine) as session:
        entities = q.list_entities(session, kinds=list(kinds), country=code)
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
            item = entity_json(entity)
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
            result.append(item)
        return result


def list_people(engine: Engine, *, country: str | None = None) -> list[dict[str, Any]]:
    """People (Popolo persons) with their roles as memberships, statements and sources."""
    return _popolo(engine, ("person",), country)


def list_orgs(engine: Engine, *, country: str | None = None) -> list[dict[str, Any]]:
    """Organisations (agencies, CERTs, bodies named as actors) with the records naming them."""
    return _popolo(engine, ORG_KINDS, country)


def list_reviews(engine: Engine, *, status: str | None = "pending") -> list[dict[str, Any]]:
    """The pairs of entities the resolver asks a person to confirm or reject."""
    with session_scope(engine) as session:
        return [{"id": review.id, "status": review.status, "score": review.score, "reason": review.reason,
                 "entity": entity_json(a), "candidate": entity_json(b),
                 "decided_at": review.decided_at.isoformat() if review.decided_at else None}
                for review, a, b in q.list_reviews(session, status=status)]


def decide_review(engine: Engine, review_id: int, *, merge: bool) -> dict[str, Any]:
    """Merge or keep apart the two entities of a review item; the decision is kept."""
    with session_scope(engine) as session:
        review = q.decide_review(session, review_id, merge=merge)
        return {"id": review.id, "status": review.status}


def merge_entities(engine: Engine, source_id: str, target_id: str) -> dict[str, Any]:
    """Fold one entity into another by hand (same family only)."""
    with session_scope(engine) as session:
        q.merge_entities(session, source_id=source_id, target_id=target_id)
        target = q.get_entity(session, target_id)
        assert target is not None
        return entity_json(target)


def split_entity(engine: Engine, entity_id: str, record_ids: list[str]) -> dict[str, Any]:
    """Split records off an entity into a new one (the decision is kept)."""
    with session_scope(engine) as session:
        return entity_json(q.split_entity(session, entity_id, record_ids))
