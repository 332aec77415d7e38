"""plan_after on the rows the planner sweeps (series, action items, check-ins, digest subscriptions); an index
for the planner's look at recent failed deliveries

Revision ID: 0010_plan_after
Revises: 0009_workspace_lists
Create Date: 2026-12-03 21:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_plan_after"
down_revision: str | None = "0009_workspace_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Hand-written. Every existing row gets the "plan at once" instant (bot.models.base.PLAN_AT_ONCE), so
# the first planning pass after the upgrade looks at all of them once and sets each one's next point.
TABLES = ("one_on_one_series", "action_items", "check_ins", "digest_subscriptions")
AT_ONCE = {"sqlite": "'2000-01-01 00:00:00.000000'", "postgresql": "TIMESTAMPTZ '2000-01-01 00:00:00+00'"}


def upgrade() -> None:
    at_once = AT_ONCE[op.get_bind().dialect.name]
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True))
            batch_op.create_index(f"ix_{table}_team_id_plan_after", ["team_id", "plan_after"])
        op.execute(f"UPDATE {table} SET plan_after = {at_once}")
    op.create_index("ix_deliveries_state_updated_at", "deliveries", ["state", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_state_updated_at", table_name="deliveries")
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_team_id_plan_after")
            batch_op.drop_column("plan_after")
