"""Bulk inserts: many rows of one table in one ``executemany``, the values converted by the columns' own
types (JSON, times) once per column and handed to the driver directly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from policyatlas.store.schema import Base


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> int:
    """Insert ``rows`` (dicts with the same keys) into ``model``'s table in the session's transaction; returns
    how many. SQLAlchemy's per-row parameter handling costs more than the insert itself on large batches, so
    the statement is compiled once and the driver's ``executemany`` gets ready values."""
    if not rows:
        return 0
    table = cast(Table, model.__table__)
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=columns)
    processors = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns}
    converted = [{name: (process(row[name]) if process else row[name]) for name, process in processors.items()}
                 for row in rows]
    if compiled.positional:
        order = compiled.positiontup or []
        parameters: list[Any] = [tuple(row[name] for name in order) for row in converted]
    else:
        parameters = converted
    connection.exec_driver_sql(compiled.string, parameters)
    return len(rows)


def execute_many(session: Session, sql: str, rows: Sequence[dict[str, Any]]) -> int:
    """Run one SQL statement written with ``:name`` parameters for each of ``rows`` (plain values), through
    the driver's ``executemany``."""
    if not rows:
        return 0
    connection = session.connection()
    names = list(rows[0])
    if connection.dialect.paramstyle in ("named", "qmark", "numeric"):
        statement = sql
        for name in sorted(names, key=len, reverse=True):
            statement = statement.replace(f":{name}", "?")
        order = sorted(names, key=lambda n: sql.index(f":{n}"))
        connection.exec_driver_sql(statement, [tuple(row[n] for n in order) for row in rows])
    else:  # pyformat (psycopg)
        statement = sql.replace("%", "%%")
        for name in sorted(names, key=len, reverse=True):
            statement = statement.replace(f":{name}", f"%({name})s")
        connection.exec_driver_sql(statement, list(rows))
    return len(rows)
