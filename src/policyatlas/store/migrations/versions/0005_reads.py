"""bounded reads: source texts apart, reading order (records.seq), known dates and line counts of sources,
the countries each source speaks of, indexes for lists and as-of

Revision ID: 0005_reads
Revises: 0004
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from policyatlas.model.incidents import incident_values

revision = '0005_reads'
down_revision = '0004'
branch_labels = None
depends_on = None

_SOURCES = sa.table('sources', sa.column('id', sa.String), sa.column('as_of', sa.String),
                    sa.column('ingested_at', sa.DateTime(timezone=True)), sa.column('text', sa.Text),
                    sa.column('line_count', sa.Integer), sa.column('known_date', sa.String))


def _known_date(as_of: str | None, ingested_at: datetime | str | None) -> str:
    if as_of:
        return as_of
    if isinstance(ingested_at, str):  # a SQLite file written by hand keeps the text as it was given
        ingested_at = datetime.fromisoformat(ingested_at)
    if ingested_at is None:
        return ''
    moment = ingested_at.astimezone(UTC) if ingested_at.tzinfo else ingested_at
    return moment.date().isoformat()


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('known_date', sa.String(length=10), server_default='', nullable=False))
        batch_op.drop_index(batch_op.f('ix_sources_lineage'))
        batch_op.create_index('ix_sources_lineage_rank', ['lineage', 'as_of', 'ingested_at'], unique=False)
        batch_op.create_index('ix_sources_ingested_at', ['ingested_at', 'id'], unique=False)
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('is_current', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_merged_into'), ['merged_into'], unique=False)
    op.create_table('source_countries',
    sa.Column('source_id', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_countries_source_id_sources'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('source_id', 'country', name=op.f('pk_source_countries'))
    )
    with op.batch_alter_table('source_countries', schema=None) as batch_op:
        batch_op.create_index('ix_source_countries_country', ['country', 'source_id'], unique=False)

    op.create_table('record_facets',
    sa.Column('record_id', sa.String(length=24), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('is_current', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_record_facets_record_id_records'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'dimension', 'value', name=op.f('pk_record_facets'))
    )
    op.create_index('ix_record_facets_current', 'record_facets', ['kind', 'dimension', 'country', 'value', 'record_id'],
                    unique=False, sqlite_where=sa.text('is_current = 1'), postgresql_where=sa.text('is_current'))

    bind = op.get_bind()
    # data: each source's line count and known date, one text at a time (never all texts at once)
    ids = [row[0] for row in bind.execute(sa.select(_SOURCES.c.id))]
    for source_id in ids:
        as_of, ingested_at, text = bind.execute(sa.select(_SOURCES.c.as_of, _SOURCES.c.ingested_at, _SOURCES.c.text)
                                                .where(_SOURCES.c.id == source_id)).one()
        bind.execute(sa.update(_SOURCES).where(_SOURCES.c.id == source_id).values(
            line_count=len((text or '').splitlines()), known_date=_known_date(as_of, ingested_at)))
    # data: the reading order of the records stored so far (sources by ingest, records by ordinal)
    bind.execute(sa.text(
        "UPDATE records SET seq = ordered.n FROM (SELECT r.id AS id, row_number() OVER"
        " (ORDER BY s.ingested_at, s.id, r.ordinal) AS n FROM records AS r JOIN sources AS s ON s.id = r.source_id)"
        " AS ordered WHERE records.id = ordered.id"))
    # the texts move to their own table (copied by the database, never through Python)
    op.create_table('source_texts',
    sa.Column('source_id', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_texts_source_id_sources'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('source_id', name=op.f('pk_source_texts'))
    )
    bind.execute(sa.text("INSERT INTO source_texts (source_id, text) SELECT id, text FROM sources"))
    # ALTER TABLE, not a batch copy: on SQLite a batch would drop and recreate ``sources``, and with
    # foreign keys enforced that would cascade to every record (SQLite 3.35+ drops a column in place)
    bind.execute(sa.text("ALTER TABLE sources DROP COLUMN text"))
    # data: the values each incident is counted by, a batch of records at a time
    records = sa.table('records', sa.column('id', sa.String), sa.column('kind', sa.String),
                       sa.column('country', sa.String), sa.column('data', sa.JSON), sa.column('source_id', sa.String))
    sources = sa.table('sources', sa.column('id', sa.String), sa.column('is_current', sa.Boolean))
    facets = sa.table('record_facets', sa.column('record_id', sa.String), sa.column('dimension', sa.String),
                      sa.column('value', sa.String), sa.column('kind', sa.String), sa.column('country', sa.String),
                      sa.column('is_current', sa.Boolean))
    rows = bind.execute(sa.select(records.c.id, records.c.country, records.c.data, sources.c.is_current)
                        .join(sources, sources.c.id == records.c.source_id).where(records.c.kind == 'incident')
                        .execution_options(yield_per=1000))
    for batch in rows.partitions():
        values = [{'record_id': record_id, 'dimension': dimension, 'value': value, 'kind': 'incident',
                   'country': country, 'is_current': current}
                  for record_id, country, data, current in batch
                  for dimension, found in incident_values((data or {}).get('attributes') or {}, country).items()
                  for value in dict.fromkeys(v[:200] for v in found)]
        if values:
            bind.execute(sa.insert(facets), values)
    # data: each record carries its source's current flag
    bind.execute(sa.text("UPDATE records SET is_current = (SELECT sources.is_current FROM sources"
                         " WHERE sources.id = records.source_id)"))
    bind.execute(sa.text("INSERT INTO source_countries (source_id, country, record_count)"
                         " SELECT source_id, country, count(*) FROM records WHERE country IS NOT NULL"
                         " GROUP BY source_id, country"))

    # the search index keeps each row's current flag (a current-only search then joins nothing)
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts_0005 USING fts5(title, body, record_id UNINDEXED, source_id UNINDEXED,"
            " country UNINDEXED, kind UNINDEXED, year UNINDEXED, is_current UNINDEXED,"
            " tokenize = 'porter unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO search_fts_0005 (rowid, title, body, record_id, source_id, country, kind, year, is_current)"
                   " SELECT f.rowid, f.title, f.body, f.record_id, f.source_id, f.country, f.kind, f.year,"
                   " coalesce((SELECT s.is_current FROM sources AS s WHERE s.id = f.source_id), 1) FROM search_fts AS f")
        op.execute("DROP TABLE search_fts")
        op.execute("ALTER TABLE search_fts_0005 RENAME TO search_fts")
    else:
        op.execute("ALTER TABLE search_fts ADD COLUMN is_current BOOLEAN NOT NULL DEFAULT true")
        op.execute("UPDATE search_fts SET is_current = s.is_current FROM sources AS s WHERE s.id = search_fts.source_id")

    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('ix_records_country_kind')
        batch_op.drop_index(batch_op.f('ix_records_source_id'))
        batch_op.create_index('ix_records_source_country', ['source_id', 'country'], unique=False)
        batch_op.create_index('ix_records_country_seq', ['country', 'seq'], unique=False)
        batch_op.create_index('ix_records_seq', ['seq'], unique=False)
    for name, columns in (('ix_records_current_country_seq', ['country', 'seq']),
                          ('ix_records_current_kind_seq', ['kind', 'seq']), ('ix_records_current_seq', ['seq'])):
        op.create_index(name, 'records', columns, unique=False, sqlite_where=sa.text('is_current = 1'),
                        postgresql_where=sa.text('is_current'))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts_0004 USING fts5(title, body, record_id UNINDEXED, source_id UNINDEXED,"
            " country UNINDEXED, kind UNINDEXED, year UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO search_fts_0004 (rowid, title, body, record_id, source_id, country, kind, year)"
                   " SELECT rowid, title, body, record_id, source_id, country, kind, year FROM search_fts")
        op.execute("DROP TABLE search_fts")
        op.execute("ALTER TABLE search_fts_0004 RENAME TO search_fts")
    else:
        op.execute("ALTER TABLE search_fts DROP COLUMN is_current")
    op.drop_index('ix_record_facets_current', table_name='record_facets')
    op.drop_table('record_facets')
    for name in ('ix_records_current_seq', 'ix_records_current_kind_seq', 'ix_records_current_country_seq'):
        op.drop_index(name, table_name='records')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), server_default='', nullable=False))
    op.get_bind().execute(sa.text(
        "UPDATE sources SET text = (SELECT t.text FROM source_texts AS t WHERE t.source_id = sources.id)"
        " WHERE id IN (SELECT source_id FROM source_texts)"))
    op.drop_table('source_texts')
    with op.batch_alter_table('source_countries', schema=None) as batch_op:
        batch_op.drop_index('ix_source_countries_country')
    op.drop_table('source_countries')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('ix_records_seq')
        batch_op.drop_index('ix_records_country_seq')
        batch_op.drop_index('ix_records_source_country')
        batch_op.create_index(batch_op.f('ix_records_source_id'), ['source_id'], unique=False)
        batch_op.create_index('ix_records_country_kind', ['country', 'kind'], unique=False)
        batch_op.drop_column('is_current')
        batch_op.drop_column('seq')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_merged_into'))
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index('ix_sources_ingested_at')
        batch_op.drop_index('ix_sources_lineage_rank')
        batch_op.create_index(batch_op.f('ix_sources_lineage'), ['lineage'], unique=False)
        batch_op.drop_column('known_date')
        batch_op.drop_column('line_count')
