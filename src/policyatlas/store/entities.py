"""The resolver's view of the store: entity lookups, creation, names and review suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from policyatlas.resolve.identity import slug
from policyatlas.resolve.resolver import Candidate, Subject, block_of
from policyatlas.store.schema import EntityNameRow, EntityReviewRow, EntityRow

_BLOCK_LIMIT = 500


class SqlEntityStore:
    """``EntityStore`` on one SQLAlchemy session (the ingest transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.now = datetime.now(UTC)

    def _candidates(self, rows: Sequence[EntityNameRow]) -> list[Candidate]:
        ids = list(dict.fromkeys(r.entity_id for r in rows))
        if not ids:
            return []
        entities = {e.id: e for e in self.session.scalars(select(EntityRow).where(EntityRow.id.in_(ids)))}
        keys: dict[str, list[str]] = {}
        for name_row in self.session.scalars(select(EntityNameRow).where(EntityNameRow.entity_id.in_(ids))):
            keys.setdefault(name_row.entity_id, []).append(name_row.key)
        result = []
        for entity_id in ids:
            entity = entities[entity_id]
            while entity.merged_into:  # follow merges to the surviving entity
                entity = self.session.get(EntityRow, entity.merged_into) or entity
                if entity.merged_into == entity.id:
                    break
            result.append(Candidate(entity.id, entity.kind, entity.name, tuple(keys.get(entity_id, ()))))
        return list({c.id: c for c in result}.values())

    def find_exact(self, family: str, country: str | None, keys: Sequence[str]) -> list[Candidate]:
        self.session.flush()
        rows = self.session.scalars(
            select(EntityNameRow).where(EntityNameRow.family == family, EntityNameRow.country == (country or ""),
                                        EntityNameRow.key.in_(list(keys)))
            .order_by(EntityNameRow.entity_id)
        ).all()
        return self._candidates(rows)

    def find_block(self, family: str, country: str | None, blocks: Sequence[str]) -> list[Candidate]:
        self.session.flush()
        rows = self.session.scalars(
            select(EntityNameRow).where(EntityNameRow.family == family, EntityNameRow.country == (country or ""),
                                        EntityNameRow.block.in_(list(blocks)))
            .order_by(EntityNameRow.entity_id).limit(_BLOCK_LIMIT)
        ).all()
        return self._candidates(rows)

    def create(self, subject: Subject, keys: Sequence[str]) -> str:
        name = subject.names[0] if subject.names else "untitled"
        base = f"{(subject.country or 'xx').lower()}/{subject.kind}/{slug(name)}"
        entity_id, n = base, 2
        while self.session.get(EntityRow, entity_id) is not None:
            entity_id, n = f"{base}-{n}", n + 1
        english = [n for n in subject.names[1:2]]
        self.session.add(EntityRow(
            id=entity_id, kind=subject.kind, family=subject.family, country=subject.country, name=name,
            name_en=english[0] if english and english[0] != name else None, acronym=subject.acronym,
            aliases=list(dict.fromkeys(n for n in subject.names[1:] if n != name)), created_at=self.now,
        ))
        self.session.flush()
        self._add_keys(entity_id, subject, keys)
        return entity_id

    def _add_keys(self, entity_id: str, subject: Subject, keys: Sequence[str]) -> None:
        known = set(self.session.scalars(select(EntityNameRow.key).where(EntityNameRow.entity_id == entity_id)))
        for key in dict.fromkeys(keys):
            if key not in known:
                self.session.add(EntityNameRow(entity_id=entity_id, key=key[:400], family=subject.family,
                                               country=subject.country or "", block=block_of(key)[:80]))

    def add_names(self, entity_id: str, subject: Subject, keys: Sequence[str]) -> None:
        entity = self.session.get(EntityRow, entity_id)
        if entity is None:
            return
        known = {entity.name, *entity.aliases}
        new = [n for n in subject.names if n and n not in known]
        if new:
            entity.aliases = [*entity.aliases, *new]
        if entity.acronym is None and subject.acronym:
            entity.acronym = subject.acronym
        self._add_keys(entity_id, subject, keys)

    def suggest(self, entity_id: str, candidate_id: str, score: float, reason: str) -> None:
        decided = self.session.scalars(select(EntityReviewRow).where(
            ((EntityReviewRow.entity_id == entity_id) & (EntityReviewRow.candidate_id == candidate_id))
            | ((EntityReviewRow.entity_id == candidate_id) & (EntityReviewRow.candidate_id == entity_id))
        )).first()
        if decided is None:
            self.session.add(EntityReviewRow(entity_id=entity_id, candidate_id=candidate_id, score=score,
                                             reason=reason, status="pending", created_at=self.now))

    def create_own(self, record_id: str, kind: str, country: str | None, title: str) -> str:
        """An entity for a record that is its own thing (a statement, a document section)."""
        entity_id = f"{(country or 'xx').lower()}/{kind}/{record_id}"
        if self.session.get(EntityRow, entity_id) is None:
            self.session.add(EntityRow(id=entity_id, kind=kind, family=kind, country=country, name=title,
                                       name_en=None, acronym=None, aliases=[], created_at=self.now))
            self.session.flush()
        return entity_id


def reindex_entities(session: Session) -> int:
    """Give entities stored before name keys existed their keys (after the 0002 migration)."""
    from policyatlas.resolve.resolver import family_of, subject_keys

    have = set(session.scalars(select(EntityNameRow.entity_id).distinct()))
    count = 0
    store = SqlEntityStore(session)
    for entity in session.scalars(select(EntityRow)).all():
        if entity.id in have:
            continue
        entity.family = family_of(entity.kind)
        names = tuple(n for n in (entity.name, entity.name_en, *entity.aliases) if n)
        subject = Subject(entity.kind, entity.country, names, entity.acronym)
        store._add_keys(entity.id, subject, subject_keys(subject))
        count += 1
    session.flush()
    return count
