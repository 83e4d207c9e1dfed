"""What users would use instead, measured on the same data: raw sqlite3 + FTS5, and ripgrep.

- Ingest: read every file, split the structured ones into items (a JSON array's objects, a CSV's
  rows; what ``sqlite-utils insert`` would store), and insert each item's text into a table and
  an FTS5 index (the atlas's tokenizer) with ``executemany``, one transaction per file.
  ``python -m bench.baselines ingest DIR DB`` prints what it stored as JSON; the harness times it.
- Search: the same query as an FTS5 MATCH on the atlas's own ``search_fts`` rows (top 20 by rank,
  the atlas's bm25 weights, with snippets; the total and facet counts: what our search returns; as an
  FTS5 user writes it, ``ORDER BY rank`` so snippets are made for the page only), and ripgrep over the
  corpus's files (``rg -i -l``: which files match).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TOKENIZER = "porter unicode61 remove_diacritics 2"


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def items_of(name: str, text: str) -> list[str]:
    """The items a user would store for a file: a JSON array's elements, a CSV's rows, else the text."""
    if name.endswith(".json"):
        try:
            loaded = json.loads(text)
        except ValueError:
            return [text]
        if isinstance(loaded, list):
            return [json.dumps(item, ensure_ascii=False) for item in loaded]
        return [json.dumps(loaded, ensure_ascii=False)]
    if name.endswith(".csv"):
        return [" | ".join(row) for row in csv.reader(io.StringIO(text, newline=""))]
    return [text]


def ingest(folder: Path, db: Path) -> dict[str, Any]:
    """Store every file under ``folder`` in ``db`` (items + FTS5), one transaction per file."""
    connection = sqlite3.connect(db)
    connection.executescript(
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, path TEXT, n INTEGER, body TEXT);"
        f"CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(body, content='items', content_rowid='id',"
        f" tokenize='{TOKENIZER}');")
    files = rows = size = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        items = items_of(path.name, _text(data))
        with connection:
            start = connection.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]
            connection.executemany("INSERT INTO items (id, path, n, body) VALUES (?, ?, ?, ?)",
                                   [(start + i + 1, str(path), i, body) for i, body in enumerate(items)])
            connection.executemany("INSERT INTO items_fts (rowid, body) VALUES (?, ?)",
                                   [(start + i + 1, body) for i, body in enumerate(items)])
        files, rows, size = files + 1, rows + len(items), size + len(data)
    connection.close()
    return {"files": files, "rows": rows, "bytes": size}


class Fts5Search:
    """Raw FTS5 MATCH queries on the atlas's own index (read-only connection)."""

    def __init__(self, db: Path) -> None:
        self.connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)

    def search(self, expression: str) -> tuple[int, float]:
        """Run one query as our search does (page, total, facets): (total, seconds)."""
        start = time.perf_counter()
        self.connection.execute(
            "SELECT record_id, source_id, kind, country, snippet(search_fts, -1, '<mark>', '</mark>', '…', 24)"
            " FROM search_fts WHERE search_fts MATCH ? AND rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank LIMIT 20",
            (expression,)).fetchall()
        facets = self.connection.execute(
            "SELECT country, kind, year, count(*) FROM search_fts WHERE search_fts MATCH ? GROUP BY country, kind, year",
            (expression,)).fetchall()
        return sum(row[3] for row in facets), time.perf_counter() - start

    def close(self) -> None:
        self.connection.close()


def rg_search(rg: Path, pattern: str, folder: Path, *, timeout: float = 60.0) -> tuple[int, float]:
    """ripgrep over the corpus: (files that match, seconds including the process start)."""
    start = time.perf_counter()
    result = subprocess.run([str(rg), "-i", "-l", "--no-messages", "-e", pattern, str(folder)],
                            capture_output=True, timeout=timeout, check=False)
    return len(result.stdout.splitlines()), time.perf_counter() - start


if __name__ == "__main__":  # python -m bench.baselines ingest DIR DB
    if len(sys.argv) == 4 and sys.argv[1] == "ingest":
        print(json.dumps(ingest(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        print("usage: python -m bench.baselines ingest DIR DB", file=sys.stderr)
        raise SystemExit(2)
