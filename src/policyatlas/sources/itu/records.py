"""Records from the sections of an ITU Cyberwellness profile: one per listed instrument or stated fact."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from policyatlas.model.dates import FuzzyDate, parse_date
from policyatlas.model.record import Actor, Link, Record
from policyatlas.sources.itu.body import LineIndex, Unit, squash
from policyatlas.sources.itu.claims import (
    NO_INFORMATION,
    classify,
    event_date,
    find_name,
    is_body,
    membership,
    split_sentences,
    subject,
    target_date,
)
from policyatlas.sources.itu.sections import Heading

# The role the bodies named in a record play in it, by the record's kind.
ACTOR_ROLES: dict[str, str] = {
    "agency": "responsible", "cert": "responsible", "benchmarking": "responsible", "certification": "responsible",
    "capacity_building": "organizer", "cooperation": "participant", "partnership": "partner", "strategy": "issuer",
    "standard": "issuer", "law": "issuer", "child_online_protection": "responsible", "membership": "member",
}
_COOPERATION_AREAS = frozenset({"intra_state", "intra_agency", "public_private", "international", "bilateral",
                                "multilateral", "pillar:cooperation"})
_AFFIRMATIVE = frozenset({"exists", "in_force"})
# An address starts where a word starts (the look-behind keeps a long word from being tried at every letter).
_URL = re.compile(r"(?:https?://|www\.)[^\s,;]+|(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_TRAILING_PAREN = re.compile(r"^(?P<base>.*\S)\s*\((?P<group>[^()]*)\)$")
_ANY_PAREN = re.compile(r"\(([^()]*)\)")
_OF_YEAR = re.compile(r"\bof (\d{4})\b")
_END_YEAR = re.compile(r"(?<![\d./])(\d{4})$")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&/.\-]{1,14}")


@dataclass(frozen=True)
class Context:
    """What every record of one profile shares: the country, the text and its line numbers."""

    country: str
    country_name: str
    clean: str
    index: LineIndex
    is_country: Callable[[str], bool]


@dataclass
class _Draft:
    """A record being gathered: a paragraph may add to the one before it."""

    kind: str
    title: str
    status: str | None
    start: int
    end: int
    named: bool = False
    acronym: str | None = None
    dates: list[FuzzyDate] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _group(status: str | None) -> str | None:
    return "yes" if status in _AFFIRMATIVE else status


def _link(address: str) -> Link:
    return Link(address, f"mailto:{address}" if "@" in address and "://" not in address else address)


def _item_fields(text: str, kind: str) -> tuple[str, str | None, list[FuzzyDate], str | None, list[Link]]:
    """Title, acronym, dates, note and links of a list item such as "Computer Misuse Act (1990)"."""
    links = [_link(address.rstrip(".")) for address in _URL.findall(text)]
    title = squash(_URL.sub("", text)).strip(" ,;:.-")
    dates: list[FuzzyDate] = []
    acronym = note = None
    trailing = _TRAILING_PAREN.match(title)
    if trailing:
        group = trailing.group("group").strip()
        date = parse_date(group)
        if date is not None:
            dates.append(date)
            title = trailing.group("base").rstrip(" ,;.")
        elif _ACRONYM.fullmatch(group) and sum(ch.isupper() for ch in group) >= 2 and " " not in group:
            acronym, title = group, trailing.group("base").rstrip(" ,;.")
        elif kind == "cert" and len(trailing.group("base").split()) == 1:
            note, title = group, trailing.group("base")
    if not dates:
        for group in _ANY_PAREN.findall(title):
            date = parse_date(group)
            if date is not None:
                dates.append(date)
                break
    if not dates:
        for pattern in (_OF_YEAR, _END_YEAR):
            match = pattern.search(title)
            date = parse_date(match.group(1)) if match else None
            if date is not None:
                dates.append(date)
                break
    title = re.sub(r"^(?:The|the)\s+", "", title)
    return title, acronym, dates, note, links


class _SectionReader:
    """Turns the units of one section into drafts, then records."""

    def __init__(self, heading: Heading, pillar: str | None, context: Context) -> None:
        self.heading = heading
        self.spec = heading.spec
        self.kind = heading.spec.kind or "document_section"
        self.pillar = pillar
        self.context = context
        self.drafts: list[_Draft] = []
        self.list_status: str | None = None

    def new(self, kind: str, title: str, status: str | None, start: int, end: int) -> _Draft:
        extra: dict[str, Any] = {"itu_section": self.heading.number}
        if self.pillar:
            extra["pillar"] = self.pillar
        if status == NO_INFORMATION:
            status, extra["no_information"] = None, True
        if kind == "strategy":
            extra["document_type"] = "roadmap" if self.spec.area == "roadmap" else (
                "policy" if re.search(r"\bpolic", title, re.I) and not re.search(r"strateg", title, re.I)
                else "strategy")
        draft = _Draft(kind, title, status, start, end, attributes={"area": self.spec.area}, extra=extra)
        self.drafts.append(draft)
        return draft

    def item(self, unit: Unit) -> None:
        kind = self.spec.item_kind or self.kind
        title, acronym, dates, note, links = _item_fields(unit.text(self.context.clean), kind)
        if not title:
            return
        default = "in_force" if kind == "law" else "exists"
        status = self.list_status if self.list_status not in (None, NO_INFORMATION) else default
        if kind == "law" and status == "exists":
            status = "in_force"
        draft = self.new(kind, title, status, unit.start, unit.end)
        draft.named, draft.acronym, draft.dates = True, acronym, dates
        draft.links = links + [_link(address) for address in unit.links]
        if note:
            draft.description.append(note)

    def prose(self, unit: Unit, next_is_item: bool) -> None:
        clean = self.context.clean
        sentences = split_sentences(clean, unit.start, unit.end)
        if next_is_item and sentences and clean[sentences[-1][1] - 1] == ":":
            intro = squash(clean[slice(*sentences.pop())])
            self.list_status = classify(intro, self.spec.item_kind or self.kind)
            if not sentences:
                return
            opening = squash(clean[slice(*sentences[0])])
            if (classify(opening, self.kind) in _AFFIRMATIVE and self.list_status in _AFFIRMATIVE
                    and find_name(opening, self.spec, self.context.is_country) is None):
                return  # "X has a specific legislation. It is mandated through:" only introduces the list
        else:
            self.list_status = None
        if not sentences:
            return
        start, end = sentences[0][0], sentences[-1][1]
        claim = squash(clean[slice(*sentences[0])])
        text = squash(clean[start:end])
        status = classify(claim, self.kind)
        name = find_name(claim, self.spec, self.context.is_country)
        member = membership(claim)
        current = self.drafts[-1] if self.drafts else None
        if member is not None and self.spec.area in _COOPERATION_AREAS:
            draft = self.new("membership", member[1], status, start, end)
            draft.named = True
            draft.actors.append(Actor(self._member_name(member[0]), "member"))
            draft.description.append(text)
            return
        renamed = name is not None and (current is None or name.title.casefold() != current.title.casefold())
        if current is not None and not renamed and _group(status) == _group(current.status):
            current.description.append(text)
            current.end = end
            return
        draft = self.new(self.kind, name.title if name else self.spec.generic, status, start, end)
        draft.description.append(text)
        if name is not None:
            draft.named, draft.acronym = True, name.acronym
            if name.date is not None:
                draft.dates.append(name.date)
        when = event_date(claim)
        if when is not None and not draft.dates:
            draft.dates.append(when)
        target = target_date(claim)
        if target is not None and status == "in_progress":
            draft.attributes["target_date"] = target.to_json()
        if member is not None:
            draft.actors.append(Actor(self._member_name(member[0]), "member"))
        else:
            first = subject(claim, self.context.is_country)
            who, title = (first.text.casefold(), draft.title.casefold()) if first else ("", "")
            if first is not None and is_body(first) and not (who.startswith(title) or title.startswith(who)):
                draft.actors.append(Actor(first.text, ACTOR_ROLES.get(draft.kind, "participant")))

    def _member_name(self, member: str) -> str:
        return self.context.country_name if self.context.is_country(member) else member

    def records(self, units: list[Unit]) -> list[Record]:
        for position, unit in enumerate(units):
            if unit.kind == "item":
                self.item(unit)
            else:
                next_is_item = position + 1 < len(units) and units[position + 1].kind == "item"
                self.prose(unit, next_is_item)
        return [self._record(draft) for draft in self.drafts]

    def _record(self, draft: _Draft) -> Record:
        index = self.context.index
        return Record(
            kind=draft.kind,
            country=self.context.country,
            section=self.heading.label,
            title=draft.title,
            line_start=index.line(draft.start),
            line_end=index.line(max(draft.start, draft.end - 1)),
            title_language="en",
            acronym=draft.acronym,
            dates=tuple(draft.dates),
            actors=tuple(draft.actors),
            description=" ".join(draft.description) or None,
            links=tuple(draft.links),
            status=draft.status,
            attributes=draft.attributes,
            extra=draft.extra,
        )


def section_records(heading: Heading, pillar: str | None, units: list[Unit], context: Context) -> list[Record]:
    """The records of one section: a record per list item, and one per paragraph that states a new fact.

    A paragraph starts a new record when it names something else than the record before it, gives
    it another status ("There is no…", "is in the process of…") or, in a cooperation section,
    states a membership; otherwise it adds to the description of the record before it.
    """
    if heading.spec.kind is None:
        return []
    return _SectionReader(heading, pillar, context).records(units)
