"""The atlas as JSON Lines: one ``<table>.jsonl`` per table of the data package, one row per line.

The tables, columns, order and keys are the data package's (see its ``datapackage.json`` for the
types); values are native JSON (lists and objects as such, not as text; times as UTC ISO 8601
strings), keys of nested objects sorted. One line per row streams in and out with bounded memory,
which a single JSON document of the whole atlas would not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from policyatlas.export.datapackage import ROWS
from policyatlas.export.files import ExportReport, FileReport, staged_folder
from policyatlas.store.db import read_snapshot
from policyatlas.store.package_schema import Table, to_cell, to_json_text
from policyatlas.store.package_tables import TABLES


def file_names() -> set[str]:
    """Every file a JSON Lines export writes."""
    return {f"{t.name}.jsonl" for t in TABLES}


def json_line(table: Table, item: dict[str, Any]) -> str:
    """One row as a JSON object on one line, its keys in the table's column order."""
    parts = []
    for column in table.columns:
        value = item.get(column.name)
        if value is not None and column.type == "datetime":
            value = to_cell(column, value)
        parts.append(f"{json.dumps(column.name)}:{to_json_text(value)}")
    return "{" + ",".join(parts) + "}"


def write_jsonl(path: Path, table: Table, items: Iterable[dict[str, Any]]) -> int:
    """Write rows to ``path`` as they come; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for item in items:
            handle.write(json_line(table, item) + "\n")
            count += 1
    return count


def export_jsonl(engine: Engine, folder: Path) -> ExportReport:
    """Write every table of the atlas as JSON Lines into ``folder`` (new, empty, or an earlier one).

    Raises:
        ConfigError: ``folder`` cannot be written or holds other files.
    """
    report = ExportReport("json", str(folder))
    with staged_folder(folder, file_names()) as stage, read_snapshot(engine) as connection:
        for table in TABLES:
            path = stage / f"{table.name}.jsonl"
            count = write_jsonl(path, table, ROWS[table.name](connection))
            report.files.append(FileReport(path.name, count, path.stat().st_size))
    return report
