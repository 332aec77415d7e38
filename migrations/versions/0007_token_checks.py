"""token checks: when a workspace's sends were blocked and when its token was last re-checked

Revision ID: 0007_token_checks
Revises: 0006_replays
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_token_checks"
down_revision: str | None = "0006_replays"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sends_blocked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("token_checked_at", sa.DateTime(timezone=True), nullable=True))
    # Workspaces blocked before this revision get a start time, so `workspace show` can say since when.
    op.execute("UPDATE workspaces SET sends_blocked_at = updated_at WHERE sends_blocked_reason IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("token_checked_at")
        batch_op.drop_column("sends_blocked_at")
