"""Records and revisions between the store's shape (one JSON ``data`` column) and the package's
(a column per field), both ways, so an export imported again gives the same rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policyatlas.model.dates import FuzzyDate
from policyatlas.model.fact_dates import fact_columns
from policyatlas.store.package_schema import CellError

#: Fields of a record's ``data`` in the order ``Record.content_json`` writes them.
DATA_FIELDS: tuple[str, ...] = (
    "kind", "country", "section", "subsection", "title", "title_en", "title_language", "acronym", "aliases", "date",
    "dates", "amended", "date_note", "actors", "description", "points", "links", "status", "page_start", "page_end",
    "attributes", "extra",
)
_LISTS = ("aliases", "dates", "amended", "actors", "points", "links")
_TEXTS = ("section", "subsection", "title_en", "title_language", "acronym", "date_note", "description", "status")
SECTION_LENGTH = 80


def date_cells(date: Mapping[str, Any] | None) -> dict[str, Any]:
    """A JSON date ``{value, precision, end}`` as the ``date``, ``date_precision``, ``date_end`` cells."""
    if not date:
        return {"date": None, "date_precision": None, "date_end": None}
    if date.get("value") is None:
        return {"date": "unknown", "date_precision": None, "date_end": None}
    return {"date": date["value"], "date_precision": date.get("precision"), "date_end": date.get("end")}


def date_from_cells(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON date of the ``date`` cells (precision inferred from the value when empty)."""
    value, precision, end = row.get("date"), row.get("date_precision"), row.get("date_end")
    if value is None:
        if precision is not None or end is not None:
            raise CellError("date_precision or date_end is given without a date")
        return None
    if value == "unknown":
        if precision is not None or end is not None:
            raise CellError("an unknown date has neither a precision nor an end")
        return FuzzyDate.unknown().to_json()
    if precision is None:
        precision = {4: "year", 7: "month", 10: "day"}.get(len(value))
    try:
        return FuzzyDate.from_json({"value": value, "precision": precision, "end": end}).to_json()
    except ValueError as exc:
        raise CellError(f"date {value!r}: {exc}") from None


def record_row(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record (its columns and ``data``) as a row of ``records.csv``."""
    data = stored["data"] or {}
    row: dict[str, Any] = {
        "id": stored["id"], "source": stored["source_id"], "entity": stored["entity_id"], "ordinal": stored["ordinal"],
        "kind": stored["kind"], "country": stored["country"], "title": data.get("title") or stored["title"],
    }
    for name in _TEXTS:
        row[name] = data.get(name)
    for name in _LISTS:
        row[name] = data.get(name) or []
    row.update(date_cells(data.get("date")))
    row.update({"line_start": stored["line_start"], "line_end": stored["line_end"],
                "page_start": data.get("page_start"), "page_end": data.get("page_end"),
                "attributes": data.get("attributes") or {}, "extra": data.get("extra") or {}})
    return row


def stored_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of ``records.csv`` (typed cells) as the store's columns; raises ``CellError`` on a bad field."""
    _check_lists(row)
    date = date_from_cells(row)
    data = {
        "kind": row["kind"], "country": row["country"], "section": row["section"], "subsection": row["subsection"],
        "title": row["title"], "title_en": row["title_en"], "title_language": row["title_language"],
        "acronym": row["acronym"], "aliases": row["aliases"], "date": date, "dates": row["dates"],
        "amended": row["amended"], "date_note": row["date_note"], "actors": row["actors"],
        "description": row["description"], "points": row["points"], "links": row["links"], "status": row["status"],
        "page_start": row["page_start"], "page_end": row["page_end"], "attributes": row["attributes"],
        "extra": row["extra"],
    }
    return {
        "id": row["id"], "source_id": row["source"], "entity_id": row["entity"], "ordinal": row["ordinal"],
        "kind": row["kind"], "country": row["country"],
        "section": (row["section"] or "")[:SECTION_LENGTH] or None, "title": row["title"],
        "date_value": date["value"] if date else None, "date_precision": date["precision"] if date else None,
        "line_start": row["line_start"], "line_end": row["line_end"], "data": data, **fact_columns(data),
    }


def _check_lists(row: Mapping[str, Any]) -> None:
    for name in ("dates", "amended"):
        for item in row[name]:
            try:
                FuzzyDate.from_json(item)
            except (ValueError, TypeError) as exc:
                raise CellError(f"{name}: {item!r} is not a date {{value, precision, end}}: {exc}") from None
    for name, keys in (("actors", ("name", "role")), ("links", ("label", "url"))):
        for item in row[name]:
            if not (isinstance(item, dict) and set(item) == set(keys) and all(isinstance(item[k], str) for k in keys)):
                raise CellError(f"{name}: {item!r} is not an object with the texts {' and '.join(keys)}")
    for name in ("aliases", "points"):
        if not all(isinstance(item, str) for item in row[name]):
            raise CellError(f"{name} must be a list of texts")


def revision_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a revision set: those whose value differs from the data it corrected."""
    return {key: value for key, value in after.items() if key not in before or before[key] != value}


def apply_changes(before: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The data after a revision: the data it corrected with its fields set."""
    return {**before, **changes}
