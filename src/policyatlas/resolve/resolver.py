"""The resolver: which entity a record (or a name it mentions) speaks of.

Identifiers and normalised names first (exact keys, across languages through the glossary),
then fuzzy matching (rapidfuzz) inside small blocks of candidates, so it stays fast on many
names. Entities of different families or countries are never merged; a pair the resolver is
unsure about becomes a new entity plus a review item for a person to decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz, process

from policyatlas.model.country import get_country, is_country_name, resolve_country
from policyatlas.model.record import Record
from policyatlas.resolve.names import (
    PersonName,
    find_international_org,
    name_key,
    same_person,
    split_person,
)
from policyatlas.text.titles import fold, is_acronym

#: Kinds that are one family of things: an organisation named as an actor and an agency
#: record about it are the same entity.
FAMILIES: dict[str, str] = {"agency": "org", "cert": "org", "organization": "org", "person": "person"}
#: Families whose names are compared fuzzily (the others match on exact keys only).
FUZZY: frozenset[str] = frozenset({"org", "law", "strategy", "policy", "initiative", "cooperation", "partnership",
                                   "standard", "event", "membership", "un_process", "activity"})
#: Kinds whose records are each their own thing (never shared between records).
OWN: frozenset[str] = frozenset({"document_section", "statement", "list"})
AUTO_MERGE = 93.0
SUGGEST = 85.0


def family_of(kind: str) -> str:
    return FAMILIES.get(kind, kind)


@dataclass(frozen=True)
class Candidate:
    """An entity as the store gives it to the resolver."""

    id: str
    kind: str
    name: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Subject:
    """What a record or a mention names: kind, country, and every name it goes by."""

    kind: str
    country: str | None
    names: tuple[str, ...]
    acronym: str | None = None

    @property
    def family(self) -> str:
        return family_of(self.kind)


class EntityStore(Protocol):
    """What the resolver needs from the store (implemented in ``store.entities``)."""

    def find_exact(self, family: str, country: str | None, keys: Sequence[str]) -> list[Candidate]: ...

    def find_block(self, family: str, country: str | None, blocks: Sequence[str]) -> list[Candidate]: ...

    def create(self, subject: Subject, keys: Sequence[str]) -> str: ...

    def add_names(self, entity_id: str, subject: Subject, keys: Sequence[str]) -> None: ...

    def suggest(self, entity_id: str, candidate_id: str, score: float, reason: str) -> None: ...


def person_key(person: PersonName) -> str:
    """A person's matching key, keeping given names and surnames apart: ``person:javier|lopez casarin``."""
    return "person:" + " ".join(person.given) + "|" + " ".join(person.surnames)


def parse_person_key(key: str) -> PersonName:
    """The name a person key was made from."""
    given, _, surnames = key.removeprefix("person:").partition("|")
    return PersonName(tuple(given.split()), tuple(surnames.split()))


def subject_keys(subject: Subject) -> list[str]:
    """The matching keys of a subject: translated name keys, acronyms, person surnames."""
    keys: list[str] = []
    for name in subject.names:
        if subject.family == "person":
            person = split_person(name)
            if person.surnames:
                keys.append(person_key(person))
        elif is_acronym(name.strip()):
            keys.append("acronym:" + name.strip().upper())
        else:
            key = name_key(name)
            own = _own_country_words(subject.country)
            bare = " ".join(w for w in key.split() if w not in own)
            if bare and bare != key:
                keys.append(bare)  # "Federal Police of Mexico" is "Federal Police" inside Mexico
            if key:
                keys.append(key)
    if subject.acronym:
        keys.append("acronym:" + subject.acronym.upper())
    return list(dict.fromkeys(keys))


@lru_cache(maxsize=256)
def _own_country_words(country: str | None) -> frozenset[str]:
    """The words of a country's own name, which add nothing to a name inside that country."""
    info = get_country(country) if country else None
    return frozenset(fold(info.name).split()) if info else frozenset()


def block_of(key: str) -> str:
    """The blocking token of a key: its longest word (persons: the last surname)."""
    if key.startswith(("acronym:",)):
        return key
    words = key.removeprefix("person:").replace("|", " ").split()
    if key.startswith("person:"):
        return "person:" + (words[-1] if words else "")
    return max(words, key=lambda w: (len(w), w), default="")[:80]


class Resolver:
    """Resolves subjects to entity ids through an ``EntityStore``, within one transaction."""

    def __init__(self, store: EntityStore) -> None:
        self.store = store

    def resolve(self, subject: Subject) -> str:
        """The id of the entity the subject names, creating it when it is new."""
        if subject.family == "org":
            subject = _international(subject)
        keys = subject_keys(subject)
        if not keys:
            return self.store.create(subject, [])
        exact = self.store.find_exact(subject.family, subject.country, keys)
        if subject.family == "person":
            return self._person(subject, keys, exact)
        if exact:
            chosen = exact[0]
            self.store.add_names(chosen.id, subject, keys)
            return chosen.id
        if subject.family in FUZZY:
            return self._fuzzy(subject, keys)
        return self.store.create(subject, keys)

    def _person(self, subject: Subject, keys: list[str], exact: list[Candidate]) -> str:
        if exact:
            self.store.add_names(exact[0].id, subject, keys)
            return exact[0].id
        mine = [split_person(n) for n in subject.names]
        sure: list[Candidate] = []
        unsure: list[Candidate] = []
        for candidate in self.store.find_block("person", subject.country, [block_of(k) for k in keys]):
            theirs = [parse_person_key(k) for k in candidate.keys if k.startswith("person:")]
            verdicts = {same_person(a, b) for a in mine for b in theirs or [split_person(candidate.name)]}
            verdict = True if True in verdicts else (None if None in verdicts else False)
            if verdict is True:
                sure.append(candidate)
            elif verdict is None:
                unsure.append(candidate)
        if len(sure) == 1 and not unsure:
            self.store.add_names(sure[0].id, subject, keys)
            return sure[0].id
        new_id = self.store.create(subject, keys)
        for candidate in sure + unsure:
            self.store.suggest(new_id, candidate.id, 90.0 if candidate in sure else 70.0,
                               f"same surname: {subject.names[0]!r} and {candidate.name!r}")
        return new_id

    def _fuzzy(self, subject: Subject, keys: list[str]) -> str:
        plain = [k for k in keys if not k.startswith("acronym:")]
        blocks = sorted({block_of(k) for k in plain} | {_second_block(k) for k in plain} - {""})
        best: tuple[float, Candidate] | None = None
        candidates = self.store.find_block(subject.family, subject.country, blocks)
        choices = [(key, candidate) for candidate in candidates for key in candidate.keys
                   if not key.startswith("acronym:")]
        for query in plain:
            numbers = _numbers(query)
            pool = [key for key, _ in choices]
            match = process.extractOne(query, pool, scorer=fuzz.token_sort_ratio, score_cutoff=SUGGEST,
                                       processor=None) if pool else None
            # names that differ in a number (a year, an edition) or in a whole word (a place: "Hessische"
            # and "Hamburgische" commissioners) differ: drop such matches
            while match is not None and (_numbers(pool[match[2]]) != numbers or _other_word(query, pool[match[2]])):
                pool[match[2]] = ""
                match = process.extractOne(query, pool, scorer=fuzz.token_sort_ratio, score_cutoff=SUGGEST,
                                           processor=None)
            if match is not None and (best is None or match[1] > best[0]):
                best = (float(match[1]), choices[match[2]][1])
        if best is not None and best[0] >= AUTO_MERGE:
            self.store.add_names(best[1].id, subject, keys)
            return best[1].id
        new_id = self.store.create(subject, keys)
        if best is not None and best[0] >= SUGGEST:
            self.store.suggest(new_id, best[1].id, best[0],
                               f"similar names: {subject.names[0]!r} and {best[1].name!r}")
        return new_id


def _numbers(key: str) -> set[str]:
    """Numbers in a name (years, editions, article numbers): names that differ in them differ."""
    return {w for w in key.split() if any(ch.isdigit() for ch in w)}


def _other_word(a: str, b: str) -> bool:
    """Whether two names differ by a word each has that the other lacks and that is not a variant of it
    (a spelling or an ending: "Secretaria"/"Secretariat"), such as two places' names."""
    only_a = set(a.split()) - set(b.split())
    only_b = set(b.split()) - set(a.split())
    if not only_a or not only_b:
        return False
    def variant(word: str, other: str) -> bool:  # "cyber security" and "cybersecurity" are one word written twice
        return word in other or other in word or fuzz.ratio(word, other) >= 75

    return any(len(word) >= 5 and not any(variant(word, other) for other in only_b) for word in only_a)


def _second_block(key: str) -> str:
    words = sorted(key.split(), key=lambda w: (-len(w), w))
    return words[1][:80] if len(words) > 1 else ""


def _international(subject: Subject) -> Subject:
    for name in (*subject.names, subject.acronym or ""):
        org = find_international_org(name) if name else None
        if org is not None:
            names = tuple(dict.fromkeys((org.name, *subject.names, *org.aliases)))
            return Subject(subject.kind, None, names, org.acronym)
    return subject


def record_subject(record: Record) -> Subject | None:
    """What a record is about, as a subject to resolve (None: the record is its own entity)."""
    if record.kind in OWN:
        return None
    attributes = record.attributes
    if record.kind == "index_value" and attributes.get("index"):
        # one entity per index and edition: the acronym (GCI) would join every edition
        names: tuple[str, ...] = (f"{attributes['index']} {attributes.get('edition', '')}".strip(),)
        return Subject(record.kind, record.country, names)
    if record.kind == "incident" and attributes.get("incident_id"):
        names = (f"incident {attributes['incident_id']}",)
    else:
        names = tuple(n for n in (record.title, record.title_en, *record.aliases) if n)
    if record.kind == "person":  # every form the source used ("Deputy López Casarín") helps matching
        names = tuple(dict.fromkeys((*names, *_names(attributes.get("mentions")))))
    return Subject(record.kind, record.country, names, record.acronym)


_PERSON_FIELDS = ("speaker", "proposers", "participants", "proposed_by")
_ORG_FIELDS = ("organizers", "supporters")


def record_mentions(record: Record) -> list[tuple[str, Subject]]:
    """The other entities a record names, with their role: actors, speakers, proposers,
    organisations of a person's roles, the organisation of a membership."""
    mentions: list[tuple[str, Subject]] = []
    country = record.country
    for actor in record.actors:
        code = resolve_country(actor.name) if is_country_name(actor.name) else None
        if code is not None:
            mentions.append((actor.role, Subject("country", code, (actor.name,))))
        else:
            mentions.append((actor.role, Subject("organization", country, (actor.name,))))
    attributes = record.attributes
    for field in _PERSON_FIELDS:
        for name in _names(attributes.get(field)):
            mentions.append((field.rstrip("s") if field.endswith("s") else field,
                             Subject("person", country, (name,))))
    for field in _ORG_FIELDS:
        for name in _names(attributes.get(field)):
            mentions.append((field.rstrip("s"), Subject("organization", country, (name,))))
    for role in attributes.get("roles") or []:
        if isinstance(role, dict) and role.get("organization"):
            mentions.append((str(role.get("role") or "member"),
                             Subject("organization", country, (str(role["organization"]),))))
    if record.kind == "membership":
        mentions.append(("member_of", Subject("organization", None, (record.title,), record.acronym)))
    return mentions


def _names(value: object) -> Iterable[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v if isinstance(v, str) else str(v.get("name", "")) for v in value
                if isinstance(v, str | dict) and (v if isinstance(v, str) else v.get("name"))]
    return []
