"""send pace: a workspace's sends paused after Slack's Retry-After, and a person's remembered DM channel

Revision ID: 0012_send_pace
Revises: 0011_send_attempts
Create Date: 2026-12-03 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_send_pace"
down_revision: str | None = "0011_send_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sends_paused_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dm_channel_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("dm_channel_id")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("sends_paused_until")
