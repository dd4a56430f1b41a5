"""outbox claims name their process: messages.claimed_by

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 22:30:00

The outbox stamps each claim with its process's liveness key (an advisory lock it holds for as long
as it lives, bot/storage/liveness.py), so a sweep can give back a dead process's claims at once
rather than after their lease.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')
