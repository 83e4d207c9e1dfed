"""entity names, record links, review queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:22:07.548991
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entity_names',
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('block', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_names_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', 'key', name=op.f('pk_entity_names'))
    )
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.create_index('ix_entity_names_block', ['family', 'country', 'block'], unique=False)
        batch_op.create_index('ix_entity_names_lookup', ['family', 'country', 'key'], unique=False)

    op.create_table('entity_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('candidate_id', sa.String(length=160), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['entities.id'], name=op.f('fk_entity_reviews_candidate_id_entities')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_reviews_entity_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_reviews'))
    )
    with op.batch_alter_table('entity_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_reviews_status'), ['status'], unique=False)

    op.create_table('record_entities',
    sa.Column('record_id', sa.String(length=24), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_record_entities_entity_id_entities')),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_record_entities_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('record_id', 'entity_id', 'role', name=op.f('pk_record_entities'))
    )
    with op.batch_alter_table('record_entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_entities_entity_id'), ['entity_id'], unique=False)

    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family', sa.String(length=40), server_default='other', nullable=False))
        batch_op.add_column(sa.Column('merged_into', sa.String(length=160), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_entities_merged_into_entities'), 'entities', ['merged_into'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_entities_merged_into_entities'), type_='foreignkey')
        batch_op.drop_column('merged_into')
        batch_op.drop_column('family')

    with op.batch_alter_table('record_entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_entities_entity_id'))

    op.drop_table('record_entities')
    with op.batch_alter_table('entity_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_reviews_status'))

    op.drop_table('entity_reviews')
    with op.batch_alter_table('entity_names', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_names_lookup')
        batch_op.drop_index('ix_entity_names_block')

    op.drop_table('entity_names')
