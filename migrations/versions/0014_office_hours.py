"""leadership office hours and their bookings; the workspace's list of who may host; two delivery kinds

Revision ID: 0014_office_hours
Revises: 0013_asks_and_help
Create Date: 2026-12-04 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_office_hours"
down_revision: str | None = "0013_asks_and_help"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_0013 = (
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
)
KINDS_0014 = (*KINDS_0013, "office_hours_announcement", "office_hours_list")


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "office_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("length_minutes", sa.Integer(), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("lead_minutes", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_id"], ["people.id"], name=op.f("fk_office_hours_host_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_office_hours_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_hours")),
        sa.UniqueConstraint("team_id", "host_id", name=op.f("uq_office_hours_team_id_host_id")),
    )
    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.create_index("ix_office_hours_team_id_plan_after", ["team_id", "plan_after"], unique=False)

    op.create_table(
        "office_hours_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_hours_id", sa.Integer(), nullable=False),
        sa.Column("session_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot_index", sa.Integer(), nullable=False),
        sa.Column("booker_id", sa.Integer(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=True),
        sa.Column("live_slot", sa.Integer(), nullable=True),
        sa.Column("live_booker_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["booker_id"], ["people.id"], name=op.f("fk_office_hours_bookings_booker_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["people.id"],
            name=op.f("fk_office_hours_bookings_cancelled_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["office_hours_id"],
            ["office_hours.id"],
            name=op.f("fk_office_hours_bookings_office_hours_id_office_hours"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_office_hours_bookings_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_hours_bookings")),
        sa.UniqueConstraint(
            "office_hours_id",
            "session_at",
            "live_booker_id",
            name=op.f("uq_office_hours_bookings_office_hours_id_session_at_live_booker_id"),
        ),
        sa.UniqueConstraint(
            "office_hours_id",
            "session_at",
            "live_slot",
            name=op.f("uq_office_hours_bookings_office_hours_id_session_at_live_slot"),
        ),
    )
    with op.batch_alter_table("office_hours_bookings", schema=None) as batch_op:
        batch_op.create_index("ix_office_hours_bookings_team_id_booker_id", ["team_id", "booker_id"], unique=False)

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("office_hours_host_ids", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )

    # Hand-written: the deliveries.kind CHECK constraint gains the two office-hours kinds (see 0002 for why).
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_0014))


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind IN ('office_hours_announcement', 'office_hours_list')")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_0013))

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("office_hours_host_ids")

    with op.batch_alter_table("office_hours_bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_office_hours_bookings_team_id_booker_id")
    op.drop_table("office_hours_bookings")
    with op.batch_alter_table("office_hours", schema=None) as batch_op:
        batch_op.drop_index("ix_office_hours_team_id_plan_after")
    op.drop_table("office_hours")
