"""The text of an ITU profile's sections: page chrome blanked out, then prose paragraphs and list items."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from policyatlas.sources.itu.claims import split_sentences

# Characters str.splitlines() breaks on: blanking keeps them so line numbers do not move.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# Whole lines that are page chrome (web-page excerpts, PDF page furniture, the closing notes).
_CHROME_LINE = re.compile(
    r"(?i)advertisement|\d{1,3}|page\s+\d+\s*(?:of\s*\d+)?|download\s+as\s+(?:pdf|txt|pdf\s+or\s+txt)"
    r"|you\s+are\s+on\s+page\s+\d+\s*of\s*\d+|[-_=]{5,}|disclaimer\s*:.*|more\s+information\s+is\s+available\s+on.*"
    r"|last\s+updated\s+on\b.*"
)
# Chrome inside a line (a profile flattened to one line keeps its page numbers and closing notes).
_CHROME_INLINE = (
    re.compile(r"(?<=[.!?)])[ \t]+(\d{1,2})(?=[ \t]+(?:[12]\.\d|[A-Z]))"),
    re.compile(r"(?<!\S)advertisement(?!\S)"),
    re.compile(r"[-_=]{5,}"),
    re.compile(r"(?i)DISCLAIMER\s*:\s*Please\s+refer\s+to\s+\S+"),
    re.compile(r"(?i)More\s+information\s+is\s+available\s+on\s+ITU\s+website(?:\s+at\s+\S+)?"),
    re.compile(r"(?i)Last\s+updated\s+on\s+[^\n]{0,30}?\d{4}"),
)

# List markers: a dash or bullet at the start of a line, or (inside a list) after a space in a line.
_LEAD_MARKER = re.compile(r"(?:-{1,2}|[\u2022\u00b7\u25aa\u25cf\u25e6\u2013\u2014*])[ \t]*")
_MID_MARKER = re.compile(r"(?<=\s)(?:-{1,2}|[\u2022\u25aa\u25cf])[ \t]?(?=[^\s\-])")
_CONNECTOR_END = re.compile(r"(?:\b(?:of|the|and|or|for|on|to|in|with|by|at|a|an|de|del|la|y)|[,&/(\-])$", re.I)
_CONTACT = re.compile(
    r"(?:e-?mail\s*:?\s*)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+|(?:https?://|www\.)\S+|(?:tel\.?\s*:?\s*)?\+?[\d ()\-]{7,}",
    re.I,
)
_SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|does|do|provides|runs|manages?)\b")
_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with its runs of white space (line breaks too) made single spaces."""
    return _SPACES.sub(" ", text).strip()


class LineIndex:
    """Maps character offsets of a text to its 1-based line numbers (as ``str.splitlines`` counts)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int]] = []
        offset = 0
        for line in text.splitlines(keepends=True):
            self.starts.append(offset)
            self.spans.append((offset, offset + len(line.rstrip("".join(_LINE_BREAKS)))))
            offset += len(line)
        if not self.starts:
            self.starts.append(0)
            self.spans.append((0, 0))

    def line(self, offset: int) -> int:
        """The line the character at ``offset`` is on."""
        return bisect_right(self.starts, offset)


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] not in _LINE_BREAKS:
            chars[index] = " "


def blank_chrome(text: str, index: LineIndex, *, body_start: int, country_names: frozenset[str]) -> str:
    """A copy of the text, of the same length, with page chrome replaced by spaces.

    Whole chrome lines go everywhere; inside the sections (from ``body_start``) a repeated page
    title ("CYBERWELLNESS PROFILE" and the country's name on a line of its own) goes too, and so do
    page numbers and closing notes inside long lines.
    """
    chars = list(text)
    for start, end in index.spans:
        line = text[start:end].strip()
        if not line:
            continue
        if _CHROME_LINE.fullmatch(line) or (start >= body_start and line.casefold() in country_names):
            _blank(chars, start, end)
    names = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(country_names, key=len, reverse=True))
    page_title = re.compile(r"CYBERWELLNESS\s+PROFILE" + (rf"(?:\s+(?i:{names}))?" if names else "") + r"(?!\w)")
    for pattern in (*_CHROME_INLINE, page_title):
        for match in pattern.finditer(text, body_start):
            group = 1 if pattern.groups else 0
            _blank(chars, match.start(group), match.end(group))
    return "".join(chars)


@dataclass
class Unit:
    """A paragraph of prose or one list item of a section, by its offsets in the text."""

    kind: str  # "prose" or "item"
    start: int
    end: int
    dashed: bool = False
    parts: list[tuple[int, int]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def text(self, clean: str) -> str:
        """The unit's text with white space squashed (chrome left out)."""
        return squash(" ".join(clean[start:end] for start, end in self.parts))

    def add(self, start: int, end: int) -> None:
        """Extend the unit by one more piece of text."""
        self.parts.append((start, end))
        self.end = end


def is_contact(text: str) -> bool:
    """True for a list line that is only an e-mail address, a web address or a telephone number."""
    text = text.strip(" .;,")
    if not _CONTACT.fullmatch(text):
        return False
    return "@" in text or "." in text or sum(ch.isdigit() for ch in text) >= 9  # "2012-2015" is no telephone


def _title_like(text: str) -> bool:
    """A line under a list's introduction that reads as the name of an instrument, not as a sentence."""
    words = re.findall(r"[^\W\d_][\w’'\-]*", text)
    if not words or text.endswith(":") or len(words) > 25 or not (text[0].isupper() or text[0] in "§\"“("):
        return False
    if _SENTENCE_VERB.search(text):
        return False
    long_words = [w for w in words if len(w) > 3]
    return not long_words or sum(w[0].isupper() for w in long_words) * 2 >= len(long_words)


def _continues(item: str, line: str, blank_before: bool) -> bool:
    """Whether a line without a list marker carries on the list item above it."""
    strong = item.count("(") > item.count(")") or bool(_CONNECTOR_END.search(item))
    weak = line[:1].islower() or line[:1] in "()&"
    return strong or (weak and not blank_before)


class _Reader:
    """Gathers the units of one section body, piece by piece, as its lines come."""

    def __init__(self, clean: str, width: int) -> None:
        self.clean = clean
        self.width = width
        self.units: list[Unit] = []
        self.current: Unit | None = None

    def text(self) -> str:
        return self.current.text(self.clean) if self.current else ""

    def start(self, kind: str, start: int, end: int, *, dashed: bool = False) -> None:
        self.current = Unit(kind, start, end, dashed)
        self.current.add(start, end)
        self.units.append(self.current)

    def in_list(self) -> bool:
        current = self.current
        return current is not None and (current.kind == "item" or self.text().endswith(":"))

    def plain(self, start: int, end: int, blank_before: bool) -> None:
        """A piece of a line that has no list marker before it."""
        piece = squash(self.clean[start:end])
        current = self.current
        if current is None:
            self.start("prose", start, end)
        elif current.kind == "item":
            last_start, last_end = current.parts[-1]
            first_word = piece.split(" ", 1)[0]
            wrapped = current.dashed and not blank_before and not _SENTENCE_VERB.search(piece) and (
                last_end - last_start + 1 + len(first_word) > self.width)  # the word did not fit on the line
            if _continues(self.text(), piece, blank_before) or wrapped:
                current.add(start, end)  # a dashed item wrapped onto the next line
            elif not current.dashed and _title_like(piece):
                self.start("item", start, end)
            else:
                self.start("prose", start, end)
        elif self.text().endswith(":") and _title_like(piece):
            self.start("item", start, end)
        elif blank_before or self.text().endswith(":"):
            self.start("prose", start, end)
        else:
            current.add(start, end)

    def emit(self, start: int, end: int, *, dashed: bool, blank_before: bool) -> None:
        """A piece of a line, after a list marker (dashed) or not."""
        piece = self.clean[start:end]
        if not piece.strip():
            return
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if dashed:
            self.start("item", start, end, dashed=True)
        else:
            self.plain(start, end, blank_before)

    def line(self, start: int, end: int, blank_before: bool) -> None:
        """One line of the body (or the part of it inside the section)."""
        lead = _LEAD_MARKER.match(self.clean, start, end)
        dashed = lead is not None and lead.end() < end
        segment = lead.end() if lead is not None and dashed else start
        for marker in _MID_MARKER.finditer(self.clean, segment, end):
            if marker.start() <= segment:
                continue
            self.emit(segment, marker.start(), dashed=dashed, blank_before=blank_before)
            blank_before = False
            if self.in_list():
                segment, dashed = marker.end(), True
            else:
                segment, dashed = marker.start(), False
        self.emit(segment, end, dashed=dashed, blank_before=blank_before)


def _sentences_apart(units: list[Unit], clean: str) -> list[Unit]:
    """Prose of a flattened profile, a unit per sentence: its paragraph breaks are gone, and each claim
    ("X is a member of FIRST.") starts a sentence."""
    out: list[Unit] = []
    for unit in units:
        if unit.kind != "prose" or len(unit.parts) != 1:
            out.append(unit)
            continue
        for left, right in split_sentences(clean, unit.start, unit.end):
            piece = Unit("prose", left, right)
            piece.add(left, right)
            out.append(piece)
    return out


def read_units(clean: str, index: LineIndex, start: int, end: int) -> list[Unit]:
    """The prose paragraphs and list items of the text between two headings.

    A line starting with a dash or bullet is a list item, and so is a dash after a space once a
    list has begun (after an introduction ending in ":"); a line without a marker carries on the
    item above when that item is unfinished (an open parenthesis, a trailing "of"…) or the line
    starts in lower case; under an introduction, lines that read as names are items of a list
    without dashes. A blank line ends a paragraph. Items that are only a contact (e-mail, web
    address, telephone) become links of the item before them.
    """
    lengths = sorted(b - a for a, b in index.spans if b > a)
    reader = _Reader(clean, lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0)
    blank_before = False
    first_line = index.line(start) - 1
    for line_start, line_end in index.spans[first_line:]:
        if line_start >= end:
            break
        piece_start, piece_end = max(line_start, start), min(line_end, end)
        piece = clean[piece_start:piece_end]
        if not piece.strip():
            blank_before = True
            continue
        stripped_start = piece_start + len(piece) - len(piece.lstrip())
        stripped_end = piece_end - (len(piece) - len(piece.rstrip()))
        reader.line(stripped_start, stripped_end, blank_before)
        blank_before = False
    flattened = bool(lengths) and lengths[-1] > 2000  # a profile run onto one line: its paragraphs are lost
    units: list[Unit] = []
    for unit in _sentences_apart(reader.units, clean) if flattened else reader.units:
        text = unit.text(clean)
        if not text.strip(" -\u2013\u2014.;,"):
            continue
        if unit.kind == "item" and is_contact(text):
            previous = next((u for u in reversed(units) if u.kind == "item"), None)
            if previous is not None:
                previous.links.append(text.strip(" .;,"))
            continue
        units.append(unit)
    return units
