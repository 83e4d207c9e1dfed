"""The resolver's view of the store: entity lookups, creation, names and review suggestions.

Within one ingest transaction the names of each (family, country) block are loaded once into
memory (keys and a word index), and so are the ids taken in each (country, kind), so resolving
stays fast on many names and asks the database nothing per record. New entities, names and review
items are kept in memory and written in bulk by ``flush()`` (Core inserts, one statement per
table); changes to entities stored before go through the session as usual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from policyatlas.resolve.identity import slug
from policyatlas.resolve.resolver import Candidate, Subject, block_of
from policyatlas.store.bulk import insert_rows
from policyatlas.store.clock import ingest_time
from policyatlas.store.schema import EntityNameRow, EntityReviewRow, EntityRow

_CANDIDATE_LIMIT = 300


@dataclass
class _Block:
    """The names of one family in one country, indexed for exact and word lookups."""

    by_key: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))  # ordered sets
    by_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    keys_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    made: dict[str, Candidate] = field(default_factory=dict)

    def add(self, entity_id: str, kind: str, name: str, key: str) -> None:
        if entity_id not in self.by_key[key]:
            self.by_key[key][entity_id] = None
            self.keys_of[entity_id].append(key)
            self.made.pop(entity_id, None)
        self.names.setdefault(entity_id, (kind, name))
        for word in key.removeprefix("person:").replace("|", " ").split():
            self.by_word[word].add(entity_id)

    def candidate(self, entity_id: str) -> Candidate:
        made = self.made.get(entity_id)
        if made is None:
            kind, name = self.names[entity_id]
            made = self.made[entity_id] = Candidate(entity_id, kind, name, tuple(self.keys_of[entity_id]))
        return made


class SqlEntityStore:
    """``EntityStore`` on one SQLAlchemy session (the ingest transaction); call ``flush()`` before
    anything refers to the entities it created."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.now = ingest_time()
        self.blocks: dict[tuple[str, str], _Block] = {}
        self.redirects: dict[str, str] = {}
        self.taken: dict[tuple[str | None, str], set[str]] = {}
        self.new_entities: dict[str, dict[str, Any]] = {}
        self.new_names: list[dict[str, Any]] = []
        self.new_reviews: list[dict[str, Any]] = []
        self.pairs: set[frozenset[str]] = set()

    def flush(self) -> None:
        """Write the entities, names and review items created so far (in that order: names and review
        items refer to entities)."""
        insert_rows(self.session, EntityRow, list(self.new_entities.values()))
        insert_rows(self.session, EntityNameRow, self.new_names)
        insert_rows(self.session, EntityReviewRow, self.new_reviews)
        self.new_entities, self.new_names, self.new_reviews = {}, [], []

    def _ids_taken(self, country: str | None, kind: str) -> set[str]:
        """Ids of the entities of one country and kind (those an id made from a name could collide with)."""
        index = (country, kind)
        ids = self.taken.get(index)
        if ids is None:
            where = EntityRow.country.is_(None) if country is None else EntityRow.country == country
            with self.session.no_autoflush:
                ids = set(self.session.scalars(select(EntityRow.id).where(where, EntityRow.kind == kind)))
            self.taken[index] = ids
        return ids

    def _free_id(self, base: str, country: str | None, kind: str) -> str:
        taken = self._ids_taken(country, kind)
        entity_id, n = base, 2
        while entity_id in taken or entity_id in self.new_entities:
            entity_id, n = f"{base}-{n}", n + 1
        taken.add(entity_id)
        return entity_id

    def _block(self, family: str, country: str | None) -> _Block:
        index = (family, country or "")
        block = self.blocks.get(index)
        if block is None:
            block = _Block()
            rows = self.session.execute(
                select(EntityNameRow.entity_id, EntityNameRow.key, EntityRow.kind, EntityRow.name, EntityRow.merged_into)
                .join(EntityRow, EntityRow.id == EntityNameRow.entity_id)
                .where(EntityNameRow.family == family, EntityNameRow.country == (country or ""))
                .order_by(EntityNameRow.entity_id)
            ).all()
            for entity_id, key, kind, name, merged_into in rows:
                if merged_into:
                    self.redirects[entity_id] = merged_into
                    continue
                block.add(entity_id, kind, name, key)
            self.blocks[index] = block
        return block

    def find_exact(self, family: str, country: str | None, keys: Sequence[str]) -> list[Candidate]:
        block = self._block(family, country)
        ids = list(dict.fromkeys(e for key in keys for e in block.by_key.get(key, ())))
        return [block.candidate(e) for e in ids]

    def find_block(self, family: str, country: str | None, blocks: Sequence[str]) -> list[Candidate]:
        """Candidates sharing a rare word with the query (the two rarest words of each key)."""
        block = self._block(family, country)
        words = {w for b in blocks for w in b.removeprefix("person:").replace("|", " ").split()}
        rare = sorted((w for w in words if w in block.by_word), key=lambda w: (len(block.by_word[w]), w))
        if not rare:
            return []
        pool = set(block.by_word[rare[0]])
        if len(pool) > _CANDIDATE_LIMIT and len(rare) > 1:
            pool &= block.by_word[rare[1]]  # common words: candidates must share the two rarest
        if len(rare) > 1 and len(block.by_word[rare[1]]) <= _CANDIDATE_LIMIT:
            pool |= block.by_word[rare[1]]  # a typo in the rarest word still finds its candidates
        return [block.candidate(e) for e in sorted(pool)[:_CANDIDATE_LIMIT]]

    def create(self, subject: Subject, keys: Sequence[str]) -> str:
        name = subject.names[0] if subject.names else "untitled"
        base = f"{(subject.country or 'xx').lower()}/{subject.kind}/{slug(name)}"
        entity_id = self._free_id(base, subject.country, subject.kind)
        english = subject.names[1] if len(subject.names) > 1 else None
        self._block(subject.family, subject.country)  # load the block before anything is pending
        self.new_entities[entity_id] = {
            "id": entity_id, "kind": subject.kind, "family": subject.family, "country": subject.country, "name": name,
            "name_en": english if english != name else None, "acronym": (subject.acronym or "")[:40] or None,
            "aliases": list(dict.fromkeys(n for n in subject.names[1:] if n != name)), "created_at": self.now,
            "merged_into": None,
        }
        self._add_keys(entity_id, subject, keys, name=name, known=set())
        return entity_id

    def _add_keys(self, entity_id: str, subject: Subject, keys: Sequence[str], *, name: str,
                  known: set[str]) -> None:
        block = self._block(subject.family, subject.country)
        for key in dict.fromkeys(k[:400] for k in keys):
            if key not in known and entity_id not in block.by_key.get(key, ()):
                self.new_names.append({"entity_id": entity_id, "key": key, "family": subject.family,
                                       "country": subject.country or "", "block": block_of(key)[:80]})
            block.add(entity_id, subject.kind, name, key)

    def add_names(self, entity_id: str, subject: Subject, keys: Sequence[str]) -> None:
        created = self.new_entities.get(entity_id)
        if created is not None:  # made in this transaction: still in memory
            known = {created["name"], *created["aliases"]}
            created["aliases"] = [*created["aliases"], *(n for n in dict.fromkeys(subject.names) if n and n not in known)]
            if created["acronym"] is None and subject.acronym:
                created["acronym"] = subject.acronym[:40]
            self._add_keys(entity_id, subject, keys, name=created["name"], known=set())
            return
        with self.session.no_autoflush:
            entity = self.session.get(EntityRow, entity_id)
        if entity is None:
            return
        known = {entity.name, *entity.aliases}
        new = [n for n in dict.fromkeys(subject.names) if n and n not in known]
        if new:
            entity.aliases = [*entity.aliases, *new]
        if entity.acronym is None and subject.acronym:
            entity.acronym = subject.acronym[:40]
        self._add_keys(entity_id, subject, keys, name=entity.name, known=set())

    def suggest(self, entity_id: str, candidate_id: str, score: float, reason: str) -> None:
        pair = frozenset((entity_id, candidate_id))
        if pair in self.pairs:
            return
        self.pairs.add(pair)
        if entity_id in self.new_entities or candidate_id in self.new_entities:
            decided = None  # an entity made in this transaction has no review items stored yet
        else:
            with self.session.no_autoflush:
                decided = self.session.scalars(select(EntityReviewRow.id).where(
                    ((EntityReviewRow.entity_id == entity_id) & (EntityReviewRow.candidate_id == candidate_id))
                    | ((EntityReviewRow.entity_id == candidate_id) & (EntityReviewRow.candidate_id == entity_id))
                )).first()
        if decided is None:
            self.new_reviews.append({"entity_id": entity_id, "candidate_id": candidate_id, "score": score,
                                     "reason": reason, "status": "pending", "created_at": self.now,
                                     "decided_at": None})

    def create_own(self, record_id: str, kind: str, country: str | None, title: str) -> str:
        """An entity for a record that is its own thing (a statement, a document section)."""
        entity_id = f"{(country or 'xx').lower()}/{kind}/{record_id}"
        taken = self._ids_taken(country, kind)
        if entity_id not in taken:
            taken.add(entity_id)
            self.new_entities[entity_id] = {
                "id": entity_id, "kind": kind, "family": kind, "country": country, "name": title, "name_en": None,
                "acronym": None, "aliases": [], "created_at": self.now, "merged_into": None}
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
        store._add_keys(entity.id, subject, subject_keys(subject), name=entity.name, known=set())
        count += 1
    store.flush()
    session.flush()
    return count
