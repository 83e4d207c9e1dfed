"""The AI Index's policy data tables (Stanford HAI): AI-related laws passed, AI in parliaments, public AI spending.

Each figure of the report's "Policy and Governance" chapter ships as a small CSV: a place column
("Geographic area", "Select geographic area", "Country", "Label") or a "Year" column, and one or two
value columns whose header names the measure and, sometimes, the period ("Number of AI-related bills
passed into law, 2016-24"). Columns may come in either order. Every value becomes an ``index_value``
record holding the number exactly as published (the tables are CC BY-ND: shown, never altered), with the
published header as its name and the period only where the header or a Year column states it.
Places that are not countries ("Europe") and names that cannot be read are warnings, never dropped
silently; a table with no place column (a world total per year) yields no country records.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country, resolve_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.titles import fold

PUBLISHER = "Stanford Institute for Human-Centered Artificial Intelligence (HAI), AI Index"
URL = "https://hai.stanford.edu/ai-index"
LICENSE = "CC BY-ND 4.0"
PLACE_HEADERS = frozenset({"geographic area", "select geographic area", "country", "countries", "label",
                           "economy", "region"})
YEAR_HEADERS = frozenset({"year"})


@dataclass(frozen=True)
class Metric:
    """A measure an AI Index table reports: its key, unit and the folded header phrases that name it."""

    key: str
    unit: str
    patterns: tuple[str, ...]
    needs_country: bool = False


METRICS: tuple[Metric, ...] = (
    Metric("bills_passed", "bills", (r"\bai related bills passed into law\b",)),
    Metric("legislative_mentions", "mentions", (r"\bmentions of ai in legislative proceedings\b",
                                                r"^number of ai mentions\b")),
    Metric("public_ai_spending", "USD millions", (r"\bpublic spending on ai related contracts\b",)),
    Metric("public_ai_contracts_value", "USD millions", (r"^tot value m$",), needs_country=True),
    Metric("public_ai_contracts_per_100k", "USD thousands per 100,000 inhabitants",
           (r"^tot value per 100k inhabitants k$",), needs_country=True),
    Metric("public_ai_contracts", "contracts", (r"^n contracts$",), needs_country=True),
    Metric("public_ai_contract_median", "USD thousands", (r"^median contract value k$",), needs_country=True),
)
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*(\d{2}|(?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_FIGURE = re.compile(r"fig(?:ure)?[ _.-]*(\d+(?:\.\d+)+)", re.I)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_NOT_COUNTRIES = frozenset({"europe", "world", "global", "total", "asia", "africa", "americas", "oceania",
                            "european union", "eu", "rest of the world", "other"})


@dataclass(frozen=True)
class Column:
    """A value column: where it stands, its metric, the header as published and the period it states."""

    position: int
    metric: Metric
    header: str
    period: tuple[int, int] | None


def find_metric(header: str) -> Metric | None:
    """The AI Index measure a column header names, if any."""
    key = " ".join(fold(header).split())
    return next((m for m in METRICS if any(re.search(p, key) for p in m.patterns)), None)


def header_period(header: str) -> tuple[int, int] | None:
    """The years a header states: "2016-24" → (2016, 2024), ", 2024" → (2024, 2024); None when it states none."""
    match = _RANGE.search(header)
    if match:
        start, end = int(match.group(1)), match.group(2)
        stop = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        return (start, stop) if stop > start else None
    years = _YEAR.findall(header)
    return (int(years[-1]), int(years[-1])) if len(years) == 1 else None


@dataclass(frozen=True)
class Layout:
    """Which columns of a table hold the place, the year and the values."""

    place: int | None
    year: int | None
    columns: tuple[Column, ...]


def find_layout(header: list[str]) -> Layout | None:
    """The layout of an AI Index table from its header row, or None when it is not one."""
    place = year = None
    columns = []
    for position, cell in enumerate(header):
        name = " ".join(fold(cell).split())
        if name in PLACE_HEADERS and place is None:
            place = position
        elif name in YEAR_HEADERS and year is None:
            year = position
        else:
            metric = find_metric(cell)
            if metric is not None:
                columns.append(Column(position, metric, " ".join(cell.split()), header_period(cell)))
    if not columns or (place is None and year is None):
        return None
    if any(c.metric.needs_country for c in columns) and (place is None or fold(header[place]) != "country"):
        return None
    return Layout(place, year, tuple(columns))


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """The CSV's rows with their 1-based line numbers (as ``str.splitlines`` counts them)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
    return rows


class AiIndexTableParser:
    """One data table of the AI Index's policy chapter (CSV)."""

    kind = "ai-index-table"
    description = "AI Index policy data table (CSV: AI-related laws, AI mentions in parliaments, public AI spending)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:8192]
        if not head.strip() or b"\x00" in head or head.lstrip()[:1] in (b"{", b"[", b"<", b"-", b"#"):
            return False
        text = head.decode("utf-8-sig", errors="replace")
        if len(data) > len(head):
            text = text.rsplit("\n", 1)[0]
        try:
            rows = _rows(text)
        except csv.Error:
            return False
        if len(rows) < 2:
            return False
        layout = find_layout(rows[0][1])
        if layout is None:
            return False
        cells = [row[c.position].strip() for _, row in rows[1:20] for c in layout.columns if c.position < len(row)]
        return bool(cells) and all(_NUMBER.match(cell) for cell in cells if cell)

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        try:
            rows = _rows(text)
        except csv.Error as exc:
            raise ParseError(f"not a readable CSV table: {exc}", path=origin) from None
        if not rows:
            raise ParseError("empty table", path=origin)
        layout = find_layout(rows[0][1])
        if layout is None:
            raise ParseError("not an AI Index table: no column names an AI Index measure next to a place or year "
                             "column", path=origin, line=rows[0][0])
        figure_match = _FIGURE.search(PurePath(origin).name)
        figure = figure_match.group(1) if figure_match else None
        edition = int(options.published.value[:4]) if options.published and options.published.value else None
        warnings: list[str] = []
        records: list[Record] = []
        seen: set[tuple[int, int | None, str]] = set()
        not_countries: list[str] = []
        years: list[int] = []
        for line, row in rows[1:]:
            place = row[layout.place].strip() if layout.place is not None and layout.place < len(row) else None
            year_cell = row[layout.year].strip() if layout.year is not None and layout.year < len(row) else None
            year = int(year_cell) if year_cell and year_cell.isdigit() else None
            if layout.year is not None and year is None:
                warnings.append(f"line {line}: year {year_cell!r} is not a year: row left out")
                continue
            if layout.place is None:
                continue  # a world series: no country to hold it
            country = _country(place or "")
            if country is None:
                if place and fold(place) in _NOT_COUNTRIES:
                    if place not in not_countries:
                        not_countries.append(place)
                else:
                    warnings.append(f"line {line}: {place!r} is not a country name the atlas knows: row left out")
                continue
            for column in layout.columns:
                cell = row[column.position].strip() if column.position < len(row) else ""
                if not cell:
                    continue
                if not _NUMBER.match(cell):
                    warnings.append(f"line {line}: {column.header!r} value {cell!r} is not a number: left out")
                    continue
                period = (year, year) if year is not None else column.period
                key = (column.position, year, country)
                if key in seen:
                    warnings.append(f"line {line}: {place} is listed twice; both values kept")
                seen.add(key)
                if period:
                    years.append(period[1])
                records.append(_record(country, place or country, line, column, cell, period, figure, edition))
        if layout.place is None:
            warnings.append("a series without a place column (a world total): no country records")
        if not_countries:
            warnings.append(f"places that are not countries left out: {', '.join(not_countries)}")
        name = layout.columns[0].header
        return ParsedSource(
            format=self.kind, media_type="text/csv", text=text, records=tuple(records),
            lineage=f"{self.kind}/{figure or _slug(name)}", language="en",
            title=f"AI Index{f' {edition}' if edition else ''}"
                  f"{f', figure {figure}' if figure else ''}: {name}",
            as_of=FuzzyDate(str(max(years)), "year") if years else None, publisher=PUBLISHER, url=URL,
            warnings=tuple(warnings),
        )


def _country(place: str) -> str | None:
    if not place or fold(place) in _NOT_COUNTRIES:
        return None
    code = resolve_country(place)
    return code if code and get_country(code) else None


def index_key(metric: str, figure: str | None, period: tuple[int, int] | None) -> str:
    """The index a value belongs to: the measure, the figure that publishes it and its period."""
    parts = ["ai-index", f"fig-{figure}" if figure else None, metric, period_text(period)]
    return "/".join(p for p in parts if p)


def period_text(period: tuple[int, int] | None) -> str | None:
    """A period as the records write it: ``2024`` or ``2016-2024``."""
    if period is None:
        return None
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def _record(country: str, place: str, line: int, column: Column, cell: str, period: tuple[int, int] | None,
            figure: str | None, edition: int | None) -> Record:
    value: Any = int(cell) if re.fullmatch(r"-?\d+", cell) else float(cell)
    span = period_text(period)
    date = None
    if period is not None:
        date = FuzzyDate(str(period[0]), "year", str(period[1]) if period[1] != period[0] else None)
    title = f"AI Index: {column.header}" + (f" ({span})" if span and column.period is None else "")
    return Record(
        kind="index_value", country=country, section="AI Index", subsection=column.header, title=title,
        title_language="en", line_start=line, line_end=line, dates=(date,) if date else (),
        attributes={"index": index_key(column.metric.key, figure, period), "index_name": column.header,
                    "edition": edition, "metric": column.metric.key, "period": span, "value": value,
                    "published": cell, "unit": column.metric.unit, "scale": column.metric.unit, "rank": None,
                    "figure": figure, "place_as_published": place},
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "table"
