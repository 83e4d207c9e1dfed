"""Read queries about entities: their records, links, and the review queue (SQL lives here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from policyatlas.errors import ConfigError, NotFoundError
from policyatlas.store.schema import EntityNameRow, EntityReviewRow, EntityRow, RecordEntityRow, RecordRow, SourceRow


def get_entity(session: Session, entity_id: str) -> EntityRow | None:
    """An entity by id, following merges to the surviving one."""
    entity = session.get(EntityRow, entity_id)
    seen = set()
    while entity is not None and entity.merged_into and entity.id not in seen:
        seen.add(entity.id)
        entity = session.get(EntityRow, entity.merged_into)
    return entity


def list_entities(session: Session, *, kinds: Sequence[str] | None = None, family: str | None = None,
                  country: str | None = None) -> Sequence[EntityRow]:
    """Entities (not merged away), by kind or family and country, in id order."""
    query = select(EntityRow).where(EntityRow.merged_into.is_(None)).order_by(EntityRow.id)
    if kinds:
        query = query.where(EntityRow.kind.in_(list(kinds)))
    if family:
        query = query.where(EntityRow.family == family)
    if country:
        query = query.where(EntityRow.country == country)
    return session.scalars(query).all()


def entity_links(session: Session, entity_ids: Sequence[str], *, current_only: bool = True
                 ) -> list[tuple[str, str, RecordRow, SourceRow]]:
    """``(entity_id, role, record, source)`` for every record that links to these entities."""
    if not entity_ids:
        return []
    query = (select(RecordEntityRow.entity_id, RecordEntityRow.role, RecordRow, SourceRow)
             .join(RecordRow, RecordRow.id == RecordEntityRow.record_id)
             .join(SourceRow, SourceRow.id == RecordRow.source_id)
             .where(RecordEntityRow.entity_id.in_(list(entity_ids))))
    if current_only:
        query = query.where(SourceRow.is_current.is_(True))
    query = query.order_by(SourceRow.as_of, SourceRow.ingested_at, RecordRow.ordinal)
    return [(e, role, r, s) for e, role, r, s in session.execute(query).all()]


def record_links(session: Session, record_ids: Sequence[str]) -> list[tuple[str, str, EntityRow]]:
    """``(record_id, role, entity)`` for the entities these records link to."""
    if not record_ids:
        return []
    rows = session.execute(select(RecordEntityRow.record_id, RecordEntityRow.role, EntityRow)
                           .join(EntityRow, EntityRow.id == RecordEntityRow.entity_id)
                           .where(RecordEntityRow.record_id.in_(list(record_ids)))).all()
    return [(r, role, e) for r, role, e in rows]


def list_reviews(session: Session, *, status: str | None = "pending") -> list[tuple[EntityReviewRow, EntityRow, EntityRow]]:
    """Review items with both entities, newest first."""
    query = select(EntityReviewRow).order_by(EntityReviewRow.id)
    if status:
        query = query.where(EntityReviewRow.status == status)
    result = []
    for review in session.scalars(query):
        a, b = session.get(EntityRow, review.entity_id), session.get(EntityRow, review.candidate_id)
        if a is not None and b is not None:
            result.append((review, a, b))
    return result


def decide_review(session: Session, review_id: int, *, merge: bool) -> EntityReviewRow:
    """Record a person's decision on a review item; a merge folds the newer entity into the older."""
    review = session.get(EntityReviewRow, review_id)
    if review is None:
        raise NotFoundError(f"no review item {review_id}")
    if review.status != "pending":
        raise ConfigError(f"review item {review_id} was already decided ({review.status})")
    review.status = "merged" if merge else "rejected"
    review.decided_at = datetime.now(UTC)
    if merge:
        merge_entities(session, source_id=review.entity_id, target_id=review.candidate_id)
    return review


def merge_entities(session: Session, *, source_id: str, target_id: str) -> None:
    """Fold one entity into another: records, links and names move; the source points at the target."""
    source, target = get_entity(session, source_id), get_entity(session, target_id)
    if source is None or target is None:
        raise NotFoundError(f"no entity {source_id if source is None else target_id!r}")
    if source.id == target.id:
        return
    if source.family != target.family:
        raise ConfigError(f"cannot merge a {source.kind} into a {target.kind}")
    session.execute(update(RecordRow).where(RecordRow.entity_id == source.id).values(entity_id=target.id))
    known = {(r.record_id, r.role) for r in session.scalars(
        select(RecordEntityRow).where(RecordEntityRow.entity_id == target.id))}
    for link in session.scalars(select(RecordEntityRow).where(RecordEntityRow.entity_id == source.id)).all():
        if (link.record_id, link.role) not in known:
            session.add(RecordEntityRow(record_id=link.record_id, entity_id=target.id, role=link.role))
        session.delete(link)
    keys = set(session.scalars(select(EntityNameRow.key).where(EntityNameRow.entity_id == target.id)))
    for name in session.scalars(select(EntityNameRow).where(EntityNameRow.entity_id == source.id)).all():
        if name.key not in keys:
            session.add(EntityNameRow(entity_id=target.id, key=name.key, family=name.family,
                                      country=name.country, block=name.block))
        session.delete(name)
    names = [*target.aliases, source.name, *source.aliases]
    target.aliases = list(dict.fromkeys(n for n in names if n != target.name))
    source.merged_into = target.id
    session.flush()


def split_entity(session: Session, entity_id: str, record_ids: Sequence[str]) -> EntityRow:
    """Move some of an entity's records to a new entity of the same kind (the resolver joined two
    things): their links follow, and the pair is recorded as kept apart so it is not re-suggested."""
    from policyatlas.resolve.resolver import Subject, subject_keys
    from policyatlas.store.entities import SqlEntityStore

    entity = get_entity(session, entity_id)
    if entity is None:
        raise NotFoundError(f"no entity {entity_id!r}")
    wanted = list(dict.fromkeys(record_ids))
    records = session.scalars(select(RecordRow).where(RecordRow.id.in_(wanted),
                                                      RecordRow.entity_id == entity.id)).all()
    missing = sorted(set(wanted) - {r.id for r in records})
    if not wanted or missing:
        raise ConfigError(f"not records of {entity.id}: {', '.join(missing) or '(none given)'}")
    remaining = session.scalar(select(func.count()).select_from(RecordRow).where(RecordRow.entity_id == entity.id))
    if remaining == len(records):
        raise ConfigError(f"cannot split every record off {entity.id}: nothing would remain")
    first = records[0]
    names = tuple(dict.fromkeys(n for r in records for n in (r.title, r.data.get("title_en")) if n))
    store = SqlEntityStore(session)
    subject = Subject(entity.kind, entity.country, names, first.data.get("acronym"))
    new_id = store.create(subject, [])
    for record in records:
        record.entity_id = new_id
    session.execute(update(RecordEntityRow).where(RecordEntityRow.record_id.in_(wanted),
                                                  RecordEntityRow.entity_id == entity.id,
                                                  RecordEntityRow.role == "subject").values(entity_id=new_id))
    moved = {k for k in subject_keys(subject)}
    session.execute(delete(EntityNameRow).where(EntityNameRow.entity_id == entity.id, EntityNameRow.key.in_(moved)))
    store._add_keys(new_id, subject, list(moved), name=names[0], known=set())
    session.add(EntityReviewRow(entity_id=new_id, candidate_id=entity.id, score=100.0,
                                reason=f"split off {entity.id} by an editor", status="rejected",
                                created_at=datetime.now(UTC), decided_at=datetime.now(UTC)))
    session.flush()
    created = session.get(EntityRow, new_id)
    assert created is not None
    return created
