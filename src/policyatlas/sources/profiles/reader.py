"""Walk a profile's blocks (from any rendering) and gather its items, country and as-of date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyatlas.model.country import is_country_name, resolve_country
from policyatlas.model.dates import DateLine, FuzzyDate, parse_date, parse_date_line
from policyatlas.model.record import Link
from policyatlas.sources.profiles.vocabulary import (
    ACTOR_ROLES,
    ACTOR_STARTS,
    ACTOR_WORDS,
    LAST_UPDATED,
    SOURCE_LABEL,
    is_decorated,
    match_section,
    match_subsection,
    split_source_line,
)
from policyatlas.text.blocks import Block
from policyatlas.text.titles import fold, parse_actor_list, strip_markup

LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_LEADING_LINKS = re.compile(r"^(?:\s*\[[^\]]*\]\([^)\s]*\)[\s,;|·]*)+")
_INLINE_BULLET = re.compile(r"(?:^|\s)[•▪●◦‣](?=\s)")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+(?=\S)")
_LIST_SEMICOLON = re.compile(r";\s+")


@dataclass
class Item:
    """An item being read: its blocks are gathered until the next item starts."""

    kind: str
    section: str
    subsection: str | None
    title: str
    line_start: int
    line_end: int
    actors: list[tuple[str, str]] | None = None
    actor_line: str | None = None
    description: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    dateline: DateLine | None = None
    extra_dates: list[FuzzyDate] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """An item ends with its sources and date: a new plain paragraph then is a new item."""
        return bool(self.links) or self.dateline is not None


def _split_labels(label: str, url: str) -> list[Link]:
    """``Source Source 2`` (two labels run into one link by a conversion) → ``Source``, ``Source 2``."""
    labels = [m.group().strip() for m in SOURCE_LABEL.finditer(label)]
    if len(labels) > 1 and SOURCE_LABEL.sub("", label).strip(" ,;|·") == "":
        return [Link(lab, url) for lab in labels]
    return [Link(strip_markup(label), url)]


def leading_sources(text: str) -> tuple[list[Link], str] | None:
    """The source links an item's line starts with, and the rest of the line; None when it starts with none.

    Links come as Markdown (``[Source](url)``) or, in text without markup, as the labels written
    out (``Source Source 2``).
    """
    found = _LEADING_LINKS.match(text)
    if found is not None:
        links = [link for label, url in LINK.findall(found.group()) for link in _split_labels(label, url)]
        return links, text[found.end():].strip(" ,;|·")
    plain = split_source_line(text)
    if plain is not None:
        return [Link(label, "") for label in plain[0]], plain[1]
    return None


def is_bold(text: str) -> bool:
    return text.startswith("**") and text.endswith("**") and text.count("**") == 2 and len(text) > 4


def split_run_in(block: Block) -> list[Block]:
    """A paragraph whose list items were run into it ("… objectives: 1. A; 2. B", "… include: • A • B")
    as the paragraph's lead and one block per item."""
    if block.kind == "heading":
        return [block]
    text = block.text
    bullets = list(_INLINE_BULLET.finditer(text))
    if bullets and (block.kind == "bullet" or len(bullets) >= 2 or bullets[0].start() > 0):
        lead = text[: bullets[0].start()].strip()
        ends = [m.start() for m in bullets[1:]] + [len(text)]
        items = [text[m.end():e].strip() for m, e in zip(bullets, ends, strict=True)]
        return _rebuild(block, lead, items, "bullet")
    numbers = [m for m in _INLINE_NUMBER.finditer(text)]
    run = _number_run(numbers)
    if block.kind == "paragraph" and len(run) >= 2:
        lead = text[: run[0].start()].strip()
        ends = [m.start() for m in run[1:]] + [len(text)]
        items = [text[m.end():e].strip() for m, e in zip(run, ends, strict=True)]
        return _rebuild(block, lead, items, "numbered", first=int(run[0].group(1)))
    return [block]


def _number_run(numbers: list[re.Match[str]]) -> list[re.Match[str]]:
    """The matches that number items 1, 2, 3… in order (starting at 1)."""
    run: list[re.Match[str]] = []
    for match in numbers:
        if int(match.group(1)) == len(run) + 1:
            run.append(match)
    return run


def _rebuild(block: Block, lead: str, items: list[str], kind: str, first: int = 1) -> list[Block]:
    out: list[Block] = []
    if lead:
        out.append(Block(block.kind, lead, block.line_start, block.line_end, block.level))
    for offset, item in enumerate(i for i in items if i):
        if kind == "bullet":
            out.append(Block("bullet", item, block.line_start, block.line_end))
        else:
            out.append(Block("numbered", item, block.line_start, block.line_end, first + offset))
    return out or [block]


def semicolon_points(paragraph: str) -> tuple[str | None, list[str]] | None:
    """A paragraph that is a list whose markers were lost: a lead ending in ":" and items ending in ";"
    ("… include: A; B; C."), or three or more such items that each start a sentence."""
    lead, colon, rest = paragraph.rpartition(": ")
    body = rest if colon else paragraph
    parts = _LIST_SEMICOLON.split(body)
    if len(parts) < 2 or (not colon and (len(parts) < 3 or not all(p[:1].isupper() for p in parts))):
        return None
    items = [f"{p};" for p in parts[:-1]] + [parts[-1]]
    return (f"{lead}:" if colon else None), items


def _actor_prefix(text: str, role: str) -> tuple[list[tuple[str, str]], str] | None:
    """An actor line run together with the sentence after it ("Presented by Chile and Peru Prepare a set …"):
    the longest run of names that the rest of the line follows as a sentence (a capital, then small words)."""
    words = [w for w in re.finditer(r"\S+", text[:400])]
    for index in range(len(words) - 1, 0, -1):
        rest_words = [w.group() for w in words[index:index + 4]]
        if not rest_words[0][:1].isupper() or not any(w[:1].islower() for w in rest_words[1:]):
            continue
        actors = parse_actor_list(text[: words[index].start()].strip(), default_role=role,
                                  is_country=is_country_name)
        if actors:
            return actors, text[words[index].start():]
    return None


def _actor_tail(title: str) -> int | None:
    """Where a body's name starts at the end of a title ("National Cyber Security Week Federal Police"):
    the longest tail that starts with a word bodies' names start with and names a body."""
    words = list(re.finditer(r"\S+", title))
    for index in range(2, len(words)):
        tail = title[words[index].start():]
        if fold(words[index].group()) not in ACTOR_STARTS or not words[index].group()[:1].isupper():
            continue
        if any(fold(word) in ACTOR_WORDS for word in tail.split()) or tail.casefold().startswith("presented by"):
            return words[index].start()
    return None


class ProfileReader:
    """Walks the blocks of one profile and gathers its items, country and as-of date."""

    def __init__(self, blocks: list[Block], *, plain: bool) -> None:
        self.blocks = [piece for block in blocks for piece in split_run_in(block)]
        self.plain = plain
        self.items: list[Item] = []
        self.countries: dict[str, int] = {}
        self.as_of: FuzzyDate | None = None
        self.sections_seen: list[str] = []
        self.warnings: list[str] = []
        self.section: tuple[str, str] | None = None
        self.subsection: tuple[str, str] | None = None
        self.item: Item | None = None
        self.noise: set[int] = set()
        self.actor_lines: set[str] = set()

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
        for item in self.items:
            self._split_title_actors(item)
            if self.plain and not item.points:
                self._unmarked_points(item)

    # -- noise -----------------------------------------------------------------------------
    def _country_header(self, index: int, block: Block) -> bool:
        """A ``## Mexico`` page header (with its ``Last Updated`` line) interrupting the items."""
        name = strip_markup(block.text)
        code = resolve_country(name) if 3 < len(name) <= 60 else None
        if code is None:
            return False
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        updated = following is not None and following.kind == "paragraph" and LAST_UPDATED.match(following.text)
        if not updated and self.section is not None:
            return False
        self.countries[code] = self.countries.get(code, 0) + 1
        if updated and following is not None:
            self.noise.add(index + 1)
            self._last_updated(following)
        return True

    def _last_updated(self, block: Block) -> None:
        match = LAST_UPDATED.match(block.text)
        assert match is not None
        date = parse_date(strip_markup(match.group(1)))
        if date is None:
            self.warnings.append(f"line {block.line_start}: cannot read the 'Last Updated' date {match.group(1)!r}")
            return
        if self.as_of is None or date.sort_key > self.as_of.sort_key:
            self.as_of = date

    # -- structure -------------------------------------------------------------------------
    def _heading(self, index: int, block: Block) -> None:
        if self._country_header(index, block):
            return
        name = strip_markup(block.text)
        section = match_section(name)
        if section is not None:
            self._finish_item()
            self.section, self.subsection = section, None
            self.sections_seen.append(section[0])
            return
        subsection = match_subsection(name)
        if subsection is None and is_decorated(block.text) and self.section is not None:
            subsection = (name.rstrip(" :"), self.section[1])
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
        self.item = Item(kind, self.section[0], self.subsection[0] if self.subsection else None,
                         block.text, block.line_start, block.line_end)

    def _finish_item(self) -> None:
        if self.item is not None:
            self.items.append(self.item)
            self.item = None

    # -- content ---------------------------------------------------------------------------
    def _paragraph(self, block: Block) -> None:
        text = block.text
        if LAST_UPDATED.match(text):
            self._last_updated(block)
            return
        if self.section is None:
            return
        item = self.item
        sources = leading_sources(text)
        dateline = None
        if sources is not None and sources[1]:
            dateline = parse_date_line(strip_markup(sources[1]))
            if dateline is None:
                sources = None  # "Sources of law…": prose that starts with the word
        elif sources is None:
            dateline = parse_date_line(strip_markup(text))
        if item is None or (item.closed and sources is None and dateline is None) or is_bold(text) or (
                item.kind == "membership" and sources is None and dateline is None):
            if sources is not None or dateline is not None:
                self.warnings.append(f"line {block.line_start}: sources or date {text[:60]!r} before any item, "
                                     "left out")
                return
            self._start_item(block)
            return
        if sources is not None:
            item.links.extend(sources[0])
        if dateline is not None:
            if item.dateline is None:
                item.dateline = dateline
            else:
                item.extra_dates.extend(dateline.dates)
        if sources is None and dateline is None:
            self._content(item, text)
        item.line_end = block.line_end

    def _content(self, item: Item, text: str) -> None:
        if item.actors is not None or item.description or item.points:
            item.description.append(text)
            return
        role = ACTOR_ROLES.get(item.kind, "participant")
        actors = parse_actor_list(text, default_role=role, is_country=is_country_name)
        rest = None
        if actors is None and self.plain:
            found = _actor_prefix(text, role)
            if found is not None:
                actors, rest = found
        if actors is None:
            item.description.append(text)
            return
        item.actors = actors
        item.actor_line = text if rest is None else text[: len(text) - len(rest)].strip()
        self.actor_lines.add(strip_markup(text if rest is None else text[: len(text) - len(rest)]).strip())
        if rest:
            item.description.append(rest)

    def _point(self, block: Block) -> None:
        if self.item is None:
            if self.section is not None:
                self.warnings.append(f"line {block.line_start}: list item {block.text[:60]!r} outside any item, "
                                     "left out")
            return
        self.item.points.append(block.text)
        self.item.line_end = block.line_end

    # -- renderings that lose structure ------------------------------------------------------
    def _split_title_actors(self, item: Item) -> None:
        """An actor written on the title's line (PDF exports): ``Title (English) Government of Mexico``."""
        title = strip_markup(item.title)
        role = ACTOR_ROLES.get(item.kind, "participant")
        if item.actors is not None:
            if self.plain and item.actor_line and ")" in title and not title.endswith(")"):
                end = title.rindex(")") + 1  # the actor's name began on the title's line and went on below
                joined = parse_actor_list(f"{title[end:].strip()} {item.actor_line}", default_role=role,
                                          is_country=is_country_name)
                if joined:
                    item.title, item.actors = title[:end], joined
            return
        cut: int | None = None
        for known in sorted(self.actor_lines, key=len, reverse=True):
            if title.endswith(" " + known) and len(title) > len(known) + 3:
                cut = len(title) - len(known)
                break
        if cut is None and self.plain and ")" in title and not title.endswith(")"):
            cut = title.rindex(")") + 1
        if cut is None and self.plain and "(" not in title and item.kind not in ("agency", "cert", "membership"):
            cut = _actor_tail(title)
        if cut is None:
            return
        head, tail = title[:cut].strip(" ,;"), title[cut:].strip(" ,;")
        actors = parse_actor_list(tail, default_role=role, is_country=is_country_name) if tail else None
        rest = None
        if actors is None and tail and self.plain:
            found = _actor_prefix(tail, role)
            if found is not None:
                actors, rest = found
        if actors and head:
            item.title, item.actors = head, actors
            if rest:
                item.description.insert(0, rest)

    def _unmarked_points(self, item: Item) -> None:
        """Bullets that lost their markers: one paragraph each, ending in ";" but the last, or run into
        one paragraph with semicolons."""
        paragraphs = item.description
        start = len(paragraphs) - 1
        while start > 0 and paragraphs[start - 1].endswith(";"):
            start -= 1
        if len(paragraphs) - start >= 2:
            item.description, item.points = paragraphs[:start], paragraphs[start:]
            return
        for index, paragraph in enumerate(paragraphs):
            found = semicolon_points(paragraph)
            if found is None:
                continue
            lead, points = found
            item.description[index:] = [lead] if lead else []
            item.points = points
            return
