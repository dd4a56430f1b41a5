"""Merge the channels (0003) and privacy (0005) branches into one head.

Both were written in parallel on top of 0001 and touch different tables; from here on the history
is linear again, so `helpline db upgrade` has one target.

Revision ID: 0006
Revises: 0003, 0005
"""

revision = "0006"
down_revision = ("0003", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
