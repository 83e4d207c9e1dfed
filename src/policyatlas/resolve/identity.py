"""Natural keys and readable ids for entities, and the rule that two names are one entity."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from policyatlas.model.record import Record
from policyatlas.sources.titles import fold


@dataclass(frozen=True)
class EntityKey:
    """What an entity is known by inside its country and kind: folded names and acronym."""

    country: str | None
    kind: str
    names: frozenset[str]
    acronym: str | None

    @classmethod
    def of_record(cls, record: Record) -> EntityKey:
        names = {fold(n) for n in (record.title, record.title_en, *record.aliases) if n}
        return cls(record.country, record.kind, frozenset(n for n in names if n), record.acronym)

    def matches(self, names: set[str], acronym: str | None) -> bool:
        """True when an entity with these folded names/acronym is the same thing as this key."""
        if self.names & names:
            return True
        return bool(self.acronym and acronym and self.acronym.upper() == acronym.upper())


def slug(text: str, limit: int = 80) -> str:
    """A lowercase ASCII slug; long ones are cut and end with a short hash of the whole."""
    base = re.sub(r"\s+", "-", fold(text)) or "untitled"
    if len(base) <= limit:
        return base
    digest = hashlib.sha256(base.encode()).hexdigest()[:8]
    return f"{base[: limit - 9].rstrip('-')}-{digest}"


def entity_id(record: Record) -> str:
    """A readable, stable id such as ``mx/law/ley-de-seguridad-nacional``."""
    return f"{(record.country or 'xx').lower()}/{record.kind}/{slug(record.title)}"
