"""Alembic migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from policyatlas.store.migrate import current_revision, head_revision, upgrade
from policyatlas.store.schema import Base


def test_migrations_upgrade_head_matches_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert upgrade(engine) is True
    assert current_revision(engine) == head_revision(engine)
    assert {"sources", "records", "entities"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_upgrade_twice_is_noop(engine: Engine) -> None:
    upgrade(engine)
    assert upgrade(engine) is False
