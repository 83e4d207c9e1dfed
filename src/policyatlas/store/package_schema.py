"""How the open data package describes a table (columns, types, keys) and how values become CSV cells.

The tables themselves are in ``package_tables``. One definition serves both directions: the exporter
writes ``datapackage.json`` and the CSV files from it, the importer checks and reads them with it.

Cells: an empty cell is null; numbers are written in Python's shortest round-trip form; booleans
``true``/``false``; times in UTC as ``2024-05-01T12:00:00.000000Z``; lists and mappings as compact
JSON with sorted keys. So the same data always gives the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: The version of the package layout; the importer reads packages of this version.
PACKAGE_VERSION = 1
PROFILE = "tabular-data-package"
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
FUZZY_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$"
PRECISIONS = ("day", "month", "year")
COUNTRY = r"^[A-Z]{2}$"
_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUE, _FALSE = frozenset({"true", "True", "TRUE", "1"}), frozenset({"false", "False", "FALSE", "0"})


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type, meaning, and constraints."""

    name: str
    type: str
    description: str
    required: bool = False
    max_length: int | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    not_null: bool = False  # stored as "" when empty (a NOT NULL text column of the store)

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field."""
        field_: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "datetime":
            field_["format"] = "default"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.max_length is not None:
            constraints["maxLength"] = self.max_length
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if constraints:
            field_["constraints"] = constraints
        return field_


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that name a row of another (or the same) table."""

    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]

    def descriptor(self, own: str) -> dict[str, Any]:
        return {"fields": list(self.columns),
                "reference": {"resource": "" if self.table == own else self.table, "fields": list(self.references)}}


@dataclass(frozen=True)
class Table:
    """One table of the package (one CSV file)."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    derived: bool = False
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def descriptor(self) -> dict[str, Any]:
        """The Data Package resource describing this table."""
        table_schema: dict[str, Any] = {"fields": [c.descriptor() for c in self.columns],
                                        "primaryKey": list(self.primary_key), "missingValues": [""]}
        if self.foreign_keys:
            table_schema["foreignKeys"] = [fk.descriptor(self.name) for fk in self.foreign_keys]
        return {"name": self.name, "path": self.path, "profile": "tabular-data-resource", "title": self.title,
                "description": self.description + (" Derived on export; ignored on import." if self.derived else ""),
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema}


# --- cells --------------------------------------------------------------------------------------

def utc(moment: datetime) -> datetime:
    """A stored time in UTC (SQLite gives times back without their zone; they are UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def to_json_text(value: Any) -> str:
    """Compact JSON with sorted keys: one spelling for one value."""
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return _ENCODER.encode(value)


def to_cell(column: Column, value: Any) -> str:
    """The CSV cell for a value of ``column``."""
    if value is None:
        return ""
    kind = column.type
    if kind in ("array", "object"):
        return to_json_text(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "datetime":
        return utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if kind == "number":
        return repr(float(value))
    if kind == "integer":
        return str(int(value))
    return str(value)


class CellError(ValueError):
    """A cell that does not hold a value of its column's type or breaks a constraint."""


def from_cell(column: Column, text: str) -> Any:
    """The value a CSV cell holds for ``column``; raises ``CellError`` saying what is wrong."""
    if text == "":
        if column.required:
            raise CellError("is empty but required")
        return "" if column.not_null else None
    kind = column.type
    if kind == "string":
        if column.max_length is not None and len(text) > column.max_length:
            raise CellError(f"is {len(text)} characters long (at most {column.max_length})")
        if column.pattern is not None and not re.fullmatch(column.pattern, text):
            raise CellError(f"{_show(text)} does not match {column.pattern}")
        if column.enum is not None and text not in column.enum:
            raise CellError(f"{_show(text)} is not one of {', '.join(column.enum)}")
        return text
    if kind == "integer":
        if not _INTEGER.match(text):
            raise CellError(f"{_show(text)} is not an integer")
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"{_show(text)} is not a number") from None
        if not math.isfinite(number):
            raise CellError(f"{_show(text)} is not a finite number")
        return number
    if kind == "boolean":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError(f"{_show(text)} is not true or false")
    if kind == "datetime":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise CellError(f"{_show(text)} is not a date and time (ISO 8601, e.g. 2024-05-01T12:00:00Z)") from None
        return utc(moment)
    if kind in ("array", "object"):
        if text == "[]" and kind == "array":
            return []  # most list cells: no JSON parse
        if text == "{}" and kind == "object":
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CellError(f"is not JSON ({exc.msg} at character {exc.pos + 1})") from None
        wanted = list if kind == "array" else dict
        if not isinstance(value, wanted):
            raise CellError(f"is JSON but not {'a list' if kind == 'array' else 'an object'}")
        return value
    raise CellError(f"has an unknown type {kind!r}")  # pragma: no cover - the tables below use known types


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")
