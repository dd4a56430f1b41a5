"""privacy: pending erasure on contacts (/hapus while an urgent ticket is open)

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-28 16:45:00
"""
from alembic import op
import sqlalchemy as sa
import bot.storage.types


revision = '0005'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erase_requested_at', bot.storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('erase_requested_at')
