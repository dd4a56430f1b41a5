"""a long reply remembers how many of its parts reached the user: messages.delivery_parts_sent

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 23:00:00

A reply longer than the platform allows goes out in parts; when a later part fails, the retry starts
at that part instead of sending the earlier ones again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_parts_sent', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('delivery_parts_sent')
