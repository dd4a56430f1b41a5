"""message templates: an outbound message may be an approved WhatsApp template (name + language code)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 20:00:00

Staff send a template when WhatsApp's 24-hour window is closed; the outbox sends the template named
here instead of the free text (which stays as the transcript line).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template_name', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('template_language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('template_language')
        batch_op.drop_column('template_name')
