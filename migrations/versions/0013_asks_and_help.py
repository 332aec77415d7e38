"""asks and their answers, offers of help, and intros between colleagues; the workspace's list of help topics

Revision ID: 0013_asks_and_help
Revises: 0012_send_pace
Create Date: 2026-12-03 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_asks_and_help"
down_revision: str | None = "0012_send_pace"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "help_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("capacity_per_month", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("last_suggested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suggested_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_help_offers_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_help_offers_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_offers")),
        sa.UniqueConstraint("team_id", "person_id", name=op.f("uq_help_offers_team_id_person_id")),
    )
    with op.batch_alter_table("help_offers", schema=None) as batch_op:
        batch_op.create_index("ix_help_offers_team_id_open", ["team_id", "open"], unique=False)

    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("asked_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "proposed",
                "open",
                "yes",
                "not_now",
                "redirected",
                "withdrawn",
                name="askstate",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("revisit_on", sa.Date(), nullable=True),
        sa.Column("redirected_to_id", sa.Integer(), nullable=True),
        sa.Column("redirect_resource", sa.Text(), nullable=True),
        sa.Column("action_item_id", sa.Integer(), nullable=True),
        sa.Column("answer_revision", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_item_id"],
            ["action_items.id"],
            name=op.f("fk_asks_action_item_id_action_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["people.id"], name=op.f("fk_asks_answered_by_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["asked_id"], ["people.id"], name=op.f("fk_asks_asked_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_asks_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["people.id"], name=op.f("fk_asks_employee_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["asks.id"], name=op.f("fk_asks_parent_id_asks"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["redirected_to_id"], ["people.id"], name=op.f("fk_asks_redirected_to_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_asks_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
    )
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.create_index("ix_asks_conversation_id", ["conversation_id"], unique=False)
        batch_op.create_index("ix_asks_team_id_asked_id_state", ["team_id", "asked_id", "state"], unique=False)
        batch_op.create_index("ix_asks_team_id_employee_id_state", ["team_id", "employee_id", "state"], unique=False)
        batch_op.create_index("ix_asks_team_id_plan_after", ["team_id", "plan_after"], unique=False)

    op.create_table(
        "intros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=True),
        sa.Column("helper_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("ask_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "accepted",
                "declined",
                "cancelled",
                name="introstate",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("group_channel_id", sa.String(length=32), nullable=True),
        sa.Column("follow_up_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "met",
                "not_yet",
                "not_happening",
                name="introoutcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ask_id"], ["asks.id"], name=op.f("fk_intros_ask_id_asks"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["people.id"], name=op.f("fk_intros_employee_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["helper_id"], ["people.id"], name=op.f("fk_intros_helper_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_intros_team_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intros")),
    )
    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.create_index("ix_intros_team_id_employee_id_state", ["team_id", "employee_id", "state"], unique=False)
        batch_op.create_index("ix_intros_team_id_helper_id_state", ["team_id", "helper_id", "state"], unique=False)
        batch_op.create_index("ix_intros_team_id_plan_after", ["team_id", "plan_after"], unique=False)

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("help_topics", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("help_topics")

    with op.batch_alter_table("intros", schema=None) as batch_op:
        batch_op.drop_index("ix_intros_team_id_plan_after")
        batch_op.drop_index("ix_intros_team_id_helper_id_state")
        batch_op.drop_index("ix_intros_team_id_employee_id_state")

    op.drop_table("intros")
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.drop_index("ix_asks_team_id_plan_after")
        batch_op.drop_index("ix_asks_team_id_employee_id_state")
        batch_op.drop_index("ix_asks_team_id_asked_id_state")
        batch_op.drop_index("ix_asks_conversation_id")

    op.drop_table("asks")
    with op.batch_alter_table("help_offers", schema=None) as batch_op:
        batch_op.drop_index("ix_help_offers_team_id_open")

    op.drop_table("help_offers")
