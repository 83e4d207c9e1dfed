"""Find dates written in many languages in document text ("29 June 2011", "23 февраля 2016 года")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.model.dates import FuzzyDate, make_date
from policyatlas.sources.strategies.country import fold_same_length

# Month names and abbreviations, folded (lower case, no accents), in the nominative and the
# genitive/locative the dates use: English, Spanish, French, Portuguese, Italian, German, Dutch,
# Russian, Ukrainian, Greek, Latvian, Lithuanian, Polish, Romanian.
_MONTH_WORDS = (
    "january jan enero ene janvier janv janeiro gennaio januar januari январь января января січня "
    "ιανουαριος ιανουαριου ιαν janvaris janvara sausio sausis stycznia ianuarie",
    "february feb febr febrero fevrier fevr fev fevereiro febbraio februar februari февраль февраля лютого "
    "φεβρουαριος φεβρουαριου φεβ februaris februara vasario lutego februarie",
    "march mar marc marzo mars marco marzo marz maart март марта березня μαρτιος μαρτιου μαρ marts marta "
    "kovo marca martie",
    "april apr abril abr avril avr aprile апрель апреля квітня απριλιος απριλιου απρ aprilis aprila "
    "balandzio kwietnia aprilie",
    "may mayo mai maio maggio mei май мая травня μαιος μαιου maijs maija geguzes maja",
    "june jun junio juin junho giugno juni июнь июня червня ιουνιος ιουνιου ιουν junijs junija birzelio "
    "czerwca iunie",
    "july jul julio juillet juil julho luglio juli июль июля липня ιουλιος ιουλιου ιουλ julijs julija "
    "liepos lipca iulie",
    "august aug agosto aout augustus август августа серпня αυγουστος αυγουστου αυγ augusts augusta "
    "rugpjucio sierpnia",
    "september sep sept septiembre setiembre septembre setembro settembre сентябрь сентября вересня "
    "σεπτεμβριος σεπτεμβριου σεπτ septembris septembra rugsejo wrzesnia septembrie",
    "october oct octubre octobre outubro ottobre oktober okt октябрь октября жовтня οκτωβριος "
    "οκτωβριου οκτ oktobris oktobra spalio pazdziernika octombrie",
    "november nov noviembre novembre novembro ноябрь ноября листопада νοεμβριος νοεμβριου νοε novembris "
    "novembra lapkricio listopada noiembrie",
    "december dec diciembre dic decembre dezembro dicembre dezember dez декабрь декабря грудня "
    "δεκεμβριος δεκεμβριου δεκ decembris decembra gruodzio grudnia decembrie",
)
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(_MONTH_WORDS, start=1):
    for _name in _names.split():
        MONTHS.setdefault(fold_same_length(_name), _number)

_ROMAN_MONTHS = {r: n for n, r in enumerate("I II III IV V VI VII VIII IX X XI XII".split(), start=1)}
_Y = r"((?:19|20)\d{2})(?!\d)"
_M = r"([^\W\d_]{3,12})\.?"
_D = r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|o|°|º)?"
_SEP = r"[\s\-–—/.,|]*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dmy", re.compile(rf"{_D}{_SEP}(?:de\s+|of\s+)?{_M}{_SEP}(?:de\s+|del\s+)?{_Y}")),
    ("mdy", re.compile(rf"{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}")),
    ("ymd-lv", re.compile(rf"{_Y}\.\s*gada\s+(\d{{1,2}})\.\s*{_M}")),
    ("numeric", re.compile(rf"(?<![\d.])(\d{{1,2}})\s?([./-])\s?(\d{{1,2}})\2\s?{_Y}")),
    ("iso", re.compile(r"(?<![\d.])((?:19|20)\d{2})([-.])(\d{2})\2(\d{2})(?![\d.])")),
    ("hu", re.compile(r"/((?:19|20)\d{2})\.?\s*\(([IVX]{1,4})\.\s*(\d{1,2})\.?\)")),
    ("my", re.compile(rf"(?<![\w]){_M}[\s,|]+{_Y}")),
)
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—/]|\sto\s|\sal\s|\sà\s)\s*((?:19|20)\d{2})(?!\d)")
YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
# Words before a year that make it a horizon, not a date ("to 2020", "towards year 2022").
HORIZON = re.compile(r"(?:to|until|till|towards|toward|by|beyond|horizon|au dela de|au-dela de|mas alla de|hasta|"
                     r"horizonte|jusqu'en|jusqu'a|до|μεχρι|εως|lidz|iki|year)\s*$")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a line, where it starts, and how precisely the text gives it."""

    date: FuzzyDate
    start: int
    end: int


_make = make_date


def _read(kind: str, groups: tuple[str, ...]) -> FuzzyDate | None:
    if kind == "dmy":
        month = MONTHS.get(groups[1])
        return _make(int(groups[2]), month, int(groups[0])) if month else None
    if kind == "mdy":
        month = MONTHS.get(groups[0])
        return _make(int(groups[2]), month, int(groups[1])) if month else None
    if kind == "ymd-lv":
        month = MONTHS.get(groups[2])
        return _make(int(groups[0]), month, int(groups[1])) if month else None
    if kind == "numeric":
        return _make(int(groups[3]), int(groups[2]), int(groups[0]))
    if kind == "iso":
        return _make(int(groups[0]), int(groups[2]), int(groups[3]))
    if kind == "hu":
        return _make(int(groups[0]), _ROMAN_MONTHS.get(groups[1].upper()), int(groups[2]))
    month = MONTHS.get(groups[0])
    return _make(int(groups[1]), month) if month else None


def dates_in(line: str) -> list[FoundDate]:
    """The dates written in a line with at least a month ("29 June 2011", "Mayo 2020", "24.12.2020",
    "2014. gada 21. janvāra", "1838/2018 (XII.28.)"), in order, not overlapping."""
    folded = fold_same_length(line)
    found: list[FoundDate] = []
    for kind, pattern in _PATTERNS:
        source = line if kind == "hu" else folded
        for match in pattern.finditer(source):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            value = _read(kind, match.groups())
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def start_years(line: str) -> list[int]:
    """The first years of the year ranges in a line ("2019-2024" gives 2019)."""
    years = []
    for match in YEAR_RANGE.finditer(line):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last <= first + 20:
            years.append(first)
    return years


def plain_years(line: str) -> list[int]:
    """The years standing alone in a line (not in a range, not a horizon such as "to 2020")."""
    spans = [m.span() for m in YEAR_RANGE.finditer(line)]
    years = []
    for match in YEAR.finditer(line):
        if any(start <= match.start() < end for start, end in spans):
            continue
        if HORIZON.search(fold_same_length(line[: match.start()])):
            continue
        years.append(int(match.group(1)))
    return years
