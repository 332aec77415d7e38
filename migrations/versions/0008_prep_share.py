"""prep shared with one manager, as a confirmed snapshot; conversations a named manager declined

Revision ID: 0008_prep_share
Revises: 0007_token_checks
Create Date: 2026-12-03 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_prep_share"
down_revision: str | None = "0007_token_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_prep", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("prep_shared_with_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("manager_declined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_conversations_prep_shared_with_id_people"),
            "people",
            ["prep_shared_with_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Hand-written: a prep shared before this revision was shared with the conversation's manager,
    # and what they saw was the saved prep.
    op.execute(
        "UPDATE conversations SET shared_prep = prep, prep_shared_with_id = manager_id WHERE prep_shared_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_conversations_prep_shared_with_id_people"), type_="foreignkey")
        batch_op.drop_column("manager_declined_at")
        batch_op.drop_column("prep_shared_with_id")
        batch_op.drop_column("shared_prep")
