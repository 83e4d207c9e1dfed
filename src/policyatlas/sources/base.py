"""The parser contract and the shared decoding of document bytes into text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Protocol

from policyatlas.errors import InputError, ParseError
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource


@dataclass(frozen=True)
class ParseOptions:
    """What a person tells ingest about documents that do not say it themselves."""

    published: FuzzyDate | None = None
    """``--published``: the publication date of an undated article ("Yesterday" becomes the day before)."""
    country: str | None = None
    """``--country``: the ISO alpha-2 code of the country a document is about, when it does not say."""


NO_OPTIONS = ParseOptions()


def parse_options(published: str | None, country: str | None) -> ParseOptions:
    """Parse options from what a person typed (a date in any common form, a country code or name).

    Raises:
        ConfigError: the date is not a date, or the country is not known.
    """
    from policyatlas.errors import ConfigError
    from policyatlas.model.country import resolve_country
    from policyatlas.model.dates import parse_date

    date = parse_date(published) if published else None
    if published and (date is None or date.value is None):
        raise ConfigError(f"publication date {published!r} is not a date (use YYYY-MM-DD)")
    code = resolve_country(country) if country else None
    if country and code is None:
        raise ConfigError(f"{country!r} is not a known country (use an ISO 3166 code such as MX)")
    return ParseOptions(published=date, country=code)


class Parser(Protocol):
    """A parser for one real document format: pure, bytes in, ParsedSource out.

    ``kind`` is the format's name (``--format`` takes it); ``detect`` says from the content
    (never the file name alone) whether the bytes are in this format; ``parse`` raises a
    ``ParseError`` naming the line when the document is malformed.
    """

    kind: str
    description: str

    def detect(self, data: bytes, name: str) -> bool: ...

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource: ...


def decode_text(data: bytes, origin: str, *, fallbacks: tuple[str, ...] = ()) -> str:
    """Decode a text document, which must be UTF-8 (a UTF-8 byte-order mark is allowed).

    ``fallbacks`` names encodings a format is known to come in (the ITU profiles come in
    GB18030, say): they are tried, strictly, in order when the bytes are not UTF-8.

    Raises:
        InputError: the file is empty, binary, UTF-16/32, or not valid UTF-8 (with the
            byte offset of the first bad byte and a hint of the likely encoding).
    """
    if not data.strip():
        raise InputError("empty file", path=origin)
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise InputError(f"text is {name} (byte-order mark found); save it as UTF-8", path=origin)
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not a text document", path=origin)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for encoding in fallbacks:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        line = data[: exc.start].count(b"\n") + 1
        hint = "Latin-1/Windows-1252" if _looks_latin1(data) else "an unknown encoding"
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}; looks like {hint}); "
            "save it as UTF-8",
            path=origin,
            line=line,
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8:
        raise InputError("binary file (control characters), not a text document", path=origin)
    return text


#: The deepest YAML a parser reads: libyaml composes nested nodes by recursion in C, and ~50,000 levels
#: crash the process (no Python exception); real documents are a few levels deep.
MAX_YAML_DEPTH = 500
_FLOW = re.compile(r"[\[\]{}]")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def check_yaml_depth(text: str, origin: str, *, line_offset: int = 0) -> None:
    """Refuse YAML nested deeper than ``MAX_YAML_DEPTH`` (flow brackets, or block indentation of
    twice as many columns) before a YAML loader sees it; linear in the text.

    Raises:
        ParseError: the text is nested too deep (naming the line where it got too deep).
    """
    depth = 0
    for found in _FLOW.finditer(text):
        depth = depth + 1 if found.group() in "[{" else max(0, depth - 1)
        if depth > MAX_YAML_DEPTH:
            line = text.count("\n", 0, found.start()) + 1 + line_offset
            raise ParseError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep: refused", path=origin, line=line)
    for found in _INDENT.finditer(text):
        if found.end() - found.start() > 2 * MAX_YAML_DEPTH:
            line = text.count("\n", 0, found.start()) + 1 + line_offset
            raise ParseError(f"YAML indented more than {2 * MAX_YAML_DEPTH} columns: refused", path=origin, line=line)


def _looks_latin1(data: bytes) -> bool:
    high = [b for b in data if b >= 0x80]
    return bool(high) and all(0xA0 <= b <= 0xFF or b in (0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97) for b in high)
