"""The CFR Cyber Operations Tracker (CSV of state-sponsored cyber operations) into incident records."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache

import pycountry

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate, parse_date
from policyatlas.model.record import Actor, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.incidents.veris import Incident, country_refs
from policyatlas.text.titles import fold

REQUIRED = ("title", "date", "victims", "sponsor", "type")
TYPES = frozenset({"espionage", "sabotage", "denial of service", "data destruction", "financial theft", "defacement",
                   "doxing"})
CATEGORIES = frozenset({"government", "private sector", "civil society", "military"})
RESPONSES = ("denouncement", "confirmation", "sanctions", "criminal charges", "denial", "hack back", "unknown")
_URL = re.compile(r"https?://\S+")
_MERGED = re.compile(r"\?\?,")  # "??" (mojibake for a curly quote) that swallowed a field's closing quote
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_UN_STYLE = re.compile(r"(?P<name>.+?)\s*\((?P<qualifier>[^)]+)\)")
# Adjectives of nationality in victim descriptions ("Ukrainian state entities"); "" marks phrases to skip.
_DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Argentine": "AR", "Armenian": "AM",
    "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Bahraini": "BH", "Bangladeshi": "BD",
    "Belarusian": "BY", "Belgian": "BE", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Cambodian": "KH",
    "Canadian": "CA", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO", "Croatian": "HR", "Czech": "CZ",
    "Danish": "DK", "Dutch": "NL", "Egyptian": "EG", "Emirati": "AE", "Estonian": "EE", "Ethiopian": "ET",
    "Filipino": "PH", "Finnish": "FI", "French": "FR", "Georgian": "GE", "German": "DE", "Ghanaian": "GH",
    "Greek": "GR", "Hungarian": "HU", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ",
    "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ",
    "Kenyan": "KE", "Kuwaiti": "KW", "Kyrgyz": "KG", "Latvian": "LV", "Lebanese": "LB", "Lithuanian": "LT",
    "Malaysian": "MY", "Mexican": "MX", "Moldovan": "MD", "Mongolian": "MN", "Montenegrin": "ME", "Moroccan": "MA",
    "Nepali": "NP", "Nigerian": "NG", "North Korean": "KP", "Norwegian": "NO", "Pakistani": "PK",
    "Palestinian": "PS", "Philippine": "PH", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO",
    "Russian": "RU", "Saudi": "SA", "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK", "Slovakian": "SK",
    "South African": "ZA", "South Korean": "KR", "South Sudanese": "SS", "Spanish": "ES", "Sri Lankan": "LK",
    "Swedish": "SE", "Swiss": "CH", "Syrian": "SY",
    "Taiwanese": "TW", "Tajik": "TJ", "Thai": "TH", "Tibetan": "", "Togolese": "TG", "Turkish": "TR", "Ugandan": "UG",
    "Ukrainian": "UA", "Uyghur": "", "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE",
    "Latin American": "", "South American": "", "North American": "", "Central American": "",
    "U.S.": "US", "US": "US", "USA": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB", "Korea": "",
}


@lru_cache(maxsize=1)
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(entry, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = entry.alpha_2
    for alias in ("United States", "Russia", "South Korea", "North Korea", "Iran", "Syria", "Taiwan", "Vietnam",
                  "Palestine", "Laos", "Moldova", "Bolivia", "Venezuela", "Tanzania", "Czech Republic", "Turkey",
                  "Macedonia", "Kosovo", "Ivory Coast", "Burma", "Hong Kong", "Gaza"):
        names[alias] = resolve_country(alias) or ("PS" if alias == "Gaza" else "")
    names.update(_DEMONYMS)
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)"), names


def countries_in(text: str) -> list[str]:
    """ISO alpha-2 codes of the countries a free text names ("Ukrainian state bodies" → UA), in order."""
    pattern, names = _country_pattern()
    found: list[str] = []
    for match in pattern.finditer(text):
        code = names[match.group(0)]
        if code and code not in found:
            found.append(code)
    return found


def resolve_name(name: str) -> str | None:
    """The alpha-2 code of a country as the tracker names it (UN style: "Iran (Islamic Republic of)")."""
    name = " ".join(name.strip(' "\'').split())
    code = resolve_country(name) or resolve_country(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))
    match = _UN_STYLE.fullmatch(name)
    if code is None and match:
        base, qualifier = match.group("name"), match.group("qualifier")
        code = resolve_country(f"{base}, {qualifier}") or resolve_country(f"{qualifier} {base}")
    return code


def split_countries(text: str) -> list[tuple[str, str | None]]:
    """The countries of a comma-joined list, each as (name, code); names that contain a comma
    ("Palestine, State of") are rejoined; unknown names keep a None code."""
    parts = [p.strip(' "\'') for p in text.split(",")]
    parts = [p for p in parts if p]
    found: list[tuple[str, str | None]] = []
    index = 0
    while index < len(parts):
        for width in (3, 2, 1):
            name = ", ".join(parts[index:index + width])
            code = resolve_name(name) if index + width <= len(parts) else None
            if code or width == 1:
                found.append((name, code))
                index += width
                break
    return found


def _row_score(row: dict[str, str]) -> int:
    """How plausible a row's columns look (a type, categories, a sponsor, sources where they belong)."""
    score = int(row.get("type", "").strip().casefold() in TYPES | {""})
    categories = [c.strip().casefold() for c in row.get("category", "").split(",") if c.strip()]
    score += all(c in CATEGORIES for c in categories)
    score += all(code for _, code in split_countries(row.get("sponsor", "")))
    response = row.get("response", "").strip().casefold()
    score += not response or response.startswith(RESPONSES)
    sources = [value for key, value in row.items() if key.startswith("sources")]
    return score + sum(not s.strip() or s.strip().startswith("http") for s in sources)


def _realign(fields: list[str], columns: list[str]) -> tuple[list[str], str] | None:
    """The row with its columns put back where a "??," merged a field with the following ones."""
    for index, column in enumerate(columns):
        if column not in ("description", "response", "victims"):
            continue
        match = _MERGED.search(fields[index])
        if match is None:
            continue
        value = fields[index]
        pieces, tail = value[match.end():].split(","), fields[index + 1:]
        if pieces[-1].endswith('"'):
            pieces[-1] = pieces[-1][:-1]
        else:  # the swallowed quote closes later: join the fields up to the one ending with '"'
            closing = next((i for i, f in enumerate(tail) if f.endswith('"')), None)
            if closing is None:
                continue
            pieces[-1] = ",".join([pieces[-1], *tail[:closing], tail[closing][:-1]])
            tail = tail[closing + 1:]
        repaired = [*fields[:index], value[:match.start() + 2], *(p.strip() for p in pieces), *tail]
        while len(repaired) > len(columns) and not repaired[-1].strip():
            repaired.pop()
        if len(repaired) <= len(columns):
            return repaired + [""] * (len(columns) - len(repaired)), column
    return None


def _date(text: str) -> FuzzyDate | None:
    text = text.strip()
    match = _US_DATE.fullmatch(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return FuzzyDate(date(year, month, day).isoformat(), "day")
        except ValueError:
            return None
    return parse_date(text)


class _CountedLines:
    """The lines of a text for the csv reader, counting them as ``str.splitlines()`` does."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += len(line.splitlines()) or 1
        return line


def _header(text: str) -> list[str] | None:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        names = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return None
    columns = [fold(name).replace(" ", "_") for name in names]
    return columns if all(name in columns for name in REQUIRED) else None


class CfrTrackerParser:
    """The Council on Foreign Relations' Cyber Operations Tracker, one row per operation.

    Sponsors become ISO codes (unknown names kept as text and reported); victim countries are
    read from the victims column; rows whose columns a mojibake "??" shifted are realigned and reported.
    """

    kind = "cfr-tracker"
    description = "CFR Cyber Operations Tracker (CSV: Title, Date, Victims, Sponsor, Type…)"

    def detect(self, data: bytes, name: str) -> bool:
        text = data[:8192].decode("utf-8", errors="replace")
        return "\n" in text and _header(text) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        columns = _header(text)
        if columns is None:
            raise ParseError(f"not a CFR tracker table: the header lacks one of {', '.join(REQUIRED)}",
                             path=origin, line=1)
        lines = _CountedLines(text)
        reader = csv.reader(lines)
        warnings: list[str] = []
        unresolved: dict[str, None] = {}
        records: list[Record] = []
        ids: dict[str, int] = {}
        mojibake = 0
        try:
            next(reader)
            while True:
                start = lines.count + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) > len(columns) and any(f.strip() for f in fields[len(columns):]):
                    warnings.append(f"row at line {start}: {len(fields) - len(columns)} fields beyond the header ignored")
                fields = (fields + [""] * len(columns))[: len(columns)]
                row = dict(zip(columns, fields, strict=True))
                realigned = _realign(fields, columns)
                if realigned and _row_score(dict(zip(columns, realigned[0], strict=True))) > _row_score(row):
                    row = dict(zip(columns, realigned[0], strict=True))
                    warnings.append(f"row at line {start}: columns realigned (a '??' in place of a closing quote "
                                    f"had merged {realigned[1]!r} with the next columns)")
                mojibake += any("??" in value for value in row.values())
                records.append(self._record(row, start, lines.count, warnings, unresolved, ids))
        except csv.Error as exc:
            raise ParseError(f"malformed CSV: {exc}", path=origin, line=lines.count) from None
        if not records:
            raise ParseError("the CFR tracker table has no rows", path=origin, line=1)
        last = records[-1]
        if "\n".join(text.splitlines()[last.line_start - 1:last.line_end]).count('"') % 2:
            raise ParseError("unclosed quote in the last row (truncated file?)", path=origin, line=last.line_start)
        warnings.extend(f"sponsor {name!r} not recognised as a country (kept as text)" for name in unresolved)
        if mojibake:
            warnings.append(f"{mojibake} rows have '??' where characters were lost (mojibake); kept as is")
        return ParsedSource(
            format=self.kind,
            media_type="text/csv",
            text=text,
            records=tuple(records),
            lineage=self.kind,
            country=None,
            language="en",
            title="Council on Foreign Relations: Cyber Operations Tracker",
            publisher="Council on Foreign Relations",
            warnings=tuple(warnings),
        )

    @staticmethod
    def _record(row: dict[str, str], start: int, end: int, warnings: list[str], unresolved: dict[str, None],
                ids: dict[str, int]) -> Record:
        title = " ".join(row.get("title", "").split())
        when = _date(row.get("date", ""))
        if when is None and row.get("date", "").strip():
            warnings.append(f"row at line {start}: date {row['date'].strip()!r} not understood")
        sponsors = split_countries(row.get("sponsor", ""))
        for name, code in sponsors:
            if code is None:
                unresolved.setdefault(name)
        key = f"cfr/{when.value if when and when.value else 'undated'}/{fold(title).replace(' ', '-')[:80]}"
        ids[key] = ids.get(key, 0) + 1
        victims_text = " ".join(row.get("victims", "").split())
        victim_codes = countries_in(victims_text)
        sources = [row[c].strip() for c in row if c.startswith("sources") and _URL.match(row[c].strip())]
        response = " ".join(row.get("response", "").split())
        sponsor_refs = [{"code": code, "name": (info.name if (info := get_country(code)) else name) if code else name}
                        for name, code in sponsors]
        incident = Incident(
            incident_id=key if ids[key] == 1 else f"{key}-{ids[key]}",
            dataset="cfr",
            summary=" ".join(row.get("description", "").split()) or None,
            title=title or None,
            victim_countries=victim_codes,
            date=when,
            references=list(dict.fromkeys(sources)),
            sponsor=sponsor_refs,
            victims=country_refs(victim_codes),
            type=row.get("type", "").strip() or None,
            attributes={
                "category": [c.strip() for c in row.get("category", "").split(",") if c.strip()],
                "response": response.split("http")[0].strip() or None,
                "victims_text": victims_text or None,
            },
            extra={"affiliations": " ".join(row.get("affiliations", "").split()) or None,
                   "response": response or None},
        )
        record = incident.to_record(f"Row at line {start}", start, end)
        actors = tuple(Actor(str(ref["name"]), "sponsor") for ref in sponsor_refs)
        return replace(record, actors=actors)
