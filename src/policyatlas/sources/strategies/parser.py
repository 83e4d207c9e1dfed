"""National cybersecurity strategy documents (plain text, PDF, DOCX) into a strategy record and its sections."""

from __future__ import annotations

import re
from collections import Counter

from policyatlas.errors import InputError, ParseError
from policyatlas.model.country import get_country
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.strategies.country import country_mentions
from policyatlas.sources.strategies.facts import (
    AdoptionFound,
    find_adoption,
    find_titles,
    is_draft,
    says_adopted,
)
from policyatlas.sources.strategies.sections import Section, split_sections
from policyatlas.text.language import identify_language
from policyatlas.text.paged import (
    DOCX_MEDIA_TYPE,
    PDF_MEDIA_TYPE,
    PagedText,
    docx_text,
    is_docx,
    is_pdf,
    pdf_text,
    plain_text_pages,
)
from policyatlas.text.titles import fold

UNTITLED = "Untitled strategy document"
_DESCRIPTION_LENGTH = 300
_MIN_LETTERS = 200
# What a strategy document speaks of (folded text): cyber security, and a strategy or policy.
_CYBER_WORDS = re.compile(
    r"cyber ?secur|cyber ?space|cyber ?attack|cybercrim|ciberseguridad|ciberespacio|seguridad de la informacion|"
    r"cybersecurite|cyber securite|securite numerique|cyberespace|кибербезопасност|информационн\w* безопасност|"
    r"κυβερνοασφαλει|kiberdrosib|kibernetin\w* saugum|information security|cibersegurança|cybersicherheit"
)
_STRATEGY_WORDS = re.compile(
    r"\b(?:strateg(?:y|ies|ie|ia|ija)|estrategia|стратеги\w*|στρατηγικ\w*|polic(?:y|ies)|politica|politique|"
    r"политик\w*|masterplan|programme|concept|концепци\w*|doctrine|доктрин\w*)\b"
)
# A strategy named on the first lines: enough for a short text to be claimed.
_STRONG_TITLE = re.compile(
    r"(?:national )?cyber ?security strategy|estrategia (?:nacional )?de ciberseguridad|"
    r"strategie nationale de (?:cybersecurite|securite numerique)|стратеги\w* кибербезопасности|"
    r"στρατηγικ\w* κυβερνοασφαλειας|kiberdrosibas strategija"
)
_PROFILE_HEADING = re.compile(r"^#{1,6}\s*\**\s*(?:cyber\s*security policy|legal framework|structure|cooperation|"
                              r"membership|select activities)\b", re.IGNORECASE | re.MULTILINE)
_SUMMARY_SECTIONS = frozenset(fold(name) for name in (
    "executive summary|summary|résumé exécutif|synthèse|resumen ejecutivo|resumen|introduction|introducción|"
    "введение|εισαγωγή|ievads|foreword|preface|avant-propos|preámbulo"
).split("|"))


def _looks_like_other_format(text: str) -> bool:
    """Portal profiles, ITU cyberwellness profiles, our YAML dataset, JSON, tables, HTML."""
    head = text[:4096]
    stripped = head.lstrip()
    if stripped[:1] in {"{", "["} or "format: policyatlas-dataset" in head:
        return True
    if "CYBERWELLNESS PROFILE" in text[:2000].upper() or len(_PROFILE_HEADING.findall(text)) >= 2:
        return True
    if re.match(r"(?i)<(?:!doctype|html|\?xml)", stripped):
        return True
    first = [line for line in head.splitlines() if line.strip()][:5]
    return len(first) >= 3 and all(line.count(",") >= 3 or line.count("\t") >= 2 for line in first)


class StrategyDocumentParser:
    """A national cybersecurity strategy (or policy) document: its title, country, language, adoption
    date and sections, from plain text, PDF (pypdf) or DOCX (python-docx)."""

    kind = "strategy-document"
    description = "National cybersecurity strategy document (plain text, PDF or DOCX)"

    def detect(self, data: bytes, name: str) -> bool:
        """PDF and DOCX files, and long texts on cyber security that name a strategy or policy."""
        if is_pdf(data) or is_docx(data):
            return True
        try:
            text, _ = _decode(data, name)
        except Exception:
            return False
        if len(text) < 2000 or _looks_like_other_format(text):
            return False
        folded = fold(text[:200_000])
        if not _CYBER_WORDS.search(folded) or not _STRATEGY_WORDS.search(folded):
            return False
        return len(text) >= 5000 or bool(_STRONG_TITLE.search(fold(text[:2000])))

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        """Read the document; raise ParseError when a PDF/DOCX cannot be read or has no text."""
        if is_pdf(data):
            paged, media_type = pdf_text(data, origin), PDF_MEDIA_TYPE
        elif is_docx(data):
            paged, media_type = docx_text(data, origin), DOCX_MEDIA_TYPE
        else:
            decoded, notes = _decode(data, origin)
            paged, media_type = plain_text_pages(decoded), "text/plain"
        text = paged.text
        letters = sum(ch.isalpha() for ch in text)
        if letters < _MIN_LETTERS:
            raise ParseError(f"document has too little text to be a strategy ({letters} letters)", path=origin)
        reading = _Reading(paged, media_type, options)
        if media_type == "text/plain":
            reading.warnings.extend(notes)
        return reading.source(self.kind)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode(data: bytes, origin: str) -> tuple[str, list[str]]:
    """The text of a plain-text document, as ``decode_text`` reads it; PDF extractions often carry
    control characters (bullets as BEL or BS): those become spaces, with a warning, rather than
    the text being refused as binary."""
    try:
        return decode_text(data, origin), []
    except InputError as exc:
        if "control characters" not in exc.message:
            raise
    text = data.decode("utf-8-sig")  # decode_text has just checked that the bytes are UTF-8
    count = len(_CONTROL.findall(text))
    return _CONTROL.sub(" ", text), [f"{count} control character(s) replaced by spaces"]


class _Reading:
    """One document being read: its text, lines, pages and what the cover says."""

    def __init__(self, paged: PagedText, media_type: str, options: ParseOptions) -> None:
        self.paged = paged
        self.media_type = media_type
        self.lines = paged.text.splitlines()
        self.warnings: list[str] = []
        self.language = identify_language(paged.text)
        self.mentions: Counter[str] = country_mentions(paged.text, self.language)
        self.country = options.country.upper() if options.country else self._country()
        self.title, self.title_en = find_titles(self.lines, self.language)
        self.adoption = find_adoption(self.lines, self.title)
        self.draft = is_draft(self.lines)
        self.adopted = says_adopted(self.lines) and not self.draft
        self.sections = split_sections(paged.text)
        if paged.empty_pages:
            pages = ", ".join(map(str, paged.empty_pages[:10])) + ("…" if len(paged.empty_pages) > 10 else "")
            self.warnings.append(f"{len(paged.empty_pages)} page(s) without a text layer (scanned?): {pages}")
        if self.language is None:
            self.warnings.append("cannot tell the document's language")
        if self.title is None:
            self.warnings.append(f"no title found on the first pages (the record is named {UNTITLED!r})")
        if self.adoption is None:
            self.warnings.append("no date of adoption or publication found")

    def _country(self) -> str | None:
        ranked = self.mentions.most_common(2)
        if not ranked:
            self.warnings.append("cannot tell which country the document is about (no country named); pass --country")
            return None
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            self.warnings.append(f"country uncertain: {ranked[0][0]} ({ranked[0][1]} weighted mentions) "
                                 f"before {ranked[1][0]} ({ranked[1][1]})")
        return ranked[0][0]

    def _pages(self, line_start: int, line_end: int) -> tuple[int | None, int | None]:
        return self.paged.page_of(line_start), self.paged.page_of(line_end)

    def _strategy_record(self) -> Record:
        title, adoption = self.title, self.adoption
        summary = next((s for s in self.sections if _bare_title(s) in _SUMMARY_SECTIONS and s.body), None)
        page_start, page_end = self._pages(1, max(1, len(self.lines)))
        extra: dict[str, object] = {
            "draft": self.draft,
            "title_lines": [title.line_start, title.line_end] if title else None,
            "date_found_by": adoption.how if adoption else None,
            "date_line": adoption.line if adoption else None,
            "country_mentions": dict(self.mentions.most_common(3)),
        }
        return Record(
            kind="strategy",
            country=self.country,
            section="Document",
            title=title.title if title else UNTITLED,
            title_en=self.title_en,
            title_language=(title.language or self.language) if title else None,
            dates=(adoption.date,) if adoption else (),
            date_note=_date_note(adoption),
            description=_excerpt(summary.body) if summary else None,
            status="in_force" if self.adopted else None,
            line_start=1,
            line_end=max(1, len(self.lines)),
            page_start=page_start,
            page_end=page_end,
            attributes={"language": self.language, "sections": len(self.sections)},
            extra=extra,
        )

    def _section_records(self) -> list[Record]:
        records = []
        chapter: Section | None = None
        for section in self.sections:
            if section.level == 1:
                chapter = section
            page_start, page_end = self._pages(section.line_start, section.line_end)
            records.append(Record(
                kind="document_section",
                country=self.country,
                section=chapter.title if chapter else section.title,
                title=section.title,
                description=_excerpt(section.body) or None,
                line_start=section.line_start,
                line_end=section.line_end,
                page_start=page_start,
                page_end=page_end,
                attributes={"level": section.level, "number": section.number},
            ))
        return records

    def source(self, kind: str) -> ParsedSource:
        strategy = self._strategy_record()
        year = self.adoption.date.value[:4] if self.adoption and self.adoption.date.value else "undated"
        slug = re.sub(r"[^\w]+", "-", fold(strategy.title)).strip("-")[:80] or "untitled"
        country = get_country(self.country) if self.country else None
        return ParsedSource(
            format=kind,
            media_type=self.media_type,
            text=self.paged.text,
            records=(strategy, *self._section_records()),
            lineage=f"{kind}/{self.country or 'XX'}/{year}/{slug}",
            country=self.country,
            language=self.language,
            title=self.title.title if self.title else None,
            as_of=self.adoption.date if self.adoption else None,
            publisher=None,
            warnings=tuple(self.warnings) + ((f"country {self.country} is not an ISO 3166 code",)
                                             if self.country and country is None else ()),
        )


def _bare_title(section: Section) -> str:
    """A section's title folded, without its number ("1. Introduction" gives "introduction")."""
    title = section.title[len(section.number):] if section.number else section.title
    return fold(title)


def _date_note(adoption: AdoptionFound | None) -> str | None:
    if adoption is None:
        return None
    return f"{adoption.how} (line {adoption.line})"


def _excerpt(body: str) -> str:
    """The first ~300 characters of a section's body, cut at a word."""
    if len(body) <= _DESCRIPTION_LENGTH:
        return body
    cut = body[:_DESCRIPTION_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


