"""Panels of national cybersecurity strategies: one row per country, whether it has adopted one, and when
(Kostyuk's inaugural-strategies panel: ``Countries,DATE,Year,cyb_strategy,total_strategies``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.errors import ParseError, PolicyAtlasError
from policyatlas.model.country import resolve_country
from policyatlas.model.dates import FuzzyDate, make_date
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.tables import table_rows
from policyatlas.text.titles import fold

_MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "-"})
_TITLE = "National cybersecurity strategy"


@dataclass(frozen=True)
class _Columns:
    country: int
    flag: int
    date: int | None
    year: int | None
    count: int | None


def _columns(header: list[str]) -> _Columns | None:
    """Where the panel's columns are: a country, a strategy flag, a date or a year, and a count."""
    names = [fold(cell.replace("_", " ")) for cell in header]

    def find(pattern: str) -> int | None:
        return next((i for i, name in enumerate(names) if re.fullmatch(pattern, name)), None)

    country = find(r"countr(?:y|ies)|iso ?3?|country code|iso3 code")
    flag = find(r"(?:cyb(?:er)?|ncs)? ?strateg(?:y|ies)|cyb strategy|has strategy|strategy adopted")
    if country is None or flag is None:
        return None
    return _Columns(country, flag, find(r"date|adoption date"), find(r"year|adoption year"),
                    find(r"total strateg(?:y|ies)|strateg(?:y|ies) count|number of strateg(?:y|ies)"))


def _date(cell: str, year_cell: str) -> FuzzyDate | None:
    """``20141101`` → 1 November 2014; ``20150101`` stands for the year only (the panel's convention)."""
    value = cell.strip()
    if re.fullmatch(r"\d{8}", value):
        year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
        return make_date(year) if (month, day) == (1, 1) else make_date(year, month, day)
    if re.fullmatch(r"\d{4}", year_cell.strip()):
        return make_date(int(year_cell.strip()))
    return None


class StrategyPanelParser:
    """A panel of national cybersecurity strategies: for each country, its strategy (and when) or none."""

    kind = "strategy-panel"
    description = "Panel of national cybersecurity strategies (CSV: country, strategy yes/no, date, count)"

    def detect(self, data: bytes, name: str) -> bool:
        try:
            text = decode_text(data[:65536] if len(data) > 65536 else data, name)
        except PolicyAtlasError:
            return False
        first = next(table_rows(text.split("\n", 1)[0]), None)
        return first is not None and len(first[0]) >= 3 and _columns(first[0]) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        rows = table_rows(text)
        header = next(rows, None)
        columns = _columns(header[0]) if header else None
        if columns is None:
            raise ParseError("not a strategy panel: no country and strategy columns in the first row", path=origin)
        records: list[Record] = []
        warnings: list[str] = []
        latest = ""
        for row, start, end in rows:
            def cell(index: int | None, row: list[str] = row) -> str:
                return row[index].strip() if index is not None and index < len(row) else ""

            code = resolve_country(cell(columns.country))
            if code is None:
                warnings.append(f"line {start}: country {cell(columns.country)!r} is not known; row left out")
                continue
            flag = fold(cell(columns.flag))
            if flag in _MISSING:
                continue
            adopted = flag in ("1", "yes", "true", "si", "y")
            date = _date(cell(columns.date), cell(columns.year)) if adopted else None
            total = int(cell(columns.count)) if cell(columns.count).isdigit() else None
            if adopted and total == 0:
                warnings.append(f"line {start}: {code} has a strategy but a total of 0 strategies")
            if date is not None and date.value and date.value > latest:
                latest = date.value
            records.append(Record(
                kind="strategy", country=code, section="Cybersecurity Policy", subsection="Strategy Documents",
                title=_TITLE, title_language="en", dates=(date,) if date else (),
                date_note="first national strategy" if adopted else None,
                status="exists" if adopted else "absent", line_start=start, line_end=end,
                attributes={"total_strategies": total} if total is not None else {},
                extra={"panel": "inaugural strategies"},
            ))
        if not records:
            raise ParseError("strategy panel without any readable row", path=origin)
        span = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", origin.rsplit("/", 1)[-1])
        as_of = make_date(int(span[-1])) if span else (make_date(int(latest[:4])) if latest else None)
        return ParsedSource(
            format=self.kind, media_type="text/csv", text=text, records=tuple(records),
            lineage=f"{self.kind}/{re.sub(r'[^a-z0-9]+', '-', fold(origin.rsplit('/', 1)[-1].rsplit('.', 1)[0]))}",
            language="en", title="Panel of national cybersecurity strategies", as_of=as_of, warnings=tuple(warnings),
        )
