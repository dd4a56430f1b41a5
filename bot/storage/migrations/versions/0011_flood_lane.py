"""flood lane: tickets opened above an abuse limit (handoff/flood.py)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00

tickets.flood puts a ticket in the "possible flood" lane: served after every other ticket of its
priority, shown apart in the console, never escalated one by one. Old rows are not in it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flood', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('flood')
