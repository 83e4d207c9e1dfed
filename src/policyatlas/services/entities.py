"""People's decisions about entities: merge two, split one, decide a review item (each kept for good)."""

from __future__ import annotations

from sqlalchemy import Engine

from policyatlas.schemas.entities import DecisionOut, EntityOut
from policyatlas.store import entity_queries as q
from policyatlas.store.db import session_scope
from policyatlas.views.entities import entity_out


def decide_review(engine: Engine, review_id: int, *, merge: bool) -> DecisionOut:
    """Merge or keep apart the two entities of a review item; the decision is kept."""
    with session_scope(engine) as session:
        review = q.decide_review(session, review_id, merge=merge)
        return DecisionOut(id=review.id, status=review.status)


def merge_entities(engine: Engine, source_id: str, target_id: str) -> EntityOut:
    """Fold one entity into another by hand (same family only); answers the entity that stays."""
    with session_scope(engine) as session:
        q.merge_entities(session, source_id=source_id, target_id=target_id)
        target = q.get_entity(session, target_id)
        assert target is not None
        return entity_out(target)


def split_entity(engine: Engine, entity_id: str, record_ids: list[str]) -> EntityOut:
    """Split records off an entity into a new one (the decision is kept)."""
    with session_scope(engine) as session:
        return entity_out(q.split_entity(session, entity_id, record_ids))
