"""A canonical dump of an atlas database, to tell whether two databases hold the same data, and the
integrity checks that crash tests run: duplicates, orphans, SQLite's integrity_check and FTS5's."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, inspect, text

#: Columns whose values depend on when or in which run a row was written, not on what it says.
VOLATILE = {"ingested_at", "created_at", "decided_at", "last_used_at", "added_at", "assessed_at", "expires_at",
            "known_date"}  # a source's as-of date (compared as ``as_of``), else the day it was ingested
#: Tables whose integer ``id`` is a counter (which value a row gets depends on the run).
COUNTED_IDS = {"entity_reviews", "revisions", "assessments", "users", "api_tokens", "suggestions", "search_fts"}
#: The full-text index's columns (FTS5's shadow tables and PostgreSQL's tsvector are derived from them).
FTS_COLUMNS = ("title", "body", "record_id", "source_id", "country", "kind", "year", "is_current")
#: Child → parent links that must always resolve: (table, column, parent table, parent column).
LINKS = (
    ("records", "source_id", "sources", "id"), ("records", "entity_id", "entities", "id"),
    ("record_entities", "record_id", "records", "id"), ("record_entities", "entity_id", "entities", "id"),
    ("entity_names", "entity_id", "entities", "id"), ("entity_reviews", "entity_id", "entities", "id"),
    ("entity_reviews", "candidate_id", "entities", "id"), ("revisions", "record_id", "records", "id"),
    ("search_fts", "source_id", "sources", "id"), ("search_fts", "record_id", "records", "id"),
)
#: Those of the schema since 0005_reads.
LINKS_0005 = (
    ("source_texts", "source_id", "sources", "id"), ("source_countries", "source_id", "sources", "id"),
    ("record_facets", "record_id", "records", "id"),
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)  # SQLite returns JSON columns of raw queries as text
        except ValueError:
            return value
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass
class Dump:
    """Per table: the row count and a digest of its rows (volatile columns left out, rows sorted)."""

    tables: dict[str, tuple[int, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _fts_columns(engine: Engine) -> list[str]:
    with engine.connect() as connection:  # the current flag came with 0005_reads
        try:
            connection.execute(text("SELECT is_current FROM search_fts WHERE 1 = 0"))
        except Exception:  # noqa: BLE001 - an older schema
            return [c for c in FTS_COLUMNS if c != "is_current"]
    return list(FTS_COLUMNS)


def columns_of(engine: Engine, table: str) -> list[str]:
    """The columns of ``table`` a dump compares (volatile ones and counters left out)."""
    if table == "search_fts":
        return _fts_columns(engine)
    names = [c["name"] for c in inspect(engine).get_columns(table)]
    return [n for n in names if n not in VOLATILE and not (n == "id" and table in COUNTED_IDS)]


def _tables(engine: Engine) -> list[str]:
    names = [t for t in inspect(engine).get_table_names() if not t.startswith("search_fts")]
    return sorted(names + ["search_fts"])


def canonical_dump(engine: Engine, only: dict[str, list[str]] | None = None) -> Dump:
    """The dump of every table (of the tables and columns in ``only``, when given), with every
    integrity problem found."""
    dump = Dump()
    with engine.connect() as connection:
        for table in sorted(only) if only is not None else _tables(engine):
            columns = only[table] if only is not None else columns_of(engine, table)
            rows = connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).all()  # noqa: S608
            lines = sorted(json.dumps([_plain(v) for v in row], sort_keys=True, default=str) for row in rows)
            if len(set(lines)) != len(lines):
                dump.problems.append(f"{table}: {len(lines) - len(set(lines))} duplicate rows")
            dump.tables[table] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
        dump.problems.extend(_index_duplicates(connection))
        dump.problems.extend(_orphans(connection))
        dump.problems.extend(_engine_checks(engine, connection))
    return dump


#: Queries that count what must never be, with what each count means.
INVARIANTS = (
    ("SELECT count(*) FROM (SELECT record_id FROM search_fts WHERE record_id IS NOT NULL GROUP BY record_id"
     " HAVING count(*) > 1) AS t", "search_fts: records indexed more than once"),
    ("SELECT count(*) FROM (SELECT source_id FROM search_fts WHERE record_id IS NULL GROUP BY source_id"
     " HAVING count(*) > 1) AS t", "search_fts: documents indexed more than once"),
    ("SELECT count(*) FROM records WHERE id NOT IN (SELECT record_id FROM search_fts WHERE record_id IS NOT NULL)",
     "search_fts: records not indexed"),
    ("SELECT count(*) FROM (SELECT lineage FROM sources WHERE is_current GROUP BY lineage HAVING count(*) > 1) AS t",
     "sources: lineages with more than one current version"),
)
#: Those of the schema since 0005_reads (texts in their own table, records with their source's current flag).
INVARIANTS_0005 = (
    ("SELECT count(*) FROM sources WHERE id NOT IN (SELECT source_id FROM source_texts)", "sources without their text"),
    ("SELECT count(*) FROM records AS r JOIN sources AS s ON s.id = r.source_id WHERE r.is_current <> s.is_current",
     "records: current flag differs from their source's"),
    ("SELECT count(*) FROM record_facets AS f JOIN records AS r ON r.id = f.record_id WHERE f.is_current <> r.is_current",
     "record_facets: current flag differs from their record's"),
)


def _index_duplicates(connection: Any) -> list[str]:
    newer = "source_texts" in inspect(connection).get_table_names()
    counts = [(connection.execute(text(sql)).scalar(), what)
              for sql, what in INVARIANTS + (INVARIANTS_0005 if newer else ())]
    return [f"{what}: {count}" for count, what in counts if count]


def _orphans(connection: Any) -> list[str]:
    problems = []
    newer = "source_texts" in inspect(connection).get_table_names()
    for child, column, parent, key in LINKS + (LINKS_0005 if newer else ()):
        orphans = connection.execute(text(
            f"SELECT count(*) FROM {child} WHERE {column} IS NOT NULL"  # noqa: S608 - our own constant names
            f" AND {column} NOT IN (SELECT {key} FROM {parent})")).scalar()
        if orphans:
            problems.append(f"{child}.{column}: {orphans} rows name a missing {parent}")
    return problems


def _engine_checks(engine: Engine, connection: Any) -> list[str]:
    if engine.dialect.name != "sqlite":
        return []
    problems = []
    result = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").all()]
    if result != ["ok"]:
        problems.append(f"PRAGMA integrity_check: {result[:5]}")
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        problems.append(f"PRAGMA foreign_key_check: {broken[:5]}")
    try:
        connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES('integrity-check')")
    except Exception as exc:  # noqa: BLE001 - the check reports corruption as an error
        problems.append(f"FTS5 integrity-check: {exc}")
    connection.rollback()
    return problems


def differences(left: Dump, right: Dump) -> list[str]:
    """The tables whose rows differ between two dumps (counts shown)."""
    names = sorted(set(left.tables) | set(right.tables))
    return [f"{n}: {left.tables.get(n, (None,))[0]} rows vs {right.tables.get(n, (None,))[0]}" for n in names
            if left.tables.get(n) != right.tables.get(n)]
