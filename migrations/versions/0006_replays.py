"""replays: handled requests, and when each person's Slack profile was current

Revision ID: 0006_replays
Revises: 0005
Create Date: 2026-12-03 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_replays"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No foreign key to workspaces on purpose: see bot/models/handled_request.py.
    op.create_table(
        "handled_requests",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "key", name=op.f("pk_handled_requests")),
    )
    with op.batch_alter_table("handled_requests", schema=None) as batch_op:
        batch_op.create_index("ix_handled_requests_handled_at", ["handled_at"], unique=False)

    # NULL for people stored before: the next user_change of theirs is applied whatever its time.
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("profile_at")

    with op.batch_alter_table("handled_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_handled_requests_handled_at")

    op.drop_table("handled_requests")
