"""Portal-style national cyber policy profiles, in any rendering (Markdown, HTML, pasted text, PDF), into records."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policyatlas.errors import ParseError, PolicyAtlasError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import parse_date_line
from policyatlas.model.record import Actor, Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.profiles.plain import plain_to_blocks
from policyatlas.sources.profiles.reader import LINK, Item, ProfileReader, leading_sources
from policyatlas.sources.profiles.vocabulary import HEADING_LINE, SECTION_ORDER, match_section, match_subsection
from policyatlas.text.blocks import Block
from policyatlas.text.html_blocks import html_to_blocks
from policyatlas.text.paged import PDF_MEDIA_TYPE, PagedText, is_pdf, pdf_text
from policyatlas.text.text_blocks import text_to_blocks
from policyatlas.text.titles import fold, split_title, strip_markup

_HTML_HINT = re.compile(rb"<\s*(?:!doctype|html|body|h[1-6]|p|div|ul|li)\b", re.I)
_MARKDOWN_HINT = re.compile(r"(?m)^\s{0,3}#{1,6}\s+\S|\]\([^)\s]*\)|^\s*\*\*\S")
_DETECT_CHARS = 200_000
_TERMINAL = ".;:!?)]”\""


@dataclass(frozen=True)
class _Rendering:
    """A profile's text and how it is written: ``markdown``, ``html``, ``plain`` (pasted) or ``pdf``."""

    text: str
    form: str
    media_type: str
    pages: PagedText | None = None

    def blocks(self) -> list[Block]:
        if self.form == "html":
            return html_to_blocks(self.text)
        if self.form == "markdown":
            return text_to_blocks(self.text)
        return plain_to_blocks(self.text)


def _rendering(data: bytes, origin: str) -> _Rendering:
    if is_pdf(data):
        paged = pdf_text(data, origin)
        return _Rendering(paged.text, "pdf", PDF_MEDIA_TYPE, paged)
    text = decode_text(data, origin)
    if _HTML_HINT.search(data[:4096]):
        return _Rendering(text, "html", "text/html")
    if _MARKDOWN_HINT.search(text[:_DETECT_CHARS]):
        return _Rendering(text, "markdown", "text/markdown")
    return _Rendering(text, "plain", "text/plain")


def _structure(blocks: list[Block]) -> tuple[set[str], set[str], int]:
    """The sections and lists a profile's headings name, and how many lines give its sources."""
    sections: set[str] = set()
    lists: set[str] = set()
    sources = 0
    for block in blocks:
        if block.kind == "heading":
            if (section := match_section(block.text)) is not None:
                sections.add(section[0])
            elif (listed := match_subsection(block.text)) is not None:
                lists.add(listed[0])
        elif block.kind == "paragraph" and len(block.text) <= 200 and (found := leading_sources(block.text)):
            rest = strip_markup(found[1])
            if not rest or parse_date_line(rest) is not None:
                sources += 1
    return sections, lists, sources


def _to_record(item: Item, country: str, pages: PagedText | None) -> Record:
    title = split_title(item.title)
    actors = [Actor(name, role) for name, role in item.actors or []]
    if title.country_role:
        country_name = get_country(country)
        actors.append(Actor(country_name.name if country_name else country, title.country_role))
    description_links: list[Link] = []
    paragraphs = []
    for paragraph in item.description:
        description_links.extend(Link(strip_markup(label), url) for label, url in LINK.findall(paragraph))
        paragraphs.append(strip_markup(LINK.sub(lambda m: m.group(1), paragraph)))
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
        page_start=pages.page_of(item.line_start) if pages else None,
        page_end=pages.page_of(item.line_end) if pages else None,
        extra=extra,
    )


def _completeness(reader: ProfileReader) -> list[str]:
    """Warnings for a partial profile: sections missing, out of order, or an item cut short."""
    seen = reader.sections_seen
    warnings: list[str] = []
    missing = [name for name in SECTION_ORDER if name not in seen]
    if missing:
        warnings.append(f"partial profile: it has {len(set(seen))} of the portal's {len(SECTION_ORDER)} sections "
                        f"({', '.join(dict.fromkeys(seen))}); missing: {', '.join(missing)}")
    positions = [SECTION_ORDER.index(name) for name in seen]
    for before, after, name in zip(positions, positions[1:], seen[1:], strict=False):
        if after <= before:
            warnings.append(f"section {name!r} is out of the portal's order or repeated")
    last = reader.blocks[-1] if reader.blocks else None
    item = reader.items[-1] if reader.items else None
    if last is not None and item is not None and last.line_start <= item.line_end:
        text = last.text.rstrip()
        cut = text.count("**") % 2 or text.count("(") > text.count(")") or text.count("[") > text.count("]")
        if cut or (not item.closed and last.kind != "heading" and text[-1:] not in _TERMINAL
                   and item.kind != "membership"):
            warnings.append(f"profile looks cut mid-item: the last item {strip_markup(item.title)[:60]!r} "
                            f"(line {item.line_start}) ends at line {last.line_end} without its end; "
                            "it is kept with what it has")
    return warnings


def _country(reader: ProfileReader, text: str, options: ParseOptions, origin: str) -> tuple[str, list[str]]:
    if len(reader.countries) > 1:
        raise ParseError(f"profile names several countries in its headers: {sorted(reader.countries)}", path=origin)
    if reader.countries:
        return next(iter(reader.countries)), []
    if options.country:
        return options.country, []
    mentions: Counter[str] = Counter()
    for match in re.finditer(r"\b(?:of|de|del)[ \t]+([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})", text[:_DETECT_CHARS]):
        words = match.group(1).split()
        for count in range(len(words), 0, -1):
            code = resolve_country(" ".join(words[:count]))
            if code is not None:
                mentions[code] += 1
                break
    if mentions:
        code, count = mentions.most_common(1)[0]
        return code, [f"no page header names the country: {code} is the one the items name most ({count} times); "
                      "pass --country if it is not"]
    raise ParseError("cannot tell which country the profile is about (no '## <Country>' page header; "
                     "pass --country)", path=origin)


class CountryProfileParser:
    """The portal's country profile: sections of strategies, agencies, CERT, laws, cooperation…"""

    kind = "country-profile"
    description = "Portal-style national cyber policy profile (Markdown, HTML, text pasted from the page, or PDF)"

    def detect(self, data: bytes, name: str) -> bool:
        """Three of the portal's sections, or one section with its lists and sources (a partial profile)."""
        if not is_pdf(data):
            head = data[: 4 * _DETECT_CHARS].decode("utf-8", errors="ignore")
            if len({fold(m.group(1)) for m in HEADING_LINE.finditer(head)}) < 2:
                return False  # the portal's section and list names, each on a line (or in a tag) of its own
        try:
            rendering = _rendering(data, name)
        except PolicyAtlasError:
            return False
        blocks = _Rendering(rendering.text[:_DETECT_CHARS], rendering.form, rendering.media_type).blocks()
        sections, lists, sources = _structure(blocks)
        return (len(sections) >= 3 and sources >= 1) or (len(sections) + len(lists) >= 2 and sources >= 2)

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        """Read a profile; a partial one gives the records it holds and warnings naming what is missing.

        Raises:
            ParseError: none of the portal's sections is there, or the country cannot be told.
        """
        rendering = _rendering(data, origin)
        reader = ProfileReader(rendering.blocks(), plain=rendering.form in ("plain", "pdf"))
        reader.read()
        if not reader.sections_seen:
            raise ParseError("not a portal country profile: none of its section headings "
                             f"({', '.join(SECTION_ORDER)}) was found", path=origin)
        country, notes = _country(reader, rendering.text, options, origin)
        records = tuple(_to_record(item, country, rendering.pages) for item in reader.items)
        info = get_country(country)
        return ParsedSource(
            format=self.kind,
            media_type=rendering.media_type,
            text=rendering.text,
            records=records,
            lineage=f"{self.kind}/{country}",
            country=country,
            language="en",
            title=f"{info.name if info else country}: national cyber policy profile",
            as_of=reader.as_of,
            warnings=tuple(reader.warnings + notes + _completeness(reader)),
        )
