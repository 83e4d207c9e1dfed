"""Published cybersecurity index tables (ITU GCI, NCSI, CEI, DDL) as dated index values per country and edition."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from policyatlas.errors import ParseError
from policyatlas.model.country import resolve_country
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.tables import table_rows
from policyatlas.text.titles import fold


@dataclass(frozen=True)
class IndexInfo:
    """A published index: its key, full name and the phrases (folded words) that name it in a header."""

    key: str
    name: str
    phrases: tuple[tuple[str, ...], ...]


INDICES: dict[str, IndexInfo] = {info.key: info for info in (
    IndexInfo("gci", "Global Cybersecurity Index", (("gci",), ("global", "cybersecurity", "index"),
                                                      ("global", "cyber", "security", "index"))),
    IndexInfo("ncsi", "National Cyber Security Index", (("ncsi",), ("national", "cyber", "security", "index"),
                                                         ("national", "cybersecurity", "index"))),
    IndexInfo("cei", "Cybersecurity Exposure Index", (("cei",), ("cybersecurity", "exposure", "index"),
                                                       ("cyber", "security", "exposure", "index"))),
    IndexInfo("ddl", "Digital Development Level", (("ddl",), ("digital", "development", "level"))),
)}

COUNTRY_HEADERS = frozenset({
    "country", "countries", "country name", "country or territory", "country territory", "member state",
    "member states", "economy", "nation", "pais", "pays", "country code", "iso", "iso2", "iso 2", "iso3",
    "iso code", "iso a2", "alpha 2", "alpha2",
})
YEAR_HEADERS = frozenset({"year", "edition", "ano", "annee"})
GENERIC_HEADERS = frozenset({"score", "overall score", "total score", "index score", "value", "index"})
MISSING = frozenset({"", "na", "n/a", "n.a.", "-", "–", "—", "..", "nan", "null", "none", "no data"})
# Words a column of overall scores may carry besides the index's name ("GCI score 2020", "NCSI (0-100)").
_SCORE_WORDS = frozenset("score scores overall total index value values points result 0 1 100 itu ega out of".split())
_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_HEADER_ROWS = 10
_DETECT_BYTES = 16384


def _tokens(text: str) -> list[str]:
    spaced = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", fold(text).replace("_", " "))
    return spaced.split()


def _named_index(tokens: list[str]) -> tuple[str, set[int]] | None:
    """The index a header names and the positions of its words, or None."""
    for info in INDICES.values():
        for phrase in info.phrases:
            for start in range(len(tokens) - len(phrase) + 1):
                if tuple(tokens[start:start + len(phrase)]) == phrase:
                    return info.key, set(range(start, start + len(phrase)))
    return None


@dataclass
class _Column:
    """A column of the table and the part it plays: country, year, rank, index value, generic score or other."""

    position: int
    header: str
    role: str
    index: str | None = None
    year: int | None = None


def _classify(position: int, header: str) -> _Column:
    tokens = _tokens(header)
    joined = " ".join(tokens)
    if joined in COUNTRY_HEADERS:
        return _Column(position, header, "country")
    if joined in YEAR_HEADERS:
        return _Column(position, header, "year")
    named = _named_index(tokens)
    if {"rank", "ranking", "rang", "position"} & set(tokens):  # a regional rank is not the table's rank
        regional = {"region", "regional"} & set(tokens)
        return _Column(position, header, "other" if regional else "rank", named[0] if named else None)
    if named is None:
        return _Column(position, header, "generic" if joined in GENERIC_HEADERS else "other")
    years = [int(t) for t in tokens if _YEAR.fullmatch(t)]
    rest = [t for i, t in enumerate(tokens) if i not in named[1] and not _YEAR.fullmatch(t) and t not in _SCORE_WORDS]
    if rest:  # "GCI legal measures", "NCSI indicators": not the overall score
        return _Column(position, header, "other", named[0])
    return _Column(position, header, "index", named[0], years[0] if len(set(years)) == 1 else None)


@dataclass
class _Layout:
    """Where the header is, what its columns are, and what the lines above it say."""

    header_line: int
    columns: list[_Column]
    preamble: str
    notes: list[str] = field(default_factory=list)

    def role(self, role: str) -> list[_Column]:
        return [c for c in self.columns if c.role == role]


def _find_layout(rows: Iterator[tuple[list[str], int, int]]) -> _Layout | None:
    """The first row (among the first few) with a country column and an index or score column."""
    preamble: list[str] = []
    for _, (row, _start, end) in zip(range(_HEADER_ROWS), rows, strict=False):
        columns = [_classify(i, cell.strip()) for i, cell in enumerate(row)]
        roles = {c.role for c in columns}
        if "country" in roles and roles & {"index", "generic"}:
            layout = _Layout(end, columns, " ".join(preamble))
            _assign_generic(layout)
            if layout.role("index"):
                return layout
        preamble.append(" ".join(cell.strip() for cell in row if cell.strip()))
    return None


def _assign_generic(layout: _Layout) -> None:
    """Give an index to generic "Score" columns when the preamble or the ITU layout names it."""
    if layout.role("index"):
        return
    named = {n[0] for n in (_named_index(_tokens(part)) for part in re.split(r"[.;:|]", layout.preamble)) if n}
    country = layout.role("country")[0]
    if len(named) == 1:
        key, why = named.pop(), "named above the table"
    elif fold(country.header) == "member state" and any(fold(c.header) == "score" for c in layout.role("generic")):
        key, why = "gci", "'Member State' and 'Score' columns are the layout of ITU's GCI tables"
    else:
        return
    for column in layout.role("generic")[:1]:
        column.role, column.index = "index", key
    layout.notes.append(f"the index is not named in the header; read as {INDICES[key].name} ({why})")


def _number(cell: str) -> float | None:
    text = cell.strip().replace("\u2212", "-").removesuffix("%").strip()
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return float(f"{value:.12g}") if value == value and abs(value) != float("inf") else None


def _rank(cell: str) -> int | None:
    digits = re.sub(r"\D", "", cell)
    return int(digits) if digits and len(digits) <= 4 else None


def _file_year(origin: str, key: str) -> int | None:
    name = PurePath(origin).name.casefold()
    near = re.search(rf"{key}[\W_]?((?:19|20)\d\d)(?!\d)", name)
    if near:
        return int(near.group(1))
    years = {int(y) for y in _YEAR.findall(name)}
    return years.pop() if len(years) == 1 else None


@dataclass
class _Edition:
    """How the edition of an index column is known when no row says it."""

    year: int | None
    source: str | None


def _edition(column: _Column, layout: _Layout, options: ParseOptions, origin: str) -> _Edition:
    if column.year is not None:
        return _Edition(column.year, "header")
    preamble_years = {int(y) for y in _YEAR.findall(layout.preamble)}
    if len(preamble_years) == 1:
        return _Edition(preamble_years.pop(), "above the table")
    if options.published is not None and options.published.value:
        return _Edition(int(options.published.value[:4]), "--published")
    return _Edition(_file_year(origin, column.index or ""), "file name")


@dataclass
class _Cell:
    """One index value read from a row, before the scale of its column and edition is known."""

    column: _Column
    edition: int | None
    value: float
    text: str
    rank: int | None
    name: str
    code: str | None
    line_start: int
    line_end: int
    fields: dict[str, str]


def _read_cells(rows: Iterator[tuple[list[str], int, int]], layout: _Layout, origin: str,
                editions: dict[int, _Edition], warnings: list[str]) -> list[_Cell]:
    country = layout.role("country")[0]
    year_columns = layout.role("year")
    indexed = layout.role("index")
    ranks: dict[int, _Column] = {}
    for ranked in layout.role("rank"):  # "GCI rank" goes with the GCI column, "Global Rank" with the only column
        owners = [c for c in indexed if c.index == ranked.index] if ranked.index else indexed
        if len(owners) == 1:
            ranks.setdefault(owners[0].position, ranked)
    others = layout.role("other") + layout.role("generic")
    cells: list[_Cell] = []
    seen: dict[tuple[str, str, int | None], int] = {}
    for row, start, end in rows:
        def cell(column: _Column, row: list[str] = row) -> str:
            return row[column.position].strip() if column.position < len(row) else ""
        name = cell(country)
        values = [(c, cell(c)) for c in indexed if cell(c).casefold() not in MISSING]
        if not name:
            if values:
                warnings.append(f"line {start}: values without a country name; row skipped")
            continue
        code = resolve_country(name)
        if code is None:
            kept = "kept with no country" if values else "no values"
            warnings.append(f"line {start}: country {name!r} not resolved to an ISO code; {kept}")
        year_match = _YEAR.search(cell(year_columns[0])) if year_columns else None
        row_year = int(year_match.group()) if year_match else None
        fields = {c.header: cell(c) for c in others if cell(c)}
        for column, text in values:
            value = _number(text)
            if value is None:
                warnings.append(f"line {start}: {column.header} value {text!r} is not a number; skipped")
                continue
            if not 0 <= value <= 100:
                raise ParseError(f"{column.header} value {text} is outside 0-100: not an index score",
                                 path=origin, line=start)
            edition = row_year if row_year is not None and column.year is None else editions[column.position].year
            key = (column.index or "", code or name, edition)
            if key in seen:
                warnings.append(f"line {start}: {name} has a second {column.header} value for the same edition "
                                f"(first at line {seen[key]})")
            seen.setdefault(key, start)
            rank_column = ranks.get(column.position)
            rank = _rank(cell(rank_column)) if rank_column else None
            cells.append(_Cell(column, edition, value, text, rank, name, code, start, end, fields))
    if not cells:
        raise ParseError("index table has no values (every index cell is empty)", path=origin, line=layout.header_line)
    return cells


def _value_text(value: float, text: str) -> str:
    decimals = text.partition(".")[2]
    return text if text.replace(".", "", 1).isdigit() and len(decimals) <= 6 else f"{value:g}"


def _records(cells: list[_Cell]) -> list[Record]:
    highest: dict[tuple[int, int | None], float] = {}
    for c in cells:
        key = (c.column.position, c.edition)
        highest[key] = max(highest.get(key, 0.0), c.value)
    records = []
    for c in cells:
        info = INDICES[c.column.index or ""]
        label = f"{info.name} {c.edition}" if c.edition is not None else info.name
        attributes: dict[str, Any] = {
            "index": info.key, "index_name": info.name, "edition": c.edition, "value": c.value,
            "scale": "0-1" if highest[(c.column.position, c.edition)] <= 1 else "0-100",
            "rank": c.rank, "country_name": c.name,
        }
        records.append(Record(
            kind="index_value",
            country=c.code,  # None when the name does not resolve (reported in the warnings)
            section=c.column.header,
            title=f"{label}: {_value_text(c.value, c.text)}",
            line_start=c.line_start,
            line_end=c.line_end,
            acronym=info.key.upper(),
            dates=(FuzzyDate(str(c.edition), "year"),) if c.edition is not None else (),
            attributes=attributes,
            extra={"column": c.column.header, "value_text": c.text, **({"fields": c.fields} if c.fields else {})},
        ))
    return records


def _check_scales(records: list[Record], warnings: list[str]) -> None:
    for record in records:
        attributes = record.attributes
        edition = attributes["edition"]
        if attributes["index"] != "gci" or edition is None:
            continue
        expected = "0-100" if edition >= 2020 else "0-1"
        if attributes["scale"] != expected:
            warnings.append(f"GCI {edition} values are on a {attributes['scale']} scale; the GCI used {expected} "
                            "in that edition: check the edition")
            return


class IndexTableParser:
    """CSV tables of published index scores per country (ITU GCI, NCSI, CEI, DDL), any country spelling."""

    kind = "index-table"
    description = "Cybersecurity index table (CSV): GCI, NCSI, CEI or DDL scores per country and edition"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:_DETECT_BYTES]
        if not head.strip() or b"\x00" in head or head.lstrip()[:1] in (b"{", b"[", b"<"):
            return False
        text = head.decode("utf-8-sig", errors="replace")
        if len(data) > _DETECT_BYTES:
            text = text.rsplit("\n", 1)[0]
        try:
            rows = table_rows(text)
            layout = _find_layout(rows)
            if layout is None:
                return False
            sample = [row for _, (row, _s, _e) in zip(range(20), rows, strict=False)]
        except (csv.Error, ValueError):
            return False
        columns = layout.role("index")
        numeric = [_number(row[c.position]) for row in sample for c in columns
                   if c.position < len(row) and row[c.position].strip().casefold() not in MISSING]
        return bool(numeric) and all(v is not None for v in numeric)

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin, fallbacks=("cp1252",))
        warnings: list[str] = []
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            warnings.append("not UTF-8: read as Windows-1252")
        try:
            rows = table_rows(text)
            layout = _find_layout(rows)
            if layout is None:
                raise self._no_layout(text, origin)
            warnings.extend(layout.notes)
            editions = {c.position: _edition(c, layout, options, origin) for c in layout.role("index")}
            cells = _read_cells(rows, layout, origin, editions, warnings)
        except csv.Error as exc:
            raise ParseError(f"malformed CSV: {exc}", path=origin) from None
        from_name: dict[int | None, list[str]] = {}
        for column in layout.role("index"):
            edition = editions[column.position]
            if edition.source == "file name" and any(c.column is column and c.edition == edition.year for c in cells):
                from_name.setdefault(edition.year, []).append(column.header)
        for year, headers in from_name.items():
            what = f"taken from the file name: {year}" if year else "not in the file name either: its values carry no date"
            warnings.append(f"the table does not state the edition of {', '.join(map(repr, headers))}; {what}")
        records = _records(cells)
        _check_scales(records, warnings)
        return self._source(text, records, warnings)

    def _no_layout(self, text: str, origin: str) -> ParseError:
        rows = list(zip(range(_HEADER_ROWS), table_rows(text), strict=False))
        for _, (row, start, _end) in rows:
            columns = [_classify(i, cell.strip()) for i, cell in enumerate(row)]
            if any(c.role == "index" for c in columns):
                return ParseError("index table has no country column (expected a header such as Country, "
                                  "Member State or ISO2)", path=origin, line=start)
        return ParseError("not an index table: no header names a known index (GCI, NCSI, CEI, DDL) beside "
                          "a country column", path=origin, line=rows[0][1][1] if rows else None)

    def _source(self, text: str, records: list[Record], warnings: list[str]) -> ParsedSource:
        keys = sorted({r.attributes["index"] for r in records})
        editions = sorted({r.attributes["edition"] for r in records if r.attributes["edition"] is not None})
        edition_part = "-".join(map(str, editions)) or "undated"
        labels = sorted({(r.attributes["index"], r.attributes["edition"]) for r in records}, key=str)
        if len(labels) == 1:
            key, edition = labels[0]
            title = f"{INDICES[key].name}{f' {edition}' if edition else ''}: scores by country"
        else:
            title = "Cybersecurity indices by country: " + ", ".join(
                f"{key.upper()}{f' {edition}' if edition else ''}" for key, edition in labels)
        return ParsedSource(
            format=self.kind,
            media_type="text/csv",
            text=text,
            records=tuple(records),
            lineage=f"{self.kind}/{'-'.join(keys)}-{edition_part}",
            country=None,
            language="en",
            title=title,
            as_of=FuzzyDate(str(editions[-1]), "year") if editions else None,
            warnings=tuple(warnings),
        )
