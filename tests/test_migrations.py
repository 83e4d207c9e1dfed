"""Alembic migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from policyatlas.store.ingest import ingest_paths
from policyatlas.store.migrate import current_revision, head_revision, include_object, upgrade
from policyatlas.store.schema import Base


def test_migrations_upgrade_head_matches_models(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert upgrade(engine) is True
    assert current_revision(engine) == head_revision(engine)
    assert {"sources", "records", "entities"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_upgrade_twice_is_noop(engine: Engine) -> None:
    upgrade(engine)
    assert upgrade(engine) is False


def test_migrations_from_0001_keep_data_and_index_entities(engine: Engine, seed_profile: Path) -> None:
    """A database made by the first release keeps its records, and its entities get name keys."""
    from alembic import command

    from policyatlas.store.migrate import alembic_config

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO sources (id, sha256, format, media_type, lineage, file, path, text, size, record_count,"
            " warnings, is_current, ingested_at) VALUES ('s1', 'ab', 'country-profile', 'text/markdown',"
            " 'country-profile/MX', 'mx.txt', '/mx.txt', 'x', 1, 1, '[]', true, '2024-01-01T00:00:00+00:00')"))
        connection.execute(text(
            "INSERT INTO entities (id, kind, country, name, name_en, acronym, aliases, created_at) VALUES"
            " ('mx/law/ley-de-seguridad-nacional', 'law', 'MX', 'Ley de Seguridad Nacional',"
            " 'Law on National Security', NULL, '[]', '2024-01-01T00:00:00+00:00')"))
    upgrade(engine)
    report = ingest_paths(engine, [seed_profile])
    assert report.ok
    with engine.connect() as connection:
        laws = connection.execute(text(
            "SELECT count(DISTINCT entity_id) FROM records WHERE title = 'Ley de Seguridad Nacional'")).scalar()
        linked = connection.execute(text(
            "SELECT entity_id FROM records WHERE title = 'Ley de Seguridad Nacional'")).scalar()
    assert laws == 1 and linked == "mx/law/ley-de-seguridad-nacional"
