"""Normalise dates as written in policy documents into ISO strings that keep their precision."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

_PRECISIONS: dict[str, Precision] = {"year": "year", "month": "month", "day": "day"}
_JSON_KEYS = frozenset({"value", "precision", "end"})
_MIN_YEAR, _MAX_YEAR = 1900, 2100
#: Longer texts are never one date, nor one line of dates: they are refused at once, so that hostile
#: input (a 100,000-character "2004, 2004, …") cannot make the list search quadratic.
MAX_DATE_TEXT, MAX_DATE_LINE = 300, 500
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Month names and abbreviations (lower case, accents removed): English, Spanish, French, Portuguese.
_MONTH_NAMES = (
    "january jan enero ene janvier janv janeiro",
    "february feb febr febrero fevrier fevr fev fevereiro",
    "march mar marzo mars marco",
    "april apr abril abr avril avr",
    "may mayo mai maio",
    "june jun junio juin junho",
    "july jul julio juillet juil julho",
    "august aug agosto ago aout",
    "september sep sept septiembre setiembre set septembre setembro",
    "october oct octubre octobre outubro out",
    "november nov noviembre novembre novembro",
    "december dec diciembre dic decembre dezembro dez",
)
_MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()
}


def _iso_precision(text: str) -> Precision | None:
    """Return the precision of an ISO date string of 4, 7 or 10 characters, or None if invalid."""
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "day" if day else "month" if month else "year"


def _lower_bound(iso: str) -> str:
    """Return the first day covered by an ISO date of any precision."""
    return iso + "-01-01"[len(iso) - 4 :]


@dataclass(frozen=True)
class FuzzyDate:
    """A date, or range of dates, known to the day, the month or only the year."""

    value: str | None
    precision: Precision | None
    end: str | None = None

    def __post_init__(self) -> None:
        if self.value is None:
            if self.precision is not None or self.end is not None:
                raise ValueError("an unknown date can have neither a precision nor an end")
            return
        if self.precision not in _PRECISIONS:
            raise ValueError(f"unknown precision: {self.precision!r}")
        if _iso_precision(self.value) != self.precision:
            raise ValueError(f"value {self.value!r} does not match precision {self.precision!r}")
        if self.end is not None:
            if _iso_precision(self.end) is None:
                raise ValueError(f"invalid end of range: {self.end!r}")
            if _lower_bound(self.end) <= _lower_bound(self.value):
                raise ValueError(f"range {self.value}..{self.end} does not end after it starts")

    @classmethod
    def unknown(cls) -> FuzzyDate:
        """Return the placeholder for a date that exists but is not known."""
        return cls(None, None)

    @property
    def sort_key(self) -> str:
        """Return a string that orders dates chronologically (unknown dates first)."""
        return self.value or ""

    def to_json(self) -> dict[str, str | None]:
        """Return a JSON-ready mapping with the keys value, precision and end."""
        return {"value": self.value, "precision": self.precision, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FuzzyDate:
        """Rebuild a date from ``to_json`` output; raise ValueError on malformed data."""
        if not isinstance(data, Mapping):
            raise ValueError(f"expected a mapping, got {type(data).__name__}")
        extra = set(data) - _JSON_KEYS
        if extra:
            raise ValueError(f"unexpected keys: {sorted(map(str, extra))}")
        if "value" not in data or "precision" not in data:
            raise ValueError("both 'value' and 'precision' are required")
        value, raw_precision, end = data["value"], data["precision"], data.get("end")
        for key, item in (("value", value), ("precision", raw_precision), ("end", end)):
            if item is not None and not isinstance(item, str):
                raise ValueError(f"{key} must be a string or null, got {item!r}")
        precision: Precision | None = None
        if raw_precision is not None:
            if raw_precision not in _PRECISIONS:
                raise ValueError(f"unknown precision: {raw_precision!r}")
            precision = _PRECISIONS[raw_precision]
        return cls(value, precision, end)


@dataclass(frozen=True)
class DateLine:
    """The dates found on one line of a country profile, with amendments and remarks."""

    dates: tuple[FuzzyDate, ...]
    amended: tuple[FuzzyDate, ...]
    note: str | None


@dataclass(frozen=True)
class _Parts:
    """Date components as written; any of them may be missing (e.g. "5" in "5-7 May 2017")."""

    year: int | None
    month: int | None
    day: int | None

    @property
    def rank(self) -> int:
        return 2 if self.day is not None else 1 if self.month is not None else 0


_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|re|ro|o|°)?"
_MON = r"(?P<mon>[a-z]+)\.?"
_OF = r"(?:(?:de|del|do|of) )?"
_YEAR = r"(?P<y>\d{4})"
_PART_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        _YEAR,
        rf"{_YEAR}-(?P<mn>\d{{2}})(?:-(?P<d>\d{{2}}))?",
        rf"(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<mn>\d{{1,2}})(?P=sep){_YEAR}",
        rf"(?:the )?{_DAY} {_OF}{_MON},? {_OF}{_YEAR}",
        rf"{_MON} {_DAY},? {_YEAR}",
        rf"{_MON},? {_OF}{_YEAR}",
        rf"(?:the )?{_DAY} {_OF}{_MON}",
        rf"{_MON} {_DAY}",
        rf"{_DAY},? {_YEAR}",
        _DAY,
        _MON,
    )
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_RANGE_PREFIX = re.compile(r"(?:from|del|desde|du|de) ")
_RANGE_SEP = re.compile(r"\s*[-/]\s*|\s+(?:to|until|till|through|al|a|au|hasta|ate)\s+")


def _normalise(text: str) -> str:
    """Lower-case, strip accents, unify dashes and whitespace, drop a final full stop."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = _DASHES.sub("-", plain.lower())
    return re.sub(r"\s+", " ", plain).strip().rstrip(".").rstrip()


def _match_parts(text: str) -> _Parts | None:
    """Read the components of one (possibly partial) date in normalised text."""
    for pattern in _PART_PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        month: int | None = None
        if groups.get("mn"):
            month = int(groups["mn"])
        elif groups.get("mon"):
            month = _MONTHS.get(groups["mon"])
            if month is None:
                continue
        year, day = groups.get("y"), groups.get("d")
        return _Parts(int(year) if year else None, month, int(day) if day else None)
    return None


def make_date(year: int, month: int | None = None, day: int | None = None) -> FuzzyDate | None:
    """A date from its parts, at the precision they give; None when they are not a real date
    (a 31 February, a month 13, a day without a month, a year outside 1900-2100)."""
    if not _MIN_YEAR <= year <= _MAX_YEAR or (month is None and day is not None):
        return None
    if month is None:
        return FuzzyDate(f"{year:04d}", "year")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return FuzzyDate(f"{year:04d}-{month:02d}", "month")
    try:
        return FuzzyDate(date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _to_date(parts: _Parts) -> FuzzyDate | None:
    """Turn complete components into a validated single date, or None."""
    return None if parts.year is None else make_date(parts.year, parts.month, parts.day)


def _combine(left: _Parts, right: _Parts) -> FuzzyDate | None:
    """Build a range, letting the start borrow the year (and month) from the end."""
    if right.year is None:
        return None
    if right.month is None and right.day is not None:  # "December 5-7, 2017"
        if left.year is not None or left.month is None or left.day is None:
            return None
        right = _Parts(right.year, left.month, right.day)
    if left.year is None:
        if left.rank > right.rank:
            return None
        month = left.month if left.month is not None else right.month
        left = _Parts(right.year, month, left.day)
    start, end = _to_date(left), _to_date(right)
    if start is None or end is None or start.value is None or end.value is None:
        return None
    if _lower_bound(end.value) <= _lower_bound(start.value):
        return None
    return FuzzyDate(start.value, start.precision, end.value)


def parse_date(text: str) -> FuzzyDate | None:
    """One date or date range; None when the text is not (entirely) a date.

    Numeric dates are read day first ("06/09/2021" is 6 September 2021) and years
    must have four digits between 1900 and 2100.
    """
    if len(text) > MAX_DATE_TEXT and len(" ".join(text.split())) > MAX_DATE_TEXT:
        return None
    normalised = _normalise(text)
    if not normalised:
        return None
    parts = _match_parts(normalised)
    single = _to_date(parts) if parts is not None else None
    if single is not None:
        return single
    prefix = _RANGE_PREFIX.match(normalised)
    if prefix is not None:
        normalised = normalised[prefix.end() :]
    for separator in _RANGE_SEP.finditer(normalised):
        left = _match_parts(normalised[: separator.start()])
        right = _match_parts(normalised[separator.end() :])
        if left is not None and right is not None:
            combined = _combine(left, right)
            if combined is not None:
                return combined
    return None


_LIST_SEP = re.compile(r"(\s*[,;]\s*|\s+(?:and|y|et|e|&)\s+)", re.IGNORECASE)
_NOTE_SEP = re.compile(r"\s*[:;,]\s*|\s+[-\u2010-\u2015]\s+")
_BULLET = re.compile(r"^[-*\u2022\u00b7]\s+")
_AMENDED = re.compile(
    r"(?:last )?(?:amended|amendments?|revised|modificad[oa]s?|reformad[oa]s?|enmendad[oa]s?"
    r"|modifiee?s?|amendee?s?|revisee?s?|alterad[oa]s?|revist[oa]s?)\b[\s:,]*"
    r"(?:(?:in|on|en|el|le|em) )?(?P<rest>.*)"
)


def _parse_list(text: str) -> tuple[FuzzyDate, ...] | None:
    """Parse "2004, 2014/2015 and 2019" into its dates; None unless every item is a date."""
    chunks = _LIST_SEP.split(text.strip())
    pieces, seps = chunks[0::2], chunks[1::2]
    # best[i]: the dates of pieces[i:], grouping up to three pieces ("August 12, 2014").
    best: list[tuple[FuzzyDate, ...] | None] = [None for _ in pieces]
    best.append(())
    for i in range(len(pieces) - 1, -1, -1):
        for j in range(min(len(pieces), i + 3), i, -1):
            tail = best[j]
            if tail is None:
                continue
            chunk = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))
            found = parse_date(chunk)
            if found is not None:
                best[i] = (found, *tail)
                break
    return best[0] or None


def _listable_prefixes(text: str) -> dict[int, bool]:
    """For each list separator of ``text`` (by its start, counted in ``text``): whether the text before
    it is a list of dates, found in one pass (so that trying every prefix stays linear)."""
    offset = len(text) - len(text.lstrip())
    stripped = text.strip()
    chunks = _LIST_SEP.split(stripped)
    pieces, seps = chunks[0::2], chunks[1::2]
    ok = [True] + [False] * len(pieces)
    for j in range(1, len(pieces) + 1):
        for i in range(max(0, j - 3), j):
            chunk = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))
            if ok[i] and parse_date(chunk) is not None:
                ok[j] = True
                break
    starts = [m.start() + offset for m in _LIST_SEP.finditer(stripped)]
    return {start: ok[j + 1] for j, start in enumerate(starts)}


def _split_main(text: str) -> tuple[tuple[FuzzyDate, ...], str | None] | None:
    """Split the text before any parenthesis into dates and an optional trailing note."""
    dates = _parse_list(text)
    if dates:
        return dates, None
    listable = _listable_prefixes(text)
    for separator in reversed(list(_NOTE_SEP.finditer(text))):
        if listable.get(separator.start()) is False:
            continue  # what comes before is not a list of dates: no need to try it
        rest = text[separator.end() :].strip()
        dates = _parse_list(text[: separator.start()])
        if dates and rest:
            return dates, rest
    return None


def _split_parens(text: str) -> tuple[str, list[str], list[str]] | None:
    """Return the text before the first "(", the top-level parenthesised texts, and any
    text between or after them; None on an unmatched ")" (a final unclosed "(" is closed)."""
    start = text.find("(")
    if start < 0:
        return (None if ")" in text else (text, [], []))
    groups: list[str] = []
    extras: list[str] = []
    buffer: list[str] = []
    depth = 0
    for char in text[start:]:
        if char == "(" and depth == 0:
            extras.append("".join(buffer))
            buffer = []
        elif char == ")" and depth == 1:
            groups.append("".join(buffer))
            buffer = []
        elif char == ")" and depth == 0:
            return None
        else:
            buffer.append(char)
        depth += {"(": 1, ")": -1}.get(char, 0)
    (groups if depth else extras).append("".join(buffer))
    cleaned = [extra.strip(" \t,;:-\u2013\u2014") for extra in extras]
    return text[:start], [group.strip() for group in groups], [e for e in cleaned if e]


def parse_date_line(text: str) -> DateLine | None:
    """A whole line as it stands under an item in a country profile.

    Returns None when the line is not a date line. Parenthesised amendments
    ("(amended 20 May 2021)", "(amended)") go to ``amended``; other parenthesised
    or trailing text goes to ``note`` (several joined by "; ").
    """
    if len(text) > MAX_DATE_LINE:
        return None
    split = _split_parens(_BULLET.sub("", text.strip(), count=1))
    if split is None:
        return None
    main, groups, extras = split
    head = _split_main(main.strip().rstrip(",;:").strip())
    if head is None:
        return None
    dates, trailing = head
    notes = [trailing] if trailing else []
    amended: list[FuzzyDate] = []
    for group in groups:
        if not group:
            continue
        match = _AMENDED.fullmatch(_normalise(group))
        if match is None:
            notes.append(group)
            continue
        rest = match.group("rest").strip()
        found = _parse_list(rest) if rest else None
        if found:
            amended.extend(found)
        else:
            amended.append(FuzzyDate.unknown())
            if rest:
                notes.append(group)
    notes.extend(extras)
    return DateLine(dates, tuple(amended), "; ".join(notes) or None)
