"""moved meetings: the rule's occurrence a conversation moved by a meeting request stands in for

Revision ID: 0021_moved_from
Revises: 0020_reflection
Create Date: 2026-12-04 04:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_moved_from"
down_revision: str | None = "0020_reflection"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moved_from", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("moved_from")
