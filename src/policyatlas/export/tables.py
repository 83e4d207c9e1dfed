"""Lists as downloads: the rows a page or an endpoint shows, as CSV (UTF-8, a header, cells as shown, safe to
open in a spreadsheet) or as JSON, streamed a batch at a time from a fetch that pages in SQL, so a download of
a hundred thousand rows never holds them all in memory. Pure: no database, no web framework."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

#: Rows read from the database per query when a whole list is downloaded.
BATCH = 500
#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): such a cell is
#: prefixed with a single quote, so it is shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What joins the items of a list in one cell.
LIST_JOIN = "; "


def cell_text(value: Any) -> str:
    """A value as a cell shows it: nothing for none, a date as its ISO value (a range as START/END),
    list items joined by "; ", a name for a mapping that has one, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        if "value" in value and ("precision" in value or "end" in value):
            return f"{value['value']}/{value['end']}" if value.get("end") else str(value.get("value") or "")
        for key in ("name", "title", "label", "value", "id"):
            if value.get(key) not in (None, ""):
                return cell_text(value[key])
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple, set)):
        return LIST_JOIN.join(text for text in (cell_text(v) for v in value) if text)
    return str(value)


def safe_cell(value: Any) -> str | int | float:
    """A cell that a spreadsheet shows as text: numbers stay numbers; text starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (so ``=HYPERLINK(...)`` from a source never runs as a formula)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = cell_text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flat_row(item: Any) -> dict[str, Any]:
    """An item of a list as one level of columns: a nested mapping that is not a date nor a named thing
    becomes dotted columns (``provenance.file``); lists stay lists (joined when written)."""
    data = item.model_dump(mode="json", by_alias=True) if isinstance(item, BaseModel) else dict(item)
    row: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping) and not ("value" in value and "precision" in value) and value:
            for inner, inner_value in value.items():
                row[f"{key}.{inner}"] = inner_value
        else:
            row[key] = value
    return row


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV document, a chunk of lines at a time: the header, then each row's cells made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        count += 1
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell() or count == 0:
        yield buffer.getvalue()


def dict_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Iterator[str]:
    """Mappings as CSV: the columns given, else the first row's keys (later rows' other keys are left out,
    missing ones are empty)."""
    iterator = iter(rows)
    first = next(iterator, None)
    header = list(columns or (first.keys() if first is not None else []))

    def cells() -> Iterator[list[Any]]:
        if first is None:
            return
        yield [first.get(c) for c in header]
        for row in iterator:
            yield [row.get(c) for c in header]

    return csv_lines(header, cells())


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array written ``BATCH`` items at a time (a chunk per item would cost a hop per item)."""
    parts = ["["]
    for number, item in enumerate(items):
        data = item.model_dump(mode="json", by_alias=True) if isinstance(item, BaseModel) else item
        parts.append(("," if number else "") + "\n" + json.dumps(data, ensure_ascii=False))
        if len(parts) >= BATCH:
            yield "".join(parts)
            parts = []
    parts.append("\n]\n")
    yield "".join(parts)


def all_pages(fetch: Callable[[int, int], Sequence[Any]], *, batch: int = BATCH, start: int = 0,
              stop: int | None = None) -> Iterator[Any]:
    """Every item of a list, read ``batch`` at a time with ``fetch(limit, offset)`` (a query paged in SQL),
    from ``start`` up to ``stop`` items (all when None)."""
    offset = start
    while stop is None or offset < stop:
        limit = batch if stop is None else min(batch, stop - offset)
        items = list(fetch(limit, offset))
        yield from items
        if len(items) < limit:
            return
        offset += limit
