"""Tables of an organisation's member countries with the year each joined (``Country,OECD_YEAR``)."""

from __future__ import annotations

import re

from policyatlas.errors import ParseError, PolicyAtlasError
from policyatlas.model.country import resolve_country
from policyatlas.model.dates import make_date
from policyatlas.model.record import ParsedSource, Record
from policyatlas.resolve.names import find_international_org
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.tables import table_rows
from policyatlas.text.titles import fold

_YEAR_HEADER = re.compile(r"^(?P<org>[A-Za-z]{2,12})[ _-]?(?:year|joined|accession|member(?:ship)? year)$", re.I)


def _layout(header: list[str]) -> tuple[int, int, str] | None:
    """The country column, the year column and the organisation it names (``OECD_YEAR`` → OECD)."""
    country = next((i for i, cell in enumerate(header) if fold(cell) in ("country", "countries", "member",
                                                                         "member state", "state")), None)
    for index, cell in enumerate(header):
        match = _YEAR_HEADER.match(cell.strip().lstrip("\ufeff"))
        if match and country is not None and find_international_org(match.group("org")) is not None:
            return country, index, match.group("org")
    return None


class MembershipTableParser:
    """Members of an international organisation, one country a row, with the year it joined where known."""

    kind = "membership-table"
    description = "Member countries of an international organisation with their accession year (CSV)"

    def detect(self, data: bytes, name: str) -> bool:
        try:
            text = decode_text(data[:65536] if len(data) > 65536 else data, name)
        except PolicyAtlasError:
            return False
        first = next(table_rows(text.split("\n", 1)[0]), None)
        return first is not None and _layout([c.lstrip("\ufeff") for c in first[0]]) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        rows = table_rows(text)
        header = next(rows, None)
        layout = _layout([c.lstrip("\ufeff") for c in header[0]]) if header else None
        if layout is None:
            raise ParseError("not a membership table: no country column and '<ORGANISATION>_YEAR' column",
                             path=origin)
        country_at, year_at, acronym = layout
        org = find_international_org(acronym)
        assert org is not None
        records: list[Record] = []
        warnings: list[str] = []
        for row, start, end in rows:
            name = row[country_at].replace("\u00a0", " ").strip() if country_at < len(row) else ""
            code = resolve_country(name)
            if code is None:
                warnings.append(f"line {start}: country {name!r} is not known; row left out")
                continue
            year = row[year_at].strip() if year_at < len(row) else ""
            date = make_date(int(year)) if re.fullmatch(r"(?:19|20)\d\d", year) else None
            records.append(Record(
                kind="membership", country=code, section="Membership", title=org.name, acronym=org.acronym,
                title_language="en", dates=(date,) if date else (),
                date_note="accession" if date else "member; the table gives no accession year",
                line_start=start, line_end=end,
            ))
        if not records:
            raise ParseError("membership table without any readable row", path=origin)
        return ParsedSource(
            format=self.kind, media_type="text/csv", text=text, records=tuple(records),
            lineage=f"{self.kind}/{fold(org.acronym or org.name).replace(' ', '-')}", language="en",
            title=f"Members of the {org.name}", warnings=tuple(warnings),
        )
