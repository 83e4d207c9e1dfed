"""Engines and sessions: the one place that knows SQLite from PostgreSQL.

Two kinds of transaction: a read (``session_scope``) and a write (``write_scope``). On SQLite a
write begins with ``BEGIN IMMEDIATE``, so it takes the database's one write lock before its first
read (waiting for it up to the busy timeout) instead of failing with "database is locked" when
another writer committed between its read and its write; reads never block each other (WAL).
On PostgreSQL both are ordinary transactions; writes that must be serialised say so with
``lock_for_writes`` (a transaction-scoped advisory lock).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

#: How long a SQLite connection waits for another's write lock before giving up (seconds).
BUSY_TIMEOUT = 60.0
#: Connections kept open by default, and how many more a burst may open: the server runs sync routes in
#: a pool of worker threads (it passes their number), each of which may hold a connection.
DEFAULT_POOL_SIZE, POOL_OVERFLOW = 10, 30
#: Execution option that marks a connection's transactions as writes (``BEGIN IMMEDIATE`` on SQLite).
WRITE_OPTION = "policyatlas_write"
#: How often a write transaction that lost a race (a unique key taken meanwhile, a deadlock) is retried.
WRITE_ATTEMPTS = 5

T = TypeVar("T")


def is_sqlite(engine: Engine | Connection) -> bool:
    """Whether the database is SQLite (else PostgreSQL)."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """An engine for the atlas database at ``url`` (a SQLite file's folder is created).

    SQLite connections enforce foreign keys, use WAL journaling, wait up to ``BUSY_TIMEOUT`` for
    locks and run every statement, DDL included, inside the transaction SQLAlchemy began (so a
    migration is atomic); the same code runs on PostgreSQL (``postgresql+psycopg://…``).

    Args:
        url: the SQLAlchemy URL.
        pool_size: connections kept open; at least as many again may be opened under load (a server passes
            its number of worker threads, so that no request waits for a connection).
    """
    parsed = make_url(url)
    pool = {"pool_size": pool_size, "max_overflow": max(pool_size, POOL_OVERFLOW), "pool_timeout": BUSY_TIMEOUT}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        on_disk = bool(database) and database != ":memory:" and not str(database).startswith("file:")
        if on_disk:
            Path(str(database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT}, **(pool if on_disk else {}))

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # the driver begins nothing itself: see _sqlite_begin
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            write = connection.get_execution_options().get(WRITE_OPTION)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


@contextmanager
def _scope(engine: Engine) -> Iterator[Session]:
    session = sessionmaker(bind=engine, expire_on_commit=False)()
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

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: a deferred transaction (``BEGIN``,
    see ``_sqlite_begin``), so WAL gives every query the same snapshot.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                yield connection
            finally:
                transaction.rollback()
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


def session_scope(engine: Engine) -> AbstractContextManager[Session]:
    """A session whose work is committed on success and rolled back on any error (for reads and
    writes that write before they read; use ``write_scope`` for read-then-write)."""
    return _scope(engine)


def write_scope(engine: Engine) -> AbstractContextManager[Session]:
    """A session for a transaction that reads and then writes: on SQLite it holds the write lock
    from its start (``BEGIN IMMEDIATE``), so what it read cannot change before it commits."""
    return _scope(engine.execution_options(**{WRITE_OPTION: True}))


def lock_for_writes(session: Session, name: str) -> None:
    """Serialise the transactions that take the lock ``name`` until this one ends.

    On PostgreSQL a transaction-scoped advisory lock (two uploads of one lineage, two edits of one
    record wait for each other); on SQLite a write transaction already excludes every other writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def is_retryable(exc: BaseException) -> bool:
    """Whether a failed write lost a race and may succeed when run again: a unique key another
    transaction took meanwhile, a deadlock or serialisation failure, a lock wait that timed out."""
    if isinstance(exc, IntegrityError):
        return True
    if isinstance(exc, OperationalError | DBAPIError):
        code = getattr(getattr(exc, "orig", None), "sqlstate", None)
        if code in {"40001", "40P01", "55P03"}:
            return True
        return "database is locked" in str(exc) or "database is busy" in str(exc)
    return False


def retry_write(engine: Engine, work: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS,
                retry_if: Callable[[BaseException], bool] = is_retryable) -> T:
    """Run ``work`` in a write transaction, again (in a new transaction) when it lost a race.

    Raises:
        The last error when every attempt failed, or the first one that is not worth retrying.
    """
    for attempt in range(1, attempts + 1):
        try:
            with write_scope(engine) as session:
                return work(session)
        except Exception as exc:
            if attempt == attempts or not retry_if(exc):
                raise
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
