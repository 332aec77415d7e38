"""the "still waiting" nudge about an open ask: a delivery kind of its own

Revision ID: 0016_asks_follow
Revises: 0014_office_hours
Create Date: 2026-12-04 00:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_asks_follow"
down_revision: str | None = "0014_office_hours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "manager_confirmation",
    "prep_reminder",
    "manager_brief",
    "recap_nudge",
    "check_in",
    "due_reminder",
    "team_digest",
    "org_digest",
    "notice",
    "agenda",
    "meeting_request",
    "recap",
    "invitation",
    "office_hours_announcement",
    "office_hours_list",
)
KINDS_0016 = (*KINDS_BEFORE, "ask_nudge")


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def upgrade() -> None:
    # Hand-written: the deliveries.kind CHECK constraint gains 'ask_nudge' (see 0002 for why).
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_0016))


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'ask_nudge'")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_BEFORE))
