"""intros: the follow-up round, and the outbox kinds of the intro flow (the helper's DM, the group DM's
opener, the "did you meet?" follow-up)

Revision ID: 0018_intros_extra
Revises: 0016_asks_follow
Create Date: 2026-12-04 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_intros_extra"
down_revision: str | None = "0016_asks_follow"
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
    "ask_nudge",
)
INTRO_KINDS = ("intro_request", "intro_opener", "intro_follow_up")


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def upgrade() -> None:
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_round", sa.Integer(), server_default=sa.text("0"), nullable=False))
    # Hand-written: the deliveries.kind CHECK constraint gains the intro kinds (see 0002 for why).
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check((*KINDS_BEFORE, *INTRO_KINDS)))


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind IN ('intro_request', 'intro_opener', 'intro_follow_up')")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_BEFORE))
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_column("follow_up_round")
