"""Read queries about entities: their records, links, and the review queue (SQL lives here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, func, select, true, update
from sqlalchemy.orm import Session, aliased

from policyatlas.errors import ConfigError, ConflictError, NotFoundError
from policyatlas.store.record_queries import chunks, sources_by_id
from policyatlas.store.rows import RECORD_COLUMNS, RecordData, SourceMeta
from policyatlas.store.schema import EntityNameRow, EntityReviewRow, EntityRow, RecordEntityRow, RecordRow, SourceRow


@dataclass(frozen=True, slots=True)
class EntityBrief:
    """What a link shows of an entity."""

    id: str
    name: str
    kind: str
    family: str
    country: str | None


def get_entity(session: Session, entity_id: str) -> EntityRow | None:
    """An entity by id, following merges to the surviving one."""
    entity = session.get(EntityRow, entity_id)
    seen = set()
    while entity is not None and entity.merged_into and entity.id not in seen:
        seen.add(entity.id)
        entity = session.get(EntityRow, entity.merged_into)
    return entity


def _entities(*, kinds: Sequence[str] | None, family: str | None, country: str | None) -> Select[Any]:
    query = select(EntityRow).where(EntityRow.merged_into.is_(None))
    if kinds:
        query = query.where(EntityRow.kind.in_(list(kinds)))
    if family:
        query = query.where(EntityRow.family == family)
    if country:
        query = query.where(EntityRow.country == country)
    return query


def list_entities(session: Session, *, kinds: Sequence[str] | None = None, family: str | None = None,
                  country: str | None = None, limit: int | None = None, offset: int = 0) -> Sequence[EntityRow]:
    """Entities (not merged away), by kind or family and country, in id order; one page when ``limit`` is given."""
    query = _entities(kinds=kinds, family=family, country=country).order_by(EntityRow.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return session.scalars(query).all()


def count_entities(session: Session, *, kinds: Sequence[str] | None = None, family: str | None = None,
                   country: str | None = None) -> int:
    """How many entities ``list_entities`` lists."""
    inner = _entities(kinds=kinds, family=family, country=country).with_only_columns(EntityRow.id).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def entity_links(session: Session, entity_ids: Sequence[str], *, current_only: bool = True
                 ) -> list[tuple[str, str, RecordData, SourceMeta]]:
    """``(entity_id, role, record, source)`` for every record that links to these entities, the sources
    oldest first (by the date they speak of, then by ingest) and each source's records in document order."""
    found: list[tuple[str, str, RecordData, Any, Any]] = []
    for part in chunks(list(dict.fromkeys(entity_ids))):
        query = (select(RecordEntityRow.entity_id, RecordEntityRow.role, SourceRow.as_of, SourceRow.ingested_at,
                        *RECORD_COLUMNS)
                 .join(RecordRow, RecordRow.id == RecordEntityRow.record_id)
                 .join(SourceRow, SourceRow.id == RecordRow.source_id)
                 .where(RecordEntityRow.entity_id.in_(part)))
        if current_only:
            query = query.where(RecordRow.is_current == true())
        for row in session.execute(query):
            found.append((row[0], row[1], RecordData.from_row(row[4:]), row[2], row[3]))
    found.sort(key=lambda f: (f[3] is not None, f[3] or "", f[4], f[2].ordinal))
    sources = sources_by_id(session, {f[2].source_id for f in found})
    return [(entity_id, role, record, sources[record.source_id]) for entity_id, role, record, _, _ in found]


def record_links(session: Session, record_ids: Sequence[str]) -> list[tuple[str, str, EntityBrief]]:
    """``(record_id, role, entity)`` for the entities these records link to."""
    found: list[tuple[str, str, EntityBrief]] = []
    for part in chunks(list(dict.fromkeys(record_ids))):
        rows = session.execute(select(RecordEntityRow.record_id, RecordEntityRow.role, EntityRow.id, EntityRow.name,
                                      EntityRow.kind, EntityRow.family, EntityRow.country)
                               .join(EntityRow, EntityRow.id == RecordEntityRow.entity_id)
                               .where(RecordEntityRow.record_id.in_(part)))
        found.extend((r[0], r[1], EntityBrief(*r[2:])) for r in rows)
    return found


def list_reviews(session: Session, *, status: str | None = "pending", limit: int | None = None, offset: int = 0
                 ) -> list[tuple[EntityReviewRow, EntityRow, EntityRow]]:
    """Review items with both entities, oldest first (one page when ``limit`` is given)."""
    first, second = aliased(EntityRow), aliased(EntityRow)
    query = (select(EntityReviewRow, first, second).join(first, first.id == EntityReviewRow.entity_id)
             .join(second, second.id == EntityReviewRow.candidate_id).order_by(EntityReviewRow.id))
    if status:
        query = query.where(EntityReviewRow.status == status)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [(review, a, b) for review, a, b in session.execute(query)]


def count_reviews(session: Session, *, status: str | None = "pending") -> int:
    """How many review items ``list_reviews`` lists."""
    query = select(func.count()).select_from(EntityReviewRow)
    if status:
        query = query.where(EntityReviewRow.status == status)
    return int(session.execute(query).scalar_one())


def decide_review(session: Session, review_id: int, *, merge: bool) -> EntityReviewRow:
    """Record a person's decision on a review item; a merge folds the newer entity into the older."""
    review = session.get(EntityReviewRow, review_id)
    if review is None:
        raise NotFoundError(f"no review item {review_id}")
    if review.status != "pending":
        raise ConflictError(f"review item {review_id} was already decided ({review.status})")
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
        raise ConflictError(f"cannot merge a {source.kind} into a {target.kind}")
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
    store.flush()  # the new entity exists before records point at it
    for record in records:
        record.entity_id = new_id
    session.execute(update(RecordEntityRow).where(RecordEntityRow.record_id.in_(wanted),
                                                  RecordEntityRow.entity_id == entity.id,
                                                  RecordEntityRow.role == "subject").values(entity_id=new_id))
    moved = {k for k in subject_keys(subject)}
    session.execute(delete(EntityNameRow).where(EntityNameRow.entity_id == entity.id, EntityNameRow.key.in_(moved)))
    store._add_keys(new_id, subject, list(moved), name=names[0], known=set())
    store.flush()
    session.add(EntityReviewRow(entity_id=new_id, candidate_id=entity.id, score=100.0,
                                reason=f"split off {entity.id} by an editor", status="rejected",
                                created_at=datetime.now(UTC), decided_at=datetime.now(UTC)))
    session.flush()
    created = session.get(EntityRow, new_id)
    assert created is not None
    return created
