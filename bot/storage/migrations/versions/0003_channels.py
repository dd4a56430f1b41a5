"""channels: platform message id on messages, for delivery receipts

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28 16:40:00

The new delivery statuses (sending, delivered, read) need no DDL: the enum is stored as a string.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('platform_message_id', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_platform_message_id'), ['platform_message_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_platform_message_id'))
        batch_op.drop_column('platform_message_id')
