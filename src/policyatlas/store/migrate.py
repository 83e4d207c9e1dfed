"""Schema migrations: bring any atlas database to the newest schema with Alembic, all or nothing.

Every pending migration and its data steps run in ONE transaction (DDL is transactional on
PostgreSQL, and on SQLite once the driver no longer commits around it: see ``store.db``), so a
process killed at any point leaves the database as it was before, and the next command upgrades
it. Two processes upgrading at once wait for each other (SQLite's write lock, a PostgreSQL
advisory lock) and the second finds nothing left to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from policyatlas.errors import PolicyAtlasError
from policyatlas.store.db import WRITE_OPTION, is_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Tables the database manages itself (the full-text index and SQLite's FTS5 shadow tables),
#: outside the ORM models: autogenerate must not propose to drop them.
UNMODELLED_PREFIX = "search_fts"
#: The PostgreSQL advisory lock held while migrating (any constant shared by every process).
MIGRATION_LOCK = 0x706F6C6963796174  # "policyat"


class MigrationError(PolicyAtlasError):
    """The database could not be migrated (it was left as it was)."""

    code = "migration-error"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic filter: compare everything but the search index's own tables."""
    return not (type_ in {"table", "index"} and name is not None and name.startswith(UNMODELLED_PREFIX))


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration for the package's migrations, bound to ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction for migrating, with every other migrator locked out.

    On SQLite foreign keys are not enforced inside it (a table rebuilt by a batch migration is
    dropped and renamed) and are checked as a whole before it commits, as SQLite's documentation
    prescribes for schema changes; the connection gets them back afterwards.
    """
    with engine.connect() as connection:
        sqlite = is_sqlite(engine)
        if sqlite:  # outside any transaction (inside one the pragma does nothing)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if not sqlite:
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise MigrationError(f"the migration would break a foreign key of table {broken[0]} "
                                             "(nothing was changed)")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def upgrade(engine: Engine) -> bool:
    """Run every pending migration and its data steps in one transaction; True when anything was applied."""
    head = head_revision(engine)
    if current_revision(engine) == head:
        return False
    from policyatlas.store.entities import reindex_entities
    from policyatlas.store.search import rebuild_index

    config = alembic_config(engine)
    with migration_transaction(engine) as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        if before == head:
            return False  # another process migrated while this one waited for the lock
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        session = Session(bind=connection)
        try:
            if before is not None and before < "0002":  # data step of 0002: name keys for entities stored before it
                reindex_entities(session)  # (only then: entities of their own, statements…, have no keys by design)
            if before is not None and before < "0003":
                rebuild_index(session)  # data step of 0003: index what was stored before the index existed
            session.flush()
        finally:
            session.close()
    return True
