"""Bulk incident tables: VCDB exports (JSON arrays or lines of VERIS-like objects) and the CFR tracker."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from policyatlas.errors import ParseError
from policyatlas.model.dates import FuzzyDate
from policyatlas.model.record import ParsedSource, Record
from policyatlas.sources.base import NO_OPTIONS, ParseOptions, decode_text
from policyatlas.sources.incidents.cfr import CfrTrackerParser
from policyatlas.sources.incidents.veris import read_incident
from policyatlas.text.lines import line_locator

__all__ = ["CfrTrackerParser", "VcdbExportParser", "line_locator", "summarise_problems"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_HASH_SUFFIX = re.compile(r"[-_.]?[0-9a-f]{12,}$", re.IGNORECASE)
_OBJECT_ID = re.compile(r"[0-9a-f]{24}", re.IGNORECASE)
_MAX_PROBLEM_KINDS = 20


def summarise_problems(problems: Counter[str], unit: str) -> list[str]:
    """One warning per kind of problem, with the number of ``unit``s (records, rows) it touched."""
    lines = [f"{message} ({count} {unit})" if count > 1 else message for message, count in problems.items()]
    if len(lines) > _MAX_PROBLEM_KINDS:
        rest = len(lines) - _MAX_PROBLEM_KINDS
        lines = lines[:_MAX_PROBLEM_KINDS] + [f"… and {rest} more kinds of problems"]
    return lines


def _skip(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _objects(text: str, origin: str, where: Callable[[int], int]) -> Iterator[tuple[Any, int, int]]:
    """Each top-level value of a JSON array (or of JSON lines) with its start and end offsets."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    in_array = text.startswith("[", position)
    if in_array:
        position = _skip(text, position + 1)
    while position < len(text):
        if in_array and text.startswith("]", position):
            position = _skip(text, position + 1)
            if position < len(text):
                raise ParseError("text after the end of the JSON array", path=origin, line=where(position))
            return
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=origin, line=exc.lineno) from None
        except RecursionError:
            raise ParseError("JSON nested too deeply", path=origin, line=where(position)) from None
        yield value, position, end
        position = _skip(text, end)
        if in_array:
            if text.startswith(",", position):
                position = _skip(text, position + 1)
            elif not text.startswith("]", position):
                raise ParseError("expected ',' or ']' between the records of the JSON array", path=origin,
                                 line=where(position))
    if in_array:
        raise ParseError("the JSON array is not closed (truncated file?)", path=origin, line=where(len(text)))


def _without_id(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if key != "_id"}


def _lineage_key(origin: str) -> str:
    stem = PurePath(origin).stem or "vcdb"
    return _HASH_SUFFIX.sub("", stem) or stem


def _export_date(oids: list[str]) -> FuzzyDate | None:
    """The day the newest record went into the MongoDB the export came from (ObjectIds carry it)."""
    if not oids:
        return None
    newest = max(int(oid[:8], 16) for oid in oids)
    return FuzzyDate(datetime.fromtimestamp(newest, tz=UTC).date().isoformat(), "day")


class VcdbExportParser:
    """A bulk VCDB export: a JSON array (or JSON lines) of VERIS-like incident objects.

    Exports are dirty (numbers as strings or floats, scalars for lists, ISO alpha-3 countries,
    duplicates): values are coerced with care, one record is kept per incident id (the first)
    and every repair or loss is summed up in the warnings.
    """

    kind = "vcdb-export"
    description = "Bulk VCDB/VERIS incident export (JSON array or JSON lines, e.g. a MongoDB export)"

    def detect(self, data: bytes, name: str) -> bool:
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"["):
            if not head[1:].lstrip().startswith(b"{"):
                return False
        elif head.startswith(b"{"):  # JSON lines: a whole object on the first line, another after it
            first, _, rest = data.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
            if not rest.lstrip().startswith(b"{") or len(first) > 1_000_000:
                return False
            try:
                if not isinstance(json.loads(first), dict):
                    return False
            except (ValueError, RecursionError):
                return False
        else:
            return False
        return b'"incident_id"' in head and any(key in head for key in (b'"victim"', b'"action"', b'"timeline"'))

    def parse(self, data: bytes, origin: str, options: ParseOptions = NO_OPTIONS) -> ParsedSource:
        text = decode_text(data, origin)
        where = line_locator(text)
        problems: Counter[str] = Counter()
        seen: dict[str, dict[str, Any]] = {}
        dropped = differing = not_objects = without_id = 0
        records: list[Record] = []
        oids: list[str] = []
        for index, (value, start, end) in enumerate(_objects(text, origin, where), start=1):
            if not isinstance(value, dict):
                not_objects += 1
                continue
            incident_id = str(value.get("incident_id") or "").strip()
            if not incident_id:
                without_id += 1
                continue
            key = incident_id.upper()
            if key in seen:
                dropped += 1
                differing += _without_id(seen[key]) != _without_id(value)
                continue
            seen[key] = value
            found: set[str] = set()
            incident = read_incident(value, "vcdb", found.add)
            problems.update(found)
            oid = value.get("_id", {}).get("$oid") if isinstance(value.get("_id"), dict) else None
            if isinstance(oid, str) and _OBJECT_ID.fullmatch(oid):
                oids.append(oid)
                incident.extra["object_id"] = oid
            victim = value.get("victim")
            if isinstance(victim, dict) and isinstance(victim.get("industry_name"), str):
                incident.extra["industry_name"] = victim["industry_name"]
            incident.extra.update(offset_start=start, offset_end=end)
            records.append(incident.to_record(f"Record {index}", where(start), where(max(start, end - 1))))
        warnings = []
        if dropped:
            note = f"; {differing} of them differ from the record kept" if differing else ""
            warnings.append(f"{dropped} duplicate records dropped (incident_id seen before; the first kept{note})")
        if without_id:
            warnings.append(f"{without_id} records without an incident_id skipped")
        if not_objects:
            warnings.append(f"{not_objects} array items that are not objects skipped")
        warnings.extend(summarise_problems(problems, "records"))
        if not records:
            raise ParseError("no incident records (objects with an incident_id) in the export", path=origin)
        return ParsedSource(
            format=self.kind,
            media_type="application/json",
            text=text,
            records=tuple(records),
            lineage=f"{self.kind}/{_lineage_key(origin)}",
            country=None,
            language="en",
            title=f"VERIS Community Database export ({len(records)} incidents)",
            as_of=_export_date(oids),
            warnings=tuple(warnings),
        )
