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


def test_migration_0005_moves_texts_and_keeps_every_record(engine: Engine) -> None:
    """An atlas of 0004 (texts in sources): texts move to source_texts, records get their reading order and
    current flag, countries and incident facets are counted, and the search index keeps the flag."""
    from alembic import command

    from policyatlas.store.migrate import alembic_config

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        for sid, current, moment, as_of, text_ in (("new", True, "2024-02-01T00:00:00+00:00", None, "a\nb\nc"),
                                                   ("old", False, "2024-01-01T00:00:00+00:00", "2019", "x\r\ny")):
            connection.execute(text(
                "INSERT INTO sources (id, sha256, format, media_type, lineage, file, path, text, size, record_count,"
                " warnings, is_current, ingested_at, as_of) VALUES (:id, :sha, 'atlas-dataset', 'text/yaml', 'l',"
                " :file, :path, :text, 1, 2, '[]', :current, :moment, :as_of)"),
                {"id": sid, "sha": sid, "file": sid, "path": sid, "text": text_, "current": current, "moment": moment,
                 "as_of": as_of})
            connection.execute(text(
                "INSERT INTO entities (id, kind, country, name, aliases, created_at, family) VALUES (:e, 'incident',"
                " 'UY', 'x', '[]', '2024-01-01T00:00:00+00:00', 'incident')"), {"e": f"uy/incident/{sid}"})
            for ordinal in (1, 0):
                data = '{"attributes": {"sector": "Health", "actions": ["malware", "malware"], "year": 2021}}'
                connection.execute(text(
                    "INSERT INTO records (id, source_id, entity_id, ordinal, kind, country, title, line_start,"
                    " line_end, data) VALUES (:rid, :sid, :e, :o, 'incident', 'UY', 't', 1, 1, :data)"),
                    {"rid": f"{sid}{ordinal}", "sid": sid, "e": f"uy/incident/{sid}", "o": ordinal, "data": data})
                tsv = "" if engine.dialect.name == "sqlite" else ", tsv"
                value = "" if engine.dialect.name == "sqlite" else ", to_tsvector('atlas', 'b')"
                connection.execute(text(f"INSERT INTO search_fts (title, body, record_id, source_id, country, kind,"
                                        f" year{tsv}) VALUES ('t', 'b', :rid, :sid, 'UY', 'incident', 2021{value})"),
                                   {"rid": f"{sid}{ordinal}", "sid": sid})
    assert upgrade(engine) is True
    assert "text" not in {c["name"] for c in inspect(engine).get_columns("sources")}
    with engine.connect() as connection:
        def rows(sql: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in connection.execute(text(sql))]

        assert rows("SELECT source_id, text FROM source_texts ORDER BY source_id") == [("new", "a\nb\nc"),
                                                                                        ("old", "x\r\ny")]
        assert rows("SELECT id, line_count, known_date FROM sources ORDER BY id") == [("new", 3, "2024-02-01"),
                                                                                      ("old", 2, "2019")]
        assert rows("SELECT id FROM records ORDER BY seq") == [("old0",), ("old1",), ("new0",), ("new1",)]
        assert rows("SELECT id, is_current FROM records ORDER BY id") == [("new0", True), ("new1", True),
                                                                          ("old0", False), ("old1", False)]
        assert rows("SELECT source_id, country, record_count FROM source_countries ORDER BY source_id") == [
            ("new", "UY", 2), ("old", "UY", 2)]
        assert rows("SELECT value, count(*) FROM record_facets WHERE dimension = 'action' AND is_current"
                    " GROUP BY value") == [("malware", 2)]
        flags = rows("SELECT source_id, is_current FROM search_fts ORDER BY source_id")
        assert [(s, bool(c)) for s, c in flags] == [("new", True), ("new", True), ("old", False), ("old", False)]


def test_migration_0007_keeps_each_facts_dates_in_columns(engine: Engine) -> None:
    """An atlas of 0006: each record's period (from its dates and amendments, until a repeal its note gives;
    from its newest revision when edited) is read from its JSON into fact_from/fact_until; undated stays null."""
    from alembic import command

    from policyatlas.store.migrate import alembic_config

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006_integrity")
        connection.execute(text(
            "INSERT INTO sources (id, sha256, format, media_type, lineage, file, path, size, record_count, warnings,"
            " is_current, ingested_at) VALUES ('s', 's', 'country-profile', 'text/markdown', 'l', 'f', 'p', 1, 3,"
            " '[]', true, '2024-01-01T00:00:00+00:00')"))
        connection.execute(text(
            "INSERT INTO entities (id, kind, country, name, aliases, created_at, family) VALUES ('e', 'law', 'AD',"
            " 'x', '[]', '2024-01-01T00:00:00+00:00', 'law')"))
        for rid, data in (
                ("repealed", '{"dates": [{"value": "2007", "precision": "year", "end": null}], "amended": [],'
                             ' "date_note": "repealed March 2016"}'),
                ("amended", '{"dates": [], "amended": [{"value": "2014-05-20", "precision": "day", "end": null}]}'),
                ("undated", '{"dates": [], "amended": [{"value": null, "precision": null, "end": null}]}'),
                ("edited", '{"dates": [], "amended": []}')):
            connection.execute(text(
                "INSERT INTO records (id, source_id, entity_id, ordinal, kind, country, title, line_start, line_end,"
                " data) VALUES (:rid, 's', 'e', 0, 'law', 'AD', 't', 1, 1, :data)"), {"rid": rid, "data": data})
        connection.execute(text(
            "INSERT INTO revisions (record_id, number, data, author, created_at) VALUES ('edited', 1,"
            " '{\"dates\": [{\"value\": \"2016-02\", \"precision\": \"month\", \"end\": null}]}', 'ana',"
            " '2024-02-01T00:00:00+00:00')"))
    assert upgrade(engine) is True
    with engine.connect() as connection:
        found = [tuple(r) for r in connection.execute(text("SELECT id, fact_from, fact_until FROM records ORDER BY id"))]
    assert found == [("amended", "2014-05-20", None), ("edited", "2016-02", None), ("repealed", "2007", "2016-03"),
                     ("undated", None, None)]
