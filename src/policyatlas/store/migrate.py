"""Schema migrations: bring any atlas database to the newest schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Tables the database manages itself (the full-text index and SQLite's FTS5 shadow tables),
#: outside the ORM models: autogenerate must not propose to drop them.
UNMODELLED_PREFIX = "search_fts"


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


def upgrade(engine: Engine) -> bool:
    """Run every pending migration; returns True when anything was applied."""
    before = current_revision(engine)
    if before == head_revision(engine):
        return False
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    from policyatlas.store.db import session_scope
    from policyatlas.store.entities import reindex_entities
    from policyatlas.store.search import rebuild_index

    with session_scope(engine) as session:
        reindex_entities(session)  # data step of 0002: name keys for entities stored before it
        if before is not None and before < "0003":
            rebuild_index(session)  # data step of 0003: index what was stored before the index existed
    return True
