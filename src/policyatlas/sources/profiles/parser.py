"""Portal-style national cyber policy profiles (Markdown-ish text or HTML) into records."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country, is_country_name, resolve_country
from policyatlas.model.dates import DateLine, FuzzyDate, parse_date, parse_date_line
from policyatlas.model.record import PROFILE_SECTIONS, Actor, Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.blocks import Block
from policyatlas.text.html_blocks import html_to_blocks
from policyatlas.text.text_blocks import text_to_blocks
from policyatlas.text.titles import fold, parse_actor_list, split_title, strip_markup

# The portal's sections in its order, the names they go by, and the kind of their items.
SECTIONS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("Cybersecurity Policy", frozenset({"cybersecurity policy", "cyber security policy", "cyber policy"}), "strategy"),
    ("Structure", frozenset({"structure"}), "agency"),
    ("Legal Framework", frozenset({"legal framework"}), "law"),
    ("Cooperation", frozenset({"cooperation", "international cooperation"}), "cooperation"),
    ("Select Activities", frozenset({"select activities", "selected activities", "activities"}), "activity"),
    ("Membership", frozenset({"membership", "memberships"}), "membership"),
)
SECTION_ORDER = PROFILE_SECTIONS
assert SECTION_ORDER == tuple(name for name, _, _ in SECTIONS)

# The lists inside sections (folded name -> canonical name, kind of their items).
SUBSECTIONS: dict[str, tuple[str, str]] = {
    "strategy documents": ("Strategy Documents", "strategy"),
    "policy documents": ("Policy Documents", "strategy"),
    "national centre or responsible agency": ("National Centre or Responsible Agency", "agency"),
    "national center or responsible agency": ("National Centre or Responsible Agency", "agency"),
    "key positions": ("Key Positions", "key_position"),
    "dedicated agencies and departments": ("Dedicated Agencies and Departments", "agency"),
    "national cert or csirt": ("National CERT or CSIRT", "cert"),
    "legislation": ("Legislation", "law"),
    "un processes": ("UN Processes", "un_process"),
    "bilateral and multilateral cooperation": ("Bilateral and Multilateral Cooperation", "cooperation"),
}

# The role the bodies named under an item play, by the item's kind.
ACTOR_ROLES: dict[str, str] = {
    "strategy": "issuer", "law": "issuer", "agency": "responsible", "cert": "responsible",
    "key_position": "holder", "un_process": "participant", "cooperation": "participant",
    "activity": "organizer", "membership": "member",
}

_LAST_UPDATED = re.compile(r"^(?:last updated|last update|updated|última actualización)\s*:?\s*(.+)$", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_HTML_HINT = re.compile(rb"<\s*(?:!doctype|html|body|h[1-6]|p|div|ul|li)\b", re.I)


@dataclass
class _Item:
    """An item being read: its blocks are gathered until the next item starts."""

    kind: str
    section: str
    subsection: str | None
    title: str
    line_start: int
    line_end: int
    actors: list[tuple[str, str]] | None = None
    description: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    dateline: DateLine | None = None
    extra_dates: list[FuzzyDate] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """An item ends with its sources and date: a new plain paragraph then is a new item."""
        return bool(self.links) or self.dateline is not None


def _is_decorated(raw: str) -> bool:
    first = raw.lstrip("*_ ")[:1]
    return bool(first) and unicodedata.category(first) == "So"


def _match_section(name: str) -> tuple[str, str] | None:
    folded = fold(name)
    for canonical, names, kind in SECTIONS:
        if folded in names:
            return canonical, kind
    return None


def _links_only(text: str) -> list[Link] | None:
    links = [Link(strip_markup(label), url) for label, url in _LINK.findall(text)]
    return links if links and not _LINK.sub("", text).strip(" ,;|·") else None


def _is_bold(text: str) -> bool:
    return text.startswith("**") and text.endswith("**") and text.count("**") == 2 and len(text) > 4


def _truncation(text: str) -> str | None:
    """Why a block's text looks cut short (unbalanced markup), or None."""
    if text.count("**") % 2:
        return "unclosed bold text"
    if text.count("(") > text.count(")") or text.count("[") > text.count("]"):
        return "unclosed bracket"
    return None


class _ProfileReader:
    """Walks the blocks of one profile and gathers its items, country and as-of date."""

    def __init__(self, blocks: list[Block], origin: str) -> None:
        self.blocks = blocks
        self.origin = origin
        self.items: list[_Item] = []
        self.countries: dict[str, int] = {}
        self.as_of: FuzzyDate | None = None
        self.sections_seen: list[str] = []
        self.section: tuple[str, str] | None = None
        self.subsection: tuple[str, str] | None = None
        self.item: _Item | None = None
        self.noise: set[int] = set()

    def fail(self, message: str, line: int) -> ParseError:
        return ParseError(message, path=self.origin, line=line)

    def read(self) -> None:
        for index, block in enumerate(self.blocks):
            if index in self.noise:
                continue
            if block.kind == "heading":
                self._heading(index, block)
            elif block.kind == "paragraph":
                self._paragraph(block)
            else:
                self._point(block)
        self._finish_item()

    # -- noise -----------------------------------------------------------------------------
    def _country_header(self, index: int, block: Block) -> bool:
        """A ``## Mexico`` page header (with its ``Last Updated`` line) interrupting the items."""
        name = strip_markup(block.text)
        code = resolve_country(name) if len(name) > 3 else None
        if code is None:
            return False
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        updated = following is not None and following.kind == "paragraph" and _LAST_UPDATED.match(following.text)
        if not updated and self.section is not None:
            return False
        self.countries[code] = self.countries.get(code, 0) + 1
        if updated and following is not None:
            self.noise.add(index + 1)
            self._last_updated(following)
        return True

    def _last_updated(self, block: Block) -> None:
        match = _LAST_UPDATED.match(block.text)
        assert match is not None
        date = parse_date(strip_markup(match.group(1)))
        if date is None:
            raise self.fail(f"cannot read the 'Last Updated' date {match.group(1)!r}", block.line_start)
        if self.as_of is None or date.sort_key > self.as_of.sort_key:
            self.as_of = date

    # -- structure -------------------------------------------------------------------------
    def _heading(self, index: int, block: Block) -> None:
        if self._country_header(index, block):
            return
        name = strip_markup(block.text)
        section = _match_section(name)
        if section is not None:
            self._finish_item()
            self.section, self.subsection = section, None
            self.sections_seen.append(section[0])
            return
        subsection = SUBSECTIONS.get(fold(name))
        if subsection is None and _is_decorated(block.text) and self.section is not None:
            subsection = (name, self.section[1])
        if subsection is not None:
            self._finish_item()
            self.subsection = subsection
            return
        if self.section is None:
            return  # a heading of the page before the profile starts (title, navigation)
        self._start_item(block)

    def _start_item(self, block: Block) -> None:
        self._finish_item()
        assert self.section is not None
        kind = self.subsection[1] if self.subsection else self.section[1]
        self.item = _Item(kind, self.section[0], self.subsection[0] if self.subsection else None,
                          block.text, block.line_start, block.line_end)

    def _finish_item(self) -> None:
        if self.item is not None:
            self.items.append(self.item)
            self.item = None

    # -- content ---------------------------------------------------------------------------
    def _paragraph(self, block: Block) -> None:
        text = block.text
        if _LAST_UPDATED.match(text):
            self._last_updated(block)
            return
        if self.section is None:
            return
        item = self.item
        links = _links_only(text)
        dateline = None if links else parse_date_line(strip_markup(text))
        if item is not None and links is not None:
            item.links.extend(links)
        elif item is not None and dateline is not None:
            if item.dateline is None:
                item.dateline = dateline
            else:
                item.extra_dates.extend(dateline.dates)
        elif item is None or item.closed or _is_bold(text):
            if links is not None or dateline is not None:
                raise self.fail(f"sources or date {text!r} before any item", block.line_start)
            self._start_item(block)
            return
        elif item.actors is None and not item.description and not item.points and (
            actors := parse_actor_list(text, default_role=ACTOR_ROLES.get(item.kind, "participant"),
                                       is_country=is_country_name)
        ):
            item.actors = actors
        else:
            item.description.append(text)
        item.line_end = block.line_end

    def _point(self, block: Block) -> None:
        if self.item is None:
            if self.section is None:
                return
            raise self.fail(f"list item {block.text[:60]!r} outside any item", block.line_start)
        self.item.points.append(block.text)
        self.item.line_end = block.line_end


def _to_record(item: _Item, country: str) -> Record:
    title = split_title(item.title)
    actors = [Actor(name, role) for name, role in item.actors or []]
    if title.country_role:
        country_name = get_country(country)
        actors.append(Actor(country_name.name if country_name else country, title.country_role))
    description_links: list[Link] = []
    paragraphs = []
    for paragraph in item.description:
        description_links.extend(Link(strip_markup(label), url) for label, url in _LINK.findall(paragraph))
        paragraphs.append(strip_markup(_LINK.sub(lambda m: m.group(1), paragraph)))
    dateline = item.dateline
    extra: dict[str, object] = {}
    if item.kind == "strategy":
        words = fold(f"{title.title} {title.title_en or ''}")
        extra["document_type"] = "strategy" if re.search(r"estrategi|strateg", words) else "policy"
    if title.country_role:
        extra["country_role"] = title.country_role
    return Record(
        kind=item.kind,
        country=country,
        section=item.section,
        subsection=item.subsection,
        title=title.title,
        title_en=title.title_en,
        title_language=title.language,
        acronym=title.acronym,
        aliases=title.aliases,
        dates=(dateline.dates if dateline else ()) + tuple(item.extra_dates),
        amended=dateline.amended if dateline else (),
        date_note=dateline.note if dateline else None,
        actors=tuple(actors),
        description="\n\n".join(paragraphs) or None,
        points=tuple(strip_markup(p) for p in item.points),
        links=tuple(item.links + description_links),
        line_start=item.line_start,
        line_end=item.line_end,
        extra=extra,
    )


def _check_complete(reader: _ProfileReader, origin: str) -> None:
    seen = reader.sections_seen
    if not seen:
        raise ParseError("not a portal country profile: none of its section headings "
                         f"({', '.join(SECTION_ORDER)}) was found", path=origin)
    positions = [SECTION_ORDER.index(name) for name in seen]
    for before, after, name in zip(positions, positions[1:], seen[1:], strict=False):
        if after <= before:
            raise ParseError(f"section {name!r} is out of the portal's order or repeated", path=origin)
    last = reader.blocks[-1]
    why = _truncation(last.text)
    if why:
        raise ParseError(f"profile looks truncated: {why} at its end", path=origin, line=last.line_start)
    if seen[-1] != SECTION_ORDER[-1]:
        raise ParseError(
            f"profile looks truncated: it ends in section {seen[-1]!r}, before "
            f"{', '.join(n for n in SECTION_ORDER[positions[-1] + 1:])}",
            path=origin, line=last.line_end,
        )


class CountryProfileParser:
    """The portal's country profile: sections of strategies, agencies, CERT, laws, cooperation…"""

    kind = "country-profile"
    description = "Portal-style national cyber policy profile (Markdown-ish text or HTML)"

    def detect(self, data: bytes, name: str) -> bool:
        try:
            text = decode_text(data, name)
        except Exception:
            return False
        blocks = _blocks(data, text)
        found = {m[0] for b in blocks if b.kind == "heading" and (m := _match_section(strip_markup(b.text)))}
        return len(found) >= 3

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        is_html = bool(_HTML_HINT.search(data[:4096]))
        reader = _ProfileReader(_blocks(data, text), origin)
        reader.read()
        _check_complete(reader, origin)
        if not reader.countries and options.country:
            reader.countries[options.country] = 1
        if not reader.countries:
            raise ParseError("cannot tell which country the profile is about (no '## <Country>' "
                             "page header; pass --country)", path=origin)
        if len(reader.countries) > 1:
            raise ParseError(f"profile names several countries in its headers: {sorted(reader.countries)}",
                             path=origin)
        country = next(iter(reader.countries))
        records = tuple(_to_record(item, country) for item in reader.items)
        info = get_country(country)
        return ParsedSource(
            format=self.kind,
            media_type="text/html" if is_html else "text/markdown",
            text=text,
            records=records,
            lineage=f"{self.kind}/{country}",
            country=country,
            language="en",
            title=f"{info.name if info else country}: national cyber policy profile",
            as_of=reader.as_of,
        )


def _blocks(data: bytes, text: str) -> list[Block]:
    return html_to_blocks(text) if _HTML_HINT.search(data[:4096]) else text_to_blocks(text)
