"""One occurrence of a 1:1 used as a career conversation: its prep, recap and state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, TeamScoped, Timestamped, str_enum
from bot.models.person import Person
from bot.models.series import OneOnOneSeries


class ConversationState(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    SKIPPED = "skipped"
    MOVED = "moved"


class Conversation(TeamScoped, Timestamped, Base):
    """A single 1:1 occurrence; prep and recap answers are JSON documents owned by the employee."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("series_id", "scheduled_at"),
        Index("ix_conversations_team_id_employee_id_scheduled_at", "team_id", "employee_id", "scheduled_at"),
        Index("ix_conversations_team_id_manager_id_scheduled_at", "team_id", "manager_id", "scheduled_at"),
        Index("ix_conversations_state_scheduled_at", "state", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("one_on_one_series.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    scheduled_at: Mapped[datetime]
    length_minutes: Mapped[int] = mapped_column(default=30)
    # The rule's occurrence this meeting stood on before a meeting request moved it (kept through
    # further moves; NULL when it is where the rule put it): calendars replace that occurrence.
    moved_from: Mapped[datetime | None]
    state: Mapped[ConversationState] = mapped_column(str_enum(ConversationState), default=ConversationState.PLANNED)
    prep: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prep_saved_at: Mapped[datetime | None]
    prep_shared_at: Mapped[datetime | None]
    # What the manager sees: the answers as they were when the employee last confirmed a share, and
    # the manager they were shared with (a new manager sees nothing until the employee shares again).
    shared_prep: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prep_shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # Set when the person named as manager said "not me", or was replaced, before confirming: nothing
    # about this conversation (recap, items, check-ins) is ever sent to them.
    manager_declined_at: Mapped[datetime | None]
    # Bumped on every change of the manager's copy (a share, a take-back, a moved date); synced per revision.
    prep_revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # Question-bank ids used in the manager's brief, so the next brief can avoid them.
    brief_questions: Mapped[list[str] | None] = mapped_column(JSON)
    # The pair's choice for this one meeting (career_growth, stay_interview, mid_year_review); NULL is
    # the usual career-growth conversation. The prep form and the brief pick their prompts by it.
    conversation_type: Mapped[str | None] = mapped_column(String(32))
    agenda_channel: Mapped[str | None] = mapped_column(String(32))
    agenda_ts: Mapped[str | None] = mapped_column(String(32))
    recap: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    recap_submitted_at: Mapped[datetime | None]
    # Bumped on every recap save; the manager's thank-you recap is synced per revision.
    recap_revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The view that last saved the recap: a repeated submit of the same view changes nothing.
    recap_submission: Mapped[str | None] = mapped_column(String(64))
    recap_channel: Mapped[str | None] = mapped_column(String(32))
    recap_ts: Mapped[str | None] = mapped_column(String(32))

    # Never lazy-loaded (a loop over conversations would query once per row): load them with the query
    # (selectinload) or by id (session.get); one already in the session is used as it is.
    series: Mapped[OneOnOneSeries] = relationship(lazy="raise_on_sql")
    employee: Mapped[Person] = relationship(foreign_keys=[employee_id], lazy="raise_on_sql")
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id], lazy="raise_on_sql")
