"""ITU "Cyberwellness Profile" country texts (numbered sections 1.1 … 2.4) into records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.errors import ParseError, PolicyAtlasError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate, parse_date
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.itu.body import LineIndex, Unit, blank_chrome, read_units, squash
from policyatlas.sources.itu.claims import split_sentences
from policyatlas.sources.itu.records import Context, section_records
from policyatlas.sources.itu.sections import Heading, find_headings

_TITLE = re.compile(r"CYBERWELLNESS\s+PROFILE\b[ \t]*(?P<rest>[^\n]*)")
_UPDATED = re.compile(r"(?i)last\s+updated\s*(?:on)?\s*:?\s*(?P<date>[^\n]{0,40})")
_END_MARKER = re.compile(r"(?i)last\s+updated\s+on|DISCLAIMER\s*:")
_PARTIAL_HEADING = re.compile(
    r"(?:^|\s)(?P<heading>[12]\.\d(?:\.\d)?\.?(?:[ \t]+[A-Z][A-Z&/\-]*)*|[12]\.[ \t]+[A-Z][A-Z&/\-]*(?:[ \t]+[A-Z&/\-]+)*)"
    r"\s*$"
)
_FINAL_AREA = "reporting_mechanism"
_TERMINAL = frozenset(".!?)\"”’")
# Headings too common in other documents to tell an ITU profile by themselves.
_COMMON_TITLES = frozenset({"Cybersecurity", "Cooperation", "Policy", "Standards", "Certification",
                            "National Legislation", "CIRT"})
_DETECT_CHARS = 200_000


def _country_in(line: str) -> tuple[str, str] | None:
    """The country a title line names ("REPUBLIC OF CHILE", "URUGUAY BACKGROUND …"): code and the name as written."""
    words = line.replace("\u00a0", " ").split()
    for count in range(min(6, len(words)), 0, -1):
        name = " ".join(words[:count]).strip(" ,.:;-")
        if len(name) > 3 and (code := resolve_country(name)) is not None:
            return code, name
    return None


def _find_country(text: str) -> tuple[str, str] | None:
    for match in _TITLE.finditer(text):
        candidates = [match.group("rest")]
        candidates += [line for line in text[match.end():].splitlines()[:8] if line.strip()][:2]
        for candidate in candidates:
            found = _country_in(candidate)
            if found is not None:
                return found
    return None


def _identify(text: str, origin: str, options: ParseOptions) -> tuple[str, str, str, list[str]]:
    """The profile's country: its code, its name as the title writes it, its English name, and warnings."""
    found = _find_country(text)
    wanted = options.country.upper() if options.country else None
    if found is None and wanted:
        found = (wanted, wanted)
    if found is None:
        raise ParseError("cannot tell which country the profile is about (no 'CYBERWELLNESS PROFILE <COUNTRY>' "
                         "title; pass --country)", path=origin)
    code, written = found
    info = get_country(code)
    if info is None:
        raise ParseError(f"unknown country code {code!r}", path=origin)
    warnings = [f"the profile's title names {written!r} ({code}), not {wanted}"] if wanted and wanted != code else []
    return code, written, info.name, warnings


def _find_as_of(text: str) -> tuple[FuzzyDate | None, str | None]:
    match = _UPDATED.search(text)
    if match is None:
        return None, None
    raw = match.group("date")
    year = re.search(r"^.*?\b(?:19|20)\d{2}\b", raw)
    date = parse_date(year.group(0)) if year else None
    if date is None:
        return None, f"cannot read the 'Last updated' date {squash(raw)!r}"
    return date, None


@dataclass
class _Truncation:
    """Where a truncated profile stops, and what was cut."""

    end: int
    mid_sentence: bool
    heading: str | None


def _truncation(text: str, clean: str, last: Heading) -> _Truncation | None:
    """How the profile's text ends after its last heading, or None when it is complete."""
    if _END_MARKER.search(text, last.start):
        return None
    end = len(clean.rstrip())
    partial = _PARTIAL_HEADING.search(clean, last.end, max(end, last.end))
    heading = None
    if partial is not None:
        heading = squash(partial.group("heading"))
        end = len(clean[: partial.start("heading")].rstrip())
    body = clean[last.end : end].strip()
    mid = bool(body) and body[-1] not in _TERMINAL
    if body and not mid and heading is None and last.spec.area == _FINAL_AREA:
        return None  # ends cleanly in the template's last section: nothing is missing
    return _Truncation(max(end, last.end), mid, heading)


def _drop_unfinished(units: list[Unit], clean: str) -> None:
    """Leave out the sentence or list item the truncation cut (keep the complete sentences before it)."""
    if not units:
        return
    last = units[-1]
    if last.kind == "item":
        units.pop()
        return
    sentences = split_sentences(clean, last.start, last.end)
    if len(sentences) <= 1:
        units.pop()
        return
    keep_end = sentences[-2][1]
    last.parts = [(start, min(end, keep_end)) for start, end in last.parts if start < keep_end]
    last.end = keep_end


def _warning(truncation: _Truncation, last: Heading, index: LineIndex, clean: str) -> str:
    line = index.line(max(0, truncation.end - 1))
    if truncation.heading is not None and not truncation.mid_sentence:
        return (f"profile is truncated: the text stops at line {line} inside a section heading "
                f"({truncation.heading!r}) after section {last.label}; later sections are missing")
    if truncation.mid_sentence:
        tail = squash(clean[max(last.end, truncation.end - 40) : truncation.end])
        return (f"profile is truncated: the text stops mid-sentence at line {line} in section {last.label} "
                f"(…{tail!r}); the unfinished sentence or item was left out and later sections are missing")
    return (f"profile looks truncated: it has no 'Last updated' line and ends at line {line} in section "
            f"{last.label}; later sections are missing")


class ItuProfileParser:
    """ITU Cyberwellness profiles: laws, CIRTs, standards, strategy, agency, capacity building, cooperation, COP."""

    kind = "itu-profile"
    description = "ITU Cyberwellness country profile (plain text with numbered sections 1.1 … 2.4)"

    def detect(self, data: bytes, name: str) -> bool:
        """True when the text carries the ITU title with a numbered heading, or three distinctive headings."""
        try:
            text = decode_text(data, name, fallbacks=("gb18030",))[:_DETECT_CHARS]
        except PolicyAtlasError:
            return False
        if text.lstrip().startswith(("{", "[")) or "policyatlas-dataset" in text:
            return False
        headings = find_headings(text)
        distinctive = {h.spec.label for h in headings if h.known and h.upper and h.spec.label not in _COMMON_TITLES}
        return ("CYBERWELLNESS PROFILE" in text and any(h.known for h in headings)) or len(distinctive) >= 3

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        """Read a profile: country from its title, as-of date from "Last updated on", records by section.

        Raises:
            ParseError: no numbered ITU section heading, no readable section, or no country.
        """
        text = decode_text(data, origin, fallbacks=("gb18030",))
        headings = find_headings(text)
        if not headings:
            raise ParseError("not an ITU Cyberwellness profile: no numbered section heading such as "
                             "'1.1 LEGAL MEASURES' or '1.2.1 CIRT' was found", path=origin)
        code, written, country_name, warnings = _identify(text, origin, options)
        as_of, problem = _find_as_of(text)
        if problem:
            warnings.append(problem)
        index = LineIndex(text)
        clean = blank_chrome(text, index, body_start=headings[0].start,
                             country_names=frozenset({squash(written).casefold(), country_name.casefold()}))
        last = headings[-1]
        truncation = _truncation(text, clean, last)
        context = Context(code, country_name, clean, index, lambda name: resolve_country(name) is not None)
        records: list[Record] = []
        readable = 0
        for position, heading in enumerate(headings):
            is_last = position + 1 == len(headings)
            end = headings[position + 1].start if not is_last else (truncation.end if truncation else len(clean))
            units = read_units(clean, index, heading.end, end)
            if is_last and truncation is not None and truncation.mid_sentence:
                _drop_unfinished(units, clean)
            readable += bool(units)
            pillar = next((h.label for h in reversed(headings[:position]) if h.depth < heading.depth), None)
            records.extend(section_records(heading, pillar, units, context))
        if truncation is not None:
            warnings.append(_warning(truncation, last, index, clean))
        if not readable:
            raise ParseError("ITU profile has section headings but no readable section content", path=origin,
                             line=index.line(headings[0].start))
        return ParsedSource(
            format=self.kind,
            media_type="text/plain",
            text=text,
            records=tuple(records),
            lineage=f"{self.kind}/{code}",
            country=code,
            language="en",
            title=f"ITU Cyberwellness Profile: {country_name}",
            as_of=as_of,
            publisher="International Telecommunication Union (ITU)",
            warnings=tuple(warnings),
        )
