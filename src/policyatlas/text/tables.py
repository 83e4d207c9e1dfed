"""Rows of delimited text tables (CSV, semicolon or tab separated) with the lines each row spans."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


def table_rows(text: str) -> Iterator[tuple[list[str], int, int]]:
    """CSV rows with their first and last line (blank rows skipped); the delimiter is sniffed."""
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last = 0
    for row in reader:
        start, last = last + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield row, start, last
