"""Engines and sessions: the one place that knows SQLite from PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

#: Connections kept open, and how many more a burst may open: the server runs sync routes in a pool of 40
#: threads (AnyIO's default), each of which may hold a connection.
POOL_SIZE, POOL_OVERFLOW = 10, 30


def make_engine(url: str) -> Engine:
    """An engine for the atlas database at ``url`` (a SQLite file's folder is created).

    SQLite connections enforce foreign keys, use WAL journaling and wait for locks; the
    same code runs on PostgreSQL (``postgresql+psycopg://…``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        on_disk = bool(database) and database != ":memory:" and not str(database).startswith("file:")
        if on_disk:
            Path(str(database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
        pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW} if on_disk else {}
        engine = create_engine(url, connect_args={"timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection that sees one consistent state of the database for all its queries.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: an explicit deferred
    transaction (the driver opens none for reads), so WAL gives every query the same snapshot.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("BEGIN")
            try:
                yield connection
            finally:
                connection.rollback()
        return
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as connection:
        with connection.begin():
            yield connection


def bytewise(column: ColumnElement[str], dialect: str) -> ColumnElement[str]:
    """``column`` compared byte by byte (code point order), whatever the database's collation.

    SQLite's default collation already compares bytes; PostgreSQL's follows the server's locale
    unless told ``COLLATE "C"``. Exports sort with it, so both databases write rows in one order.
    """
    return column.collate("C") if dialect == "postgresql" else column
