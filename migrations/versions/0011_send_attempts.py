"""send attempts: when the last post of a delivery started and where, while its outcome is unknown,
and since when Slack has been failing it

Revision ID: 0011_send_attempts
Revises: 0010_plan_after
Create Date: 2026-12-03 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_send_attempts"
down_revision: str | None = "0010_plan_after"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempt_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("failing_since")
        batch_op.drop_column("attempt_channel")
        batch_op.drop_column("attempt_started_at")
