"""The Global Data Barometer's raw results (JSON arrays as GDB publishes them for download).

The download is a set of files: ``measures.json`` (one object per country, ISO alpha-3 ``iso`` plus one
string score per indicator or component id such as ``G.GOVERNANCE.DPL``), ``supporting_evidence.json``
(the documents researchers cited: ``iso``, ``indicator_id``, ``title``, ``link``), and codebooks
(``indicators.json``, ``countries.json``, sub-question and response mappings). Scores become
``index_value`` records holding the score as published; evidence becomes one ``list`` record per country
and indicator whose links are the cited documents; codebooks state no country facts (the curation script
reads them for indicator names). Rows that are not countries (``AVERAGE``) are left out with a warning.
The licence of GDB's data is not confirmed: only facts (scores, evidence links) are taken, with attribution.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policyatlas.errors import ParseError
from policyatlas.model.country import get_country
from policyatlas.model.record import Link, ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.text.lines import line_locator

PUBLISHER = "Global Data Barometer (ILDA and the Data for Development Network)"
URL = "https://globaldatabarometer.org/"
INDICATOR = re.compile(r"^[A-Z]\.[A-Z]+\.[A-Z0-9_]+(?:\.[A-Za-z0-9_]+)*$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_OBJECT = re.compile(r"\{[^{}]*\}")
#: What each kind of file holds, told by the keys of its objects.
FILE_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("evidence", frozenset({"iso", "indicator_id", "link"})),
    ("indicators", frozenset({"indicator_id", "indicator_name"})),
    ("countries", frozenset({"iso", "country_name"})),
    ("subquestions", frozenset({"varname", "subquestion_id"})),
    ("subquestion-texts", frozenset({"subquestion_id", "subquestion_text"})),
    ("responses", frozenset({"response_id", "response_text"})),
)


def file_kind(first: dict[str, Any]) -> str | None:
    """Which GDB file an array's first object comes from (None: not a GDB file)."""
    keys = set(first)
    if "iso" in keys and any(INDICATOR.match(k) for k in keys):
        return "measures"
    return next((kind for kind, needed in FILE_KINDS if needed <= keys), None)


@dataclass(frozen=True)
class Item:
    """One object of the array with the lines it spans."""

    value: dict[str, Any]
    line_start: int
    line_end: int


def items(text: str) -> Iterator[Item]:
    """The array's objects (flat, as GDB writes them) with their line spans."""
    locate = line_locator(text)
    for match in _OBJECT.finditer(text):
        try:
            value = json.loads(match.group(0))
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            yield Item(value, locate(match.start()), locate(match.end() - 1))


def read_country(value: Any) -> str | None:
    """The alpha-2 code of a GDB ``iso`` (alpha-3, with XKX for Kosovo), None when it is not a country."""
    country = get_country(str(value or "").strip()) if str(value or "").strip().isalpha() else None
    return country.code if country else None


class BarometerParser:
    """One file of the Global Data Barometer's raw JSON results."""

    kind = "gdb-json"
    description = "Global Data Barometer raw results (JSON: measures, supporting evidence, codebooks)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
        if not head.startswith("["):
            return False
        match = _OBJECT.search(head)
        if match is None:
            return False
        try:
            first = json.loads(match.group(0))
        except json.JSONDecodeError:
            return False
        return isinstance(first, dict) and file_kind(first) is not None

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        try:
            array = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", path=origin, line=exc.lineno) from None
        if not isinstance(array, list) or not array or not isinstance(array[0], dict):
            raise ParseError("not a Global Data Barometer file (expected a JSON array of objects)", path=origin)
        kind = file_kind(array[0])
        if kind is None:
            raise ParseError("not a Global Data Barometer file (unknown keys)", path=origin, line=1)
        edition = int(options.published.value[:4]) if options.published and options.published.value else None
        warnings: list[str] = []
        if kind == "measures":
            records = list(_scores(text, edition, warnings))
        elif kind == "evidence":
            records = list(_evidence(text, edition, warnings))
        else:
            records = []
            warnings.append(f"a codebook ({kind}): it names things, it states no country facts")
        return ParsedSource(
            format=self.kind, media_type="application/json", text=text, records=tuple(records),
            lineage=f"{self.kind}/{kind}{f'-{edition}' if edition else ''}", language="en",
            title=f"Global Data Barometer{f' {edition}' if edition else ''}: {kind}", publisher=PUBLISHER, url=URL,
            warnings=tuple(warnings),
        )


def score_record(country: str, indicator: str, value: int | float, published: str, *, name: str | None,
                 edition: int | None, span: tuple[int, int], links: tuple[Link, ...] = ()) -> Record:
    """A published GDB score (0-100) of a country for an indicator."""
    return Record(
        kind="index_value", country=country, section="Global Data Barometer", subsection=name or indicator,
        title=f"Global Data Barometer: {name or indicator}", title_language="en", line_start=span[0],
        line_end=span[1], links=links,
        attributes={"index": f"gdb/{indicator}", "index_name": f"Global Data Barometer: {name or indicator}",
                    "indicator": indicator, "edition": edition, "value": value, "published": published,
                    "scale": "0-100", "rank": None},
    )


def _scores(text: str, edition: int | None, warnings: list[str]) -> Iterator[Record]:
    left_out: list[str] = []
    for item in items(text):
        country = read_country(item.value.get("iso"))
        if country is None:
            left_out.append(str(item.value.get("iso")))
            continue
        for key, raw in sorted(item.value.items()):
            if not INDICATOR.match(key):
                continue
            cell = str(raw).strip() if raw is not None else ""
            if not cell:
                continue
            if not _NUMBER.match(cell):
                warnings.append(f"line {item.line_start}: {country} {key} = {cell!r} is not a score: left out")
                continue
            value: int | float = int(cell) if re.fullmatch(r"-?\d+", cell) else float(cell)
            yield score_record(country, key, value, cell, name=None, edition=edition,
                               span=(item.line_start, item.line_end))
    if left_out:
        warnings.append(f"rows that are not countries left out: {', '.join(left_out)}")


def _evidence(text: str, edition: int | None, warnings: list[str]) -> Iterator[Record]:
    grouped: dict[tuple[str, str], tuple[list[Link], int, int]] = {}
    left_out: set[str] = set()
    for item in items(text):
        country = read_country(item.value.get("iso"))
        indicator = str(item.value.get("indicator_id") or "")
        link = str(item.value.get("link") or "").strip()
        if country is None:
            left_out.add(str(item.value.get("iso")))
            continue
        if not link.startswith(("http://", "https://")):
            continue  # evidence given without an address: nothing to link
        label = " ".join(str(item.value.get("title") or link).split())[:300]
        links, first, _ = grouped.get((country, indicator), ([], item.line_start, item.line_end))
        links.append(Link(label, link))
        grouped[(country, indicator)] = (links, first, item.line_end)
    for (country, indicator), (links, first, last) in grouped.items():
        yield Record(
            kind="list", country=country, section="Global Data Barometer", subsection=indicator,
            title=f"Global Data Barometer evidence: {indicator}", title_language="en", line_start=first,
            line_end=last, links=tuple(links), attributes={"indicator": indicator, "edition": edition},
        )
    if left_out:
        warnings.append(f"rows that are not countries left out: {', '.join(sorted(left_out))}")
