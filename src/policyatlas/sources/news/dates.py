"""Dates in news articles: datelines, dates in URLs and HTML metadata, dates and relative days in sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from policyatlas.model.dates import FuzzyDate, make_date, parse_date
from policyatlas.text.titles import fold

_MONTHS_EN = ("january february march april may june july august september october november december "
              "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_MONTHS_ES = "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre".split()
_MONTHS_PT = "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split()
_MONTH_NUMBER = {name: (i % 12) + 1 for i, name in enumerate(_MONTHS_EN[:12])}
_MONTH_NUMBER.update({name: i + 1 for i, name in enumerate(_MONTHS_ES[:8])})
_MONTH_NUMBER.update({"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12})
_MONTH_NUMBER.update({fold(name): i + 1 for i, name in enumerate(_MONTHS_PT)})
_MONTH_NUMBER.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                      "oct": 10, "nov": 11, "dec": 12})
_MONTH = r"(?P<mon>" + "|".join(sorted(set(_MONTHS_EN + _MONTHS_ES + _MONTHS_PT), key=len, reverse=True)) + r")\.?"
_WEEKDAYS_EN = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAYS_ES = "lunes martes miércoles jueves viernes sábado domingo".split()
_WEEKDAYS_PT = "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo".split()
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS_EN + _WEEKDAYS_ES + _WEEKDAYS_PT) + ")"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|º|°|o)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATE_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:de\s+|of\s+)?{_MONTH},?\s+(?:de\s+|del\s+|of\s+)?{_YEAR}\b",
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
    r"\b(?P<d>[0-3]?\d)(?P<sep>[-/.])(?P<mn>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b",
    r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b",
    r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>0[1-9]|1[0-2])\b(?![-/]\d)",
    rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:de\s+|of\s+)?{_MONTH}(?![\w])",
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?![\w])",
    rf"\b{_MONTH}\s+(?:de\s+|del\s+|of\s+)?{_YEAR}\b",
    rf"\b(?:in|en|em|since|desde|until|hasta|até|early|late|mid|a principios de|a finales de)\s+{_MONTH}(?![\w])",
))
_RELATIVE = re.compile(
    r"\b(?P<w>the day before yesterday|anteayer|antier|antes de ayer|yesterday|ayer|today|hoy|this morning|"
    r"esta mañana|tonight|esta noche|last week|la semana pasada|last month|el mes pasado|last year|el año pasado|"
    rf"(?:last|this|este|el pasado)\s+{_WEEKDAY}|el\s+{_WEEKDAY}\s+pasado|(?:on|el)\s+{_WEEKDAY}(?!,?\s+\d)|"
    rf"(?:nesta|nesta última|na última|na)\s+{_WEEKDAY}(?!,?\s+\d)|ontem|hoje|semana passada)\b",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {"the day before yesterday": -2, "anteayer": -2, "antier": -2, "antes de ayer": -2, "yesterday": -1,
                  "ontem": -1, "hoje": 0,
                  "ayer": -1, "today": 0, "hoy": 0, "this morning": 0, "esta mañana": 0, "tonight": 0,
                  "esta noche": 0}
_PLACE_WORDS = frozenset("de del la las los of the d.c. dc df cdmx".split())
_PUBLISHED = re.compile(r"^(?:(?:published|posted|publicado|publicada|fecha de publicación|fecha|date)\s*(?:on|el)?"
                        r"\s*:?\s*)?", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])(?:[/-]?(0[1-9]|[12]\d|3[01]))?(?=[/_-]|\.html?|$)")
_META_DATE = re.compile(
    r"""(?:(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|pubdate|publishdate|"""
    r"""date|dc\.date|DC\.date\.issued|sailthru\.date|og:published_time)["'][^>]*?content\s*=\s*["']"""
    r"""|<time[^>]*\bdatetime\s*=\s*["']|"datePublished"\s*:\s*")((?:19|20)\d\d-\d\d-\d\d)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date written in a sentence: where, as written, and its value (None: relative, no reference)."""

    start: int
    end: int
    text: str
    date: FuzzyDate | None
    relative: bool = False


def _month_number(name: str) -> int | None:
    return _MONTH_NUMBER.get(fold(name))


def _build(year: int | None, month: int | None, day: int | None) -> FuzzyDate | None:
    """A date with at least its month (an article's date is never just a year)."""
    return None if year is None or month is None else make_date(year, month, day)


def _shift(reference: FuzzyDate, days: int) -> FuzzyDate:
    assert reference.value is not None
    return FuzzyDate((date.fromisoformat(reference.value) + timedelta(days=days)).isoformat(), "day")


def resolve_relative(word: str, reference: FuzzyDate | None) -> FuzzyDate | None:
    """The date a relative word stands for ("yesterday" = the day before ``reference``); None without one."""
    if reference is None or reference.precision != "day" or reference.value is None or reference.end:
        return None
    key = " ".join(fold(word).split())
    today = date.fromisoformat(reference.value)
    for phrase, offset in _RELATIVE_DAYS.items():
        if key == fold(phrase):
            return _shift(reference, offset)
    if key in ("last week", "la semana pasada"):
        monday = today - timedelta(days=today.weekday() + 7)
        return FuzzyDate(monday.isoformat(), "day", (monday + timedelta(days=6)).isoformat())
    if key in ("last month", "el mes pasado"):
        first = today.replace(day=1) - timedelta(days=1)
        return FuzzyDate(f"{first.year:04d}-{first.month:02d}", "month")
    if key in ("last year", "el ano pasado"):
        return FuzzyDate(f"{today.year - 1:04d}", "year")
    words = [w for w in key.split() if w not in ("last", "this", "este", "el", "pasado", "on", "nesta", "na",
                                                  "ultima")]
    names = [fold(w) for w in _WEEKDAYS_EN] + [fold(w) for w in _WEEKDAYS_ES] + [fold(w) for w in _WEEKDAYS_PT]
    if words and " ".join(words) in names:
        weekday = names.index(" ".join(words)) % 7
        strict = "last" in key.split() or "pasado" in key.split() or "ultima" in key.split()
        back = (today.weekday() - weekday) % 7
        if back == 0 and strict:
            back = 7
        return _shift(reference, -back)
    return None


def find_dates(text: str, *, reference: FuzzyDate | None = None, default_year: int | None = None) -> list[DateMention]:
    """Every date written in ``text``, in order, without overlaps.

    Full dates ("28 de febrero de 2024", "October 12, 2023", "22-03-2024"), months ("February 2024"),
    days without a year ("el 5 de marzo": the year is ``default_year``, or unknown) and relative words
    ("yesterday", "ayer", "last week": resolved against ``reference`` when it is a day, else unknown).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            groups = match.groupdict()
            month_name = groups.get("mon")
            if month_name and fold(month_name) in ("may", "mar", "sep", "jun", "jul") and not month_name[0].isupper() \
                    and fold(month_name) in _MONTHS_EN:
                continue  # "may" the verb, "mar" the sea
            month = _month_number(month_name) if month_name else int(groups["mn"])
            year = int(groups["y"]) if groups.get("y") else default_year
            day = int(groups["d"]) if groups.get("d") else None
            value = _build(year, month, day)
            if value is None and groups.get("y"):
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), match.group(), value))
    for match in _RELATIVE.finditer(text):
        if free(match.start(), match.end()):
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), match.group(),
                                     resolve_relative(match.group("w"), reference), relative=True))
    return sorted(found, key=lambda m: m.start)


def dateline(sentence: str) -> DateMention | None:
    """The date of a dateline that opens a paragraph ("Ciudad de México, 12 de octubre de 2023.",
    "Mexico City October 12, 2023.", "Palacio Legislativo, 22-03-2024", "Published: 2024-03-22")."""
    for mention in find_dates(sentence):
        if mention.relative or mention.date is None or mention.date.precision != "day" or mention.start > 80:
            return None
        before = _PUBLISHED.sub("", sentence[: mention.start]).strip()
        after = sentence[mention.end:].strip()
        if after and not re.match(r"^(?:\([^)]*\)\s*)?(?:[.:\-—–|]|$)", after):
            return None
        if before and not _is_place(before):
            return None
        return mention
    return None


def _is_place(text: str) -> bool:
    text = re.sub(r"\([^)]*\)", " ", text).strip(" ,.-—–:")
    text = re.sub(r",?\s+a$", "", text)
    words = re.findall(r"[\w.’']+", text)
    if not words or len(words) > 7:
        return False
    return all(w[0].isupper() or fold(w) in _PLACE_WORDS or w.casefold() in _PLACE_WORDS for w in words)


def url_date(url: str | None) -> FuzzyDate | None:
    """A date in an article's address (``/2024/03/22/``, ``/2024-03-22-``, ``/2024/03/``)."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = match.groups()
    return _build(int(year), int(month), int(day) if day else None)


def html_published(html: str) -> FuzzyDate | None:
    """The publication date an HTML page declares in its metadata (``article:published_time``, ``<time>``)."""
    match = _META_DATE.search(html)
    return parse_date(match.group(1)) if match else None


def sentence_start_date(sentence: str) -> FuzzyDate | None:
    """The date that opens a sentence ("On 28 February 2024, …", "El 28 de febrero de 2024, …")."""
    match = re.match(r"^(?:On|El|Este|This|En)?\s*", sentence)
    offset = match.end() if match else 0
    for mention in find_dates(sentence[offset:]):
        if mention.start == 0 and not mention.relative and mention.date is not None and re.search(r"\d{4}",
                                                                                                 mention.text):
            return mention.date
        break
    return None


_PRECISION_OF_PERIOD = {"day": "day", "time": "day", "week": "day", "month": "month", "year": "year"}


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["es", "en", "pt", "fr"], settings={
        "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["year"],
        "DATE_ORDER": "DMY"})


def parse_loose_date(text: str) -> FuzzyDate | None:
    """A date written in any common form ("2023-05", "Oct. 12, 2023 3:45 PM", "Publicado em 03/04/2025 14h20",
    "12 de outubro de 2023"), at the precision written; None when it is not a date with a year.

    Our own reader goes first (it keeps "2023-05" a month); dateparser reads the rest, and its period
    tells the precision.
    """
    text = " ".join(text.split())[:80]
    if not text:
        return None
    own = parse_date(text)
    if own is not None:
        return own
    iso = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)[T ]", text)
    if iso is not None:
        return make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    cleaned = re.sub(r"(\d{1,2})h(\d{2})\b", r"\1:\2", text)
    try:
        found = _date_parser().get_date_data(cleaned)
    except (ValueError, OverflowError):
        return None
    if found is None or found.date_obj is None:
        return None
    when = found.date_obj
    precision = _PRECISION_OF_PERIOD.get(found.period or "day", "day")
    if precision == "year":
        return make_date(when.year)
    if precision == "month":
        return make_date(when.year, when.month)
    return make_date(when.year, when.month, when.day)
