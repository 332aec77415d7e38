"""mid-year reflection: the workspace's next reflection planning moment, and the conversation whose
brief told the manager what changed

Revision ID: 0020_reflection
Revises: 0019_rhythm
Create Date: 2026-12-04 03:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_reflection"
down_revision: str | None = "0019_rhythm"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reflection_plan_after", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("told_conversation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_reflections_told_conversation_id_conversations"),
            "conversations",
            ["told_conversation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reflections_told_conversation_id_conversations"), type_="foreignkey")
        batch_op.drop_column("told_conversation_id")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("reflection_plan_after")
