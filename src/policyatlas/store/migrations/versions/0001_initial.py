"""initial schema: sources, entities, records

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 18:12:09.830211
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entities',
    sa.Column('id', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=True),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_country_kind', ['country', 'kind'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('format', sa.String(length=40), nullable=False),
    sa.Column('media_type', sa.String(length=80), nullable=False),
    sa.Column('lineage', sa.String(length=200), nullable=False),
    sa.Column('file', sa.String(length=400), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('as_of', sa.String(length=10), nullable=True),
    sa.Column('as_of_precision', sa.String(length=5), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('sha256', name=op.f('uq_sources_sha256'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_is_current'), ['is_current'], unique=False)
        batch_op.create_index(batch_op.f('ix_sources_lineage'), ['lineage'], unique=False)

    op.create_table('records',
    sa.Column('id', sa.String(length=24), nullable=False),
    sa.Column('source_id', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('section', sa.String(length=80), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('date_value', sa.String(length=10), nullable=True),
    sa.Column('date_precision', sa.String(length=5), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_records_entity_id_entities')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_records_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records'))
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index('ix_records_country_kind', ['country', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_source_id'))
        batch_op.drop_index(batch_op.f('ix_records_entity_id'))
        batch_op.drop_index('ix_records_country_kind')

    op.drop_table('records')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_lineage'))
        batch_op.drop_index(batch_op.f('ix_sources_is_current'))
        batch_op.drop_index(batch_op.f('ix_sources_country'))

    op.drop_table('sources')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_country_kind')

    op.drop_table('entities')
