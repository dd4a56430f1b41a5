"""triage: where the person is, the waiting notice, and why a ticket is urgent

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 11:30:00

conversations.location_encrypted picks the help numbers for the person's country;
conversations.waiting_notice_at limits "staff will read this" notices to one every few minutes;
tickets.risk orders urgent tickets, tickets.triage_encrypted keeps the reasons and the first words
for the queue, tickets.user_not_urgent_at marks "the person says it is not an emergency".
"""
from alembic import op
import sqlalchemy as sa

from bot.storage.types import UTCDateTime


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location_encrypted', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('waiting_notice_at', UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('triage_encrypted', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('user_not_urgent_at', UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('user_not_urgent_at')
        batch_op.drop_column('triage_encrypted')
        batch_op.drop_column('risk')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('waiting_notice_at')
        batch_op.drop_column('location_encrypted')
