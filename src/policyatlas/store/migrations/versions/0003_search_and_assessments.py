"""full-text search index (FTS5 / tsvector), frameworks and assessments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('frameworks',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('file', sa.Text(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks'))
    )
    op.create_table('assessments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('framework_id', sa.String(length=80), nullable=False),
    sa.Column('framework_version', sa.String(length=40), nullable=False),
    sa.Column('as_of', sa.String(length=10), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_framework_id'), ['framework_id'], unique=False)

    # The search index lives outside the ORM models: its shape is the database's own.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, record_id UNINDEXED, source_id UNINDEXED,"
            " country UNINDEXED, kind UNINDEXED, year UNINDEXED,"
            " tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION atlas (COPY = english)")
        op.execute("ALTER TEXT SEARCH CONFIGURATION atlas ALTER MAPPING FOR hword, hword_part, word"
                   " WITH unaccent, english_stem")
        op.execute(
            "CREATE TABLE search_fts (id BIGSERIAL PRIMARY KEY, title TEXT, body TEXT, record_id VARCHAR(24),"
            " source_id VARCHAR(16) NOT NULL, country VARCHAR(2), kind VARCHAR(40), year INTEGER, tsv TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_search_fts_tsv ON search_fts USING gin (tsv)")
        op.execute("CREATE INDEX ix_search_fts_source ON search_fts (source_id)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS atlas")
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_framework_id'))
        batch_op.drop_index(batch_op.f('ix_assessments_country'))
    op.drop_table('assessments')
    op.drop_table('frameworks')
