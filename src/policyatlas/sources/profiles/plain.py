"""Read a profile that carries no markup (pasted from the web page, or extracted from its PDF export) into blocks.

Text extracted from a PDF has lines wrapped at the page's width, words hyphenated across lines, page
headers and footers in the middle of items and bullets of any glyph; text pasted from the page has one
paragraph per line and may have no blank lines at all. Both become the blocks a Markdown profile gives:
headings by their names (the portal's sections and lists), list items by their markers, and paragraphs
re-flowed from their lines. Every block keeps the lines it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from policyatlas.model.country import resolve_country
from policyatlas.model.dates import parse_date_line
from policyatlas.sources.profiles.vocabulary import (
    LAST_UPDATED,
    is_decorated,
    match_section,
    match_subsection,
    split_source_line,
)
from policyatlas.text.blocks import Block, BlockKind

_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣○■□➢►]|[-–—*+](?=\s))\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_PAGE_NUMBER = re.compile(r"(?:page|página|p\.)?\s*\d{1,4}(?:\s*(?:/|of|de)\s*\d{1,4})?", re.I)
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+")
_TIMESTAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\b.*")
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad]$")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[-\u00ad]$")
_WORD_AFTER = re.compile(r"^([^\W\d_]+)")
_CONNECTOR_END = re.compile(r"(?:[,(/&–—•-]|\b(?:of|the|and|or|for|on|to|in|with|by|at|a|an|de|del|la|las|los|el|y|e|"
                            r"en|para|por|sobre|da|do|das|dos|et|du|des|le|les))$", re.I)
_SPACES = re.compile(r"\s+")
# Prefixes after which a hyphen at the end of a line belongs to the word ("co-sponsor", "Inter-American").
_KEPT_PREFIXES = frozenset("co non anti inter intra multi cross self ex vice pre post e cyber sub counter "
                           "bi tri semi quasi pseudo socio".split())


_NARROW = frozenset("ijlftrI.,;:'’!|()[] ")
_WIDE = frozenset("mwMW@%")


def _width(text: str) -> float:
    """A line's printed width in average letters: proportional fonts set "ill" narrower than "MW"."""
    return sum(0.5 if ch in _NARROW else 1.5 if ch in _WIDE else 1.2 if ch.isupper() else 1.0 for ch in text)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class _Line:
    number: int
    text: str
    raw: str = ""
    kind: str = "text"  # text, blank, heading, bullet, numbered, source, date, chrome
    level: int = 0


@dataclass
class _Open:
    """A block being gathered from lines (kept as pieces, joined once: a long block stays linear)."""

    kind: BlockKind
    start: int
    end: int
    parts: list[str] = field(default_factory=list)
    level: int = 0
    last_line: str = ""
    glue: list[str] = field(default_factory=list)
    depth: int = 0  # parentheses opened and not closed

    def add(self, text: str, glue: str = " ") -> None:
        self.parts.append(text)
        self.glue.append(glue if len(self.parts) > 1 else "")
        self.depth += text.count("(") - text.count(")")

    def text(self) -> str:
        return "".join(g + p for g, p in zip(self.glue, self.parts, strict=True))


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", _clean(text).casefold())


def _is_chrome(text: str, repeated: bool) -> bool:
    """Page furniture: page numbers, a bare address, a print time stamp, a line repeated with a counter."""
    if _PAGE_NUMBER.fullmatch(text) or _URL_ONLY.fullmatch(text) or _TIMESTAMP.fullmatch(text):
        return True
    return repeated and bool(re.search(r"\d", text)) and len(text) <= 120


def _header_country(text: str) -> str | None:
    """The country a page header names (``Mexico``, ``Mexico | Cyber Policy Portal``)."""
    head = re.split(r"\s+[|–—-]\s+", text, maxsplit=1)[0].strip(" #*")
    return resolve_country(head) if 3 < len(head) <= 60 else None


def _classify(lines: list[_Line]) -> list[Block]:
    """Mark each line's kind; return the page-header blocks (country and "Last Updated"), each once."""
    signatures = Counter(_signature(line.text) for line in lines if line.text)
    header: list[Block] = []
    seen_headers: set[str] = set()
    first_section = next((i for i, line in enumerate(lines) if match_section(line.text)), len(lines))
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            line.kind = "blank"
            continue
        repeated = signatures[_signature(text)] >= 2
        lowered = text.casefold()
        dated = "updat" in lowered or "actualiz" in lowered
        updated = LAST_UPDATED.match(text) if dated else None
        country = _header_country(text) if len(text) <= 80 and text[:1].isupper() and len(text.split()) <= 8 else None
        inline = re.match(r"^(?P<c>.{4,60}?)\s+(?P<u>(?:last updated|last update|última actualización)\b.*)$", text,
                          re.I) if dated else None
        if inline and _header_country(inline.group("c")) and LAST_UPDATED.match(inline.group("u")):
            country, updated = _header_country(inline.group("c")), LAST_UPDATED.match(inline.group("u"))
        following = next((other.text for other in lines[index + 1:index + 3] if other.text), "")
        if country is not None and not (index < first_section or LAST_UPDATED.match(following)):
            country = None
        if updated is not None or country is not None:
            line.kind = "chrome"
            key = f"{country or ''}|{updated.group(1) if updated else ''}"
            if key not in seen_headers:
                seen_headers.add(key)
                if country is not None:
                    header.append(Block("heading", _clean(text if not inline else inline.group("c")), line.number,
                                        line.number, 2))
                if updated is not None:
                    header.append(Block("paragraph", _clean(updated.group(0)), line.number, line.number))
            continue
        if _is_source_line(text):
            line.kind = "source"
        elif _is_date_line(text):
            line.kind = "date"
        elif _is_chrome(text, repeated):
            line.kind = "chrome"
        elif (match_section(text) or match_subsection(text) or is_decorated(text)) and len(text) <= 80 and not any(
                ch.islower() for ch in text[:1] + text.lstrip("✓🌐•*#_ ")[:1]):
            line.kind = "heading"
            line.level = 2 if match_section(text) else 3
        elif _BULLET.match(text):
            line.kind = "bullet"
        elif _NUMBERED.match(text):
            line.kind = "numbered"
    return header


def _is_date_line(text: str) -> bool:
    """A line that is an item's date ("31 January 2005 (amended 20 May 2021)"), not a title that starts
    with years ("2020-2024 (National Sectorial Program on …")."""
    return (len(text) <= 100 and any(ch.isdigit() for ch in text) and text.count("(") == text.count(")")
            and parse_date_line(text) is not None)


def _is_source_line(text: str) -> bool:
    found = split_source_line(text)
    return found is not None and (not found[1] or _is_date_line(found[1]))


@dataclass(frozen=True)
class _Wrap:
    """How a text was wrapped: the measure of a line's width (characters, or printed width) and the width."""

    measure: Callable[[str], float]
    width: float

    def fits(self, line: str, word: str) -> bool:
        """Whether ``word`` would have fitted at the end of ``line`` (then the line was not wrapped there)."""
        return self.measure(f"{line} {word}") <= self.width


def _char_count(text: str) -> float:
    return float(len(text))


def _wrap_of(lines: list[_Line]) -> _Wrap | None:
    """How the text was wrapped, or None when its lines are not wrapped (one paragraph per line).

    Text is wrapped when sentences go on from one line to the next (a line ending in a hyphenated word
    or without punctuation before a line in lower case). Those lines tell the width: each is at most
    as wide as the page, and would not have been with the next line's first word. The measure that
    fits them best (characters for a monospaced layout, printed width for proportional fonts) is kept.
    """
    texts = sum(1 for line in lines if line.kind in ("text", "bullet", "numbered"))
    pairs = [(above.raw, below.text.split(" ", 1)[0]) for above, below in zip(lines, lines[1:], strict=False)
             if above.kind in ("text", "bullet", "numbered") and below.kind == "text"
             and (_HYPHEN_END.search(above.text) or (below.text[:1].islower() and above.text[-1:].isalnum()))]
    if texts < 4 or len(pairs) < max(2, 0.03 * texts):
        return None
    best: tuple[float, _Wrap] | None = None
    for measure in (_char_count, _width):
        lows = sorted(measure(above) for above, _ in pairs)
        width = lows[int(0.9 * (len(lows) - 1))]
        misses = sum(1 for above, word in pairs if measure(f"{above} {word}") <= width)
        if best is None or misses < best[0]:
            best = (misses, _Wrap(measure, width))
    return best[1] if best else None


def _keeps_hyphen(before: str, after: str, vocabulary: set[str]) -> bool:
    """Whether a word split at a line's end keeps its hyphen: "pro-" + "mote" is "promote", "co-" + "sponsor"
    stays "co-sponsor" (the document's own spelling decides first, then the prefix)."""
    head = _WORD_BEFORE.search(before[-80:])
    tail = _WORD_AFTER.match(after[:80])
    if head is None or tail is None:
        return True
    first, second = head.group(1), tail.group(1)
    joined, hyphened = f"{first}{second}".casefold(), f"{first}-{second}".casefold()
    return hyphened in vocabulary or (joined not in vocabulary and (
        first.casefold() in _KEPT_PREFIXES or second[:1].isupper()))


def _continues(previous: _Open, line: _Line, wrap: _Wrap | None) -> bool:
    """Whether a text line goes on with the block above it (a wrapped line) rather than starting a new one:
    brackets left open, a word cut with a hyphen, a line ending in a small word, or (in wrapped text) a next
    line whose first word would not have fitted on the line above."""
    text = previous.parts[-1]
    if previous.depth > 0 or _HYPHEN_END.search(text):
        return True
    if wrap is None:
        return False
    if line.text[:1].islower() or line.text[:1] in "()" or _CONNECTOR_END.search(text):
        return True
    if text.endswith(")") and line.text[:1].isupper():
        return False  # a title ends with its translation or acronym
    return not wrap.fits(previous.last_line, line.text.split(" ", 1)[0])


def _absorb_page_breaks(lines: list[_Line]) -> None:
    """Blank lines around page furniture belong to the page break: a paragraph goes on across it."""
    index = 0
    while index < len(lines):
        if lines[index].kind not in ("blank", "chrome"):
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].kind in ("blank", "chrome"):
            end += 1
        if any(line.kind == "chrome" for line in lines[index:end]):
            for line in lines[index:end]:
                line.kind = "chrome"
        index = end


def plain_to_blocks(text: str) -> list[Block]:
    """Split text without markup into headings, paragraphs and list items, re-flowing wrapped lines.

    Args:
        text: the decoded document (pasted from a web page or extracted from a PDF).

    Returns:
        The page header's blocks first (the country and "Last Updated", once each), then the
        document's blocks in order, each with its 1-based line span.
    """
    lines = [_Line(number, _clean(raw), raw.replace("\u00a0", " ").expandtabs().rstrip())
             for number, raw in enumerate(text.splitlines(), start=1)]
    header = _classify(lines)
    _absorb_page_breaks(lines)
    wrap = _wrap_of(lines)
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.casefold())
    vocabulary = set(words) | {part for word in words if "-" in word for part in word.split("-")}
    blocks: list[Block] = list(header)
    current: _Open | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            body = _clean(current.text())
            if body:
                blocks.append(Block(current.kind, body, current.start, current.end, current.level))
            current = None

    for line in lines:
        if line.kind == "chrome":
            continue  # page furniture: the block around it goes on
        if line.kind == "blank":
            flush()
            continue
        if line.kind in ("heading", "source", "date"):
            flush()
            kind: BlockKind = "heading" if line.kind == "heading" else "paragraph"
            blocks.append(Block(kind, line.text, line.number, line.number, line.level))
            continue
        if line.kind in ("bullet", "numbered"):
            flush()
            bullet = _BULLET.match(line.text) if line.kind == "bullet" else None
            numbered = _NUMBERED.match(line.text) if bullet is None else None
            body = bullet.group("text") if bullet else numbered.group("text") if numbered else line.text
            level = int(numbered.group("n")) if numbered else 0
            current = _Open("bullet" if bullet else "numbered", line.number, line.number, [], level, line.raw)
            current.add(body)
            continue
        if current is not None and _continues(current, line, wrap):
            last = current.parts[-1]
            if _HYPHEN_END.search(last):
                if not _keeps_hyphen(last, line.text, vocabulary):
                    current.parts[-1] = last[:-1]
                current.add(line.text, glue="")
            else:
                current.add(line.text)
            current.end, current.last_line = line.number, line.raw
            continue
        flush()
        current = _Open("paragraph", line.number, line.number, [], 0, line.raw)
        current.add(line.text)
    flush()
    return blocks
