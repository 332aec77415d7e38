"""the rhythm around the monthly 1:1: calendar feeds and invite sequences, mid-year reflections, team
planning dates, internal opportunities and interest in them, the workspace's own questions, a per-meeting
conversation type, and the outbox kinds these send

Revision ID: 0019_rhythm
Revises: 0018_intros_extra
Create Date: 2026-12-04 02:56:52.636897
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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
    "intro_request",
    "intro_opener",
    "intro_follow_up",
)
NEW_KINDS = (
    "calendar_invite",
    "reflection",
    "planning_digest",
    "opportunity_interest",
    "opportunity_announcement",
)


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


revision: str = "0019_rhythm"
down_revision: str | None = "0018_intros_extra"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_workspace_questions_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_questions")),
        sa.UniqueConstraint("team_id", "question_key", name=op.f("uq_workspace_questions_team_id_question_key")),
    )
    with op.batch_alter_table("workspace_questions", schema=None) as batch_op:
        batch_op.create_index("ix_workspace_questions_team_id_audience", ["team_id", "audience"], unique=False)

    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_calendar_feeds_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_calendar_feeds_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("team_id", "person_id", name=op.f("uq_calendar_feeds_team_id_person_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "stretch_project",
                "role",
                "shadowing",
                "mentoring_cohort",
                name="opportunitykind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("announce_channel", sa.String(length=32), nullable=True),
        sa.Column(
            "state",
            sa.Enum("open", "closed", name="opportunitystate", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_opportunities_owner_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_opportunities_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunities")),
    )
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.create_index("ix_opportunities_team_id_plan_after", ["team_id", "plan_after"], unique=False)
        batch_op.create_index("ix_opportunities_team_id_state", ["team_id", "state"], unique=False)

    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shared_with_id", sa.Integer(), nullable=True),
        sa.Column("shared_lines", sa.JSON(), nullable=True),
        sa.Column("told_manager_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["people.id"], name=op.f("fk_reflections_employee_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["shared_with_id"], ["people.id"], name=op.f("fk_reflections_shared_with_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_reflections_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("team_id", "employee_id", "period", name=op.f("uq_reflections_team_id_employee_id_period")),
    )
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.create_index("ix_reflections_team_id_plan_after", ["team_id", "plan_after"], unique=False)

    op.create_table(
        "team_plannings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("planning_on", sa.Date(), nullable=False),
        sa.Column("quarterly", sa.Boolean(), nullable=False),
        sa.Column("digest_for", sa.Date(), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["people.id"], name=op.f("fk_team_plannings_manager_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_team_plannings_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_plannings")),
        sa.UniqueConstraint("team_id", "manager_id", name=op.f("uq_team_plannings_team_id_manager_id")),
    )
    with op.batch_alter_table("team_plannings", schema=None) as batch_op:
        batch_op.create_index("ix_team_plannings_team_id_plan_after", ["team_id", "plan_after"], unique=False)

    op.create_table(
        "opportunity_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunities.id"],
            name=op.f("fk_opportunity_interests_opportunity_id_opportunities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_opportunity_interests_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_opportunity_interests_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_interests")),
        sa.UniqueConstraint(
            "opportunity_id", "person_id", name=op.f("uq_opportunity_interests_opportunity_id_person_id")
        ),
    )
    with op.batch_alter_table("opportunity_interests", schema=None) as batch_op:
        batch_op.create_index("ix_opportunity_interests_team_id_person_id", ["team_id", "person_id"], unique=False)

    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conversation_type", sa.String(length=32), nullable=True))

    with op.batch_alter_table("one_on_one_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ics_sequence", sa.Integer(), server_default=sa.text("0"), nullable=False))

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reflection_dates", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column("reflection_minute", sa.Integer(), server_default=sa.text("600"), nullable=False))
        batch_op.add_column(
            sa.Column("question_mode", sa.String(length=16), server_default=sa.text("'extend'"), nullable=False)
        )

    # Hand-written: the deliveries.kind CHECK constraint gains the new kinds (see 0002 for why).
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check((*KINDS_BEFORE, *NEW_KINDS)))


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind IN (" + ", ".join(f"'{kind}'" for kind in NEW_KINDS) + ")")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_deliveries_deliverykind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_deliveries_deliverykind"), _kind_check(KINDS_BEFORE))
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("question_mode")
        batch_op.drop_column("reflection_minute")
        batch_op.drop_column("reflection_dates")

    with op.batch_alter_table("one_on_one_series", schema=None) as batch_op:
        batch_op.drop_column("ics_sequence")

    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("conversation_type")

    with op.batch_alter_table("opportunity_interests", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunity_interests_team_id_person_id")

    op.drop_table("opportunity_interests")
    with op.batch_alter_table("team_plannings", schema=None) as batch_op:
        batch_op.drop_index("ix_team_plannings_team_id_plan_after")

    op.drop_table("team_plannings")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_index("ix_reflections_team_id_plan_after")

    op.drop_table("reflections")
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.drop_index("ix_opportunities_team_id_state")
        batch_op.drop_index("ix_opportunities_team_id_plan_after")

    op.drop_table("opportunities")
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("workspace_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_workspace_questions_team_id_audience")

    op.drop_table("workspace_questions")
