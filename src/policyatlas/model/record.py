"""Records: the typed facts a parser draws from a source, each with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policyatlas.messages import N_
from policyatlas.model.dates import FuzzyDate

#: Record kinds of the portal profile (the core); other formats add the kinds below.
KINDS: tuple[str, ...] = (
    "strategy",
    "agency",
    "key_position",
    "cert",
    "law",
    "un_process",
    "cooperation",
    "activity",
    "membership",
)

#: Kinds the other formats add (ITU profiles, strategy texts, news, incidents, index tables).
EXTENDED_KINDS: tuple[str, ...] = (
    "policy",
    "standard",
    "certification",
    "benchmarking",
    "capacity_building",
    "child_online_protection",
    "partnership",
    "document_section",
    "person",
    "organization",
    "event",
    "statement",
    "initiative",
    "list",
    "incident",
    "index_value",
    "publication",
)

#: Values of ``Record.status``: what the source says of the thing's existence.
STATUSES: tuple[str, ...] = ("in_force", "exists", "in_progress", "absent")

#: The sections of a country profile, in the order the portal shows them.
PROFILE_SECTIONS: tuple[str, ...] = (
    N_("Cybersecurity Policy"),
    N_("Structure"),
    N_("Legal Framework"),
    N_("Cooperation"),
    N_("Select Activities"),
    N_("Membership"),
)


@dataclass(frozen=True)
class Actor:
    """A body or person named in a record, with the role it plays there."""

    name: str
    role: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Link:
    """A link as the document gives it (the label and the address, which may be a placeholder)."""

    label: str
    url: str

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "url": self.url}


@dataclass(frozen=True)
class Record:
    """One fact from one source: what it is, when, who, and where in the source it stands.

    ``date`` is the first of ``dates`` (an item may carry several: "2004, 2014/2015");
    ``amended`` holds amendment dates (``FuzzyDate.unknown()`` when the source only says
    "amended"); ``line_start``/``line_end`` are the 1-based lines of the source's text it came
    from (``page_start``/``page_end`` the pages, for paged documents such as PDF).
    ``status`` is one of ``STATUSES`` or None when the source does not say. ``attributes``
    holds the fields of a kind that appear at the top level of the record's JSON (a person's
    ``roles``, a statement's ``speaker``, an initiative's ``stages``…), JSON-ready values;
    ``extra`` holds parser-specific details.
    """

    kind: str
    country: str | None
    section: str
    title: str
    line_start: int
    line_end: int
    subsection: str | None = None
    title_en: str | None = None
    title_language: str | None = None
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    dates: tuple[FuzzyDate, ...] = ()
    amended: tuple[FuzzyDate, ...] = ()
    date_note: str | None = None
    actors: tuple[Actor, ...] = ()
    description: str | None = None
    points: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    status: str | None = None
    page_start: int | None = None
    page_end: int | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> FuzzyDate | None:
        """The record's main date (the first one the source gives), or None."""
        return self.dates[0] if self.dates else None

    def content_json(self) -> dict[str, Any]:
        """Every field except identity and provenance, as JSON-ready values."""
        return {
            "kind": self.kind,
            "country": self.country,
            "section": self.section,
            "subsection": self.subsection,
            "title": self.title,
            "title_en": self.title_en,
            "title_language": self.title_language,
            "acronym": self.acronym,
            "aliases": list(self.aliases),
            "date": self.date.to_json() if self.date else None,
            "dates": [d.to_json() for d in self.dates],
            "amended": [d.to_json() for d in self.amended],
            "date_note": self.date_note,
            "actors": [a.to_json() for a in self.actors],
            "description": self.description,
            "points": list(self.points),
            "links": [link.to_json() for link in self.links],
            "status": self.status,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "attributes": dict(self.attributes),
            "extra": dict(self.extra),
        }


@dataclass(frozen=True)
class ParsedSource:
    """What a parser makes of one document: its metadata and its records, nothing stored yet.

    ``lineage`` names the document a source is a version of (for a portal profile,
    ``country-profile/MX``): a newer source of the same lineage supersedes the older one in
    the current view while the older records stay as history.
    """

    format: str
    media_type: str
    text: str
    records: tuple[Record, ...]
    lineage: str
    country: str | None = None
    language: str | None = None
    title: str | None = None
    as_of: FuzzyDate | None = None
    publisher: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()
