"""fact dates: the period each record's fact existed (from its own dates, amendments and repeal), in
columns, so that "in force at a date" is a condition the database evaluates

Revision ID: 0007_fact_dates
Revises: 0006_integrity
Create Date: 2026-12-03 17:40:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from policyatlas.model.fact_dates import fact_period

revision = '0007_fact_dates'
down_revision = '0006_integrity'
branch_labels = None
depends_on = None

_RECORDS = sa.table('records', sa.column('id', sa.String), sa.column('data', sa.JSON),
                    sa.column('fact_from', sa.String), sa.column('fact_until', sa.String))
_REVISIONS = sa.table('revisions', sa.column('record_id', sa.String), sa.column('number', sa.Integer),
                      sa.column('data', sa.JSON))


def upgrade() -> None:
    op.add_column('records', sa.Column('fact_from', sa.String(length=10), nullable=True))
    op.add_column('records', sa.Column('fact_until', sa.String(length=10), nullable=True))
    bind = op.get_bind()
    # the data an edit corrected counts (as the views show it): the newest revision of each record
    revised: dict[str, tuple[int, Any]] = {}
    for record_id, number, data in bind.execute(sa.select(_REVISIONS.c.record_id, _REVISIONS.c.number,
                                                          _REVISIONS.c.data)):
        if record_id not in revised or number > revised[record_id][0]:
            revised[record_id] = (number, data)
    rows = bind.execute(sa.select(_RECORDS.c.id, _RECORDS.c.data).execution_options(yield_per=2000))
    update = sa.update(_RECORDS).where(_RECORDS.c.id == sa.bindparam('rid')).values(
        fact_from=sa.bindparam('start'), fact_until=sa.bindparam('until'))
    pending: list[dict[str, Any]] = []
    for batch in rows.partitions():
        for record_id, data in batch:
            start, until = fact_period(revised[record_id][1] if record_id in revised else (data or {}))
            if start is not None or until is not None:
                pending.append({'rid': record_id, 'start': start, 'until': until})
    for offset in range(0, len(pending), 2000):
        bind.execute(update, pending[offset:offset + 2000])


def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_column('fact_until')
        batch_op.drop_column('fact_from')
