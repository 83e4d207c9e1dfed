"""integrity under concurrency: one current source per lineage, unique revision numbers, portal sessions

Revision ID: 0006_integrity
Revises: 0005_reads
Create Date: 2026-11-24 10:00:00

Databases written before this revision may hold what the new constraints forbid (two current
versions of one lineage, two revisions with one number, left by racing writes): they are
repaired first, keeping the newest version current and renumbering the duplicated revisions in
the order they were written. A version the repair makes past carries that to its records, their
incident facets and their search rows (which keep their source's current flag since ``0005_reads``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006_integrity'
down_revision = '0005_reads'
branch_labels = None
depends_on = None

#: A lineage's current version is its newest: by as-of date, then ingest time, then id.
_REPAIR_CURRENT = """
UPDATE sources SET is_current = FALSE
WHERE is_current AND EXISTS (
  SELECT 1 FROM sources AS newer
  WHERE newer.lineage = sources.lineage AND newer.is_current AND newer.id <> sources.id
    AND (COALESCE(newer.as_of, '') > COALESCE(sources.as_of, '')
         OR (COALESCE(newer.as_of, '') = COALESCE(sources.as_of, '')
             AND (newer.ingested_at > sources.ingested_at
                  OR (newer.ingested_at = sources.ingested_at AND newer.id > sources.id)))))
"""
#: Records (and their incident facets) of a version that is no longer current follow their source.
_REPAIR_RECORDS = ("UPDATE records SET is_current = FALSE WHERE is_current"
                   " AND source_id IN (SELECT id FROM sources WHERE NOT is_current)")
_REPAIR_FACETS = ("UPDATE record_facets SET is_current = FALSE WHERE is_current"
                  " AND record_id IN (SELECT id FROM records WHERE NOT is_current)")
_REPAIR_SEARCH = ("UPDATE search_fts SET is_current = FALSE WHERE is_current"
                  " AND source_id IN (SELECT id FROM sources WHERE NOT is_current)")
#: Revisions of records with a duplicated number, renumbered 1, 2, … in (number, id) order.
_REPAIR_NUMBERS = """
UPDATE revisions SET number = (
  SELECT COUNT(*) FROM revisions AS earlier
  WHERE earlier.record_id = revisions.record_id
    AND (earlier.number < revisions.number OR (earlier.number = revisions.number AND earlier.id <= revisions.id)))
WHERE record_id IN (SELECT record_id FROM revisions GROUP BY record_id, number HAVING COUNT(*) > 1)
"""


def upgrade() -> None:
    op.execute(_REPAIR_CURRENT)
    op.execute(_REPAIR_RECORDS)
    op.execute(_REPAIR_FACETS)
    op.execute(_REPAIR_SEARCH)
    op.execute(_REPAIR_NUMBERS)
    op.create_index('uq_sources_current_lineage', 'sources', ['lineage'], unique=True,
                    sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))
    op.create_index('uq_revisions_record_number', 'revisions', ['record_id', 'number'], unique=True)
    op.create_table('portal_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], name=op.f('fk_portal_sessions_token_id_api_tokens'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_portal_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_sessions'))
    )
    with op.batch_alter_table('portal_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_portal_sessions_token_id'), ['token_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_portal_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('portal_sessions')
    op.drop_index('uq_revisions_record_number', table_name='revisions')
    op.drop_index('uq_sources_current_lineage', table_name='sources')
