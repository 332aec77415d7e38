"""An introduction an employee asked for to someone who offered help, and whether they met."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum


class IntroState(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class IntroOutcome(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    NOT_HAPPENING = "not_happening"


class Intro(TeamScoped, Timestamped, Planned, Base):
    """Employee → helper. Either side may be NULL after one of them is forgotten: the other keeps "a colleague".

    `message` is only what the employee chose to include, and only the helper sees it. `plan_after` drives
    the "did you meet?" follow-up two weeks after acceptance.
    """

    __tablename__ = "intros"
    __table_args__ = (
        Index("ix_intros_team_id_employee_id_state", "team_id", "employee_id", "state"),
        Index("ix_intros_team_id_helper_id_state", "team_id", "helper_id", "state"),
        Index("ix_intros_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    helper_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # The OfferKind asked for (informational_interview, mentoring, shadowing, plan_review).
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str | None] = mapped_column(Text)
    # Why the bot suggested this helper, as shown to the employee (shared tags, hours overlap, …).
    reasons: Mapped[str | None] = mapped_column(Text)
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("asks.id", ondelete="SET NULL"))
    state: Mapped[IntroState] = mapped_column(str_enum(IntroState), default=IntroState.REQUESTED)
    requested_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    # The group DM Slack opened for the two of them.
    group_channel_id: Mapped[str | None] = mapped_column(String(32))
    follow_up_due_at: Mapped[datetime | None]
    follow_up_sent_at: Mapped[datetime | None]
    outcome: Mapped[IntroOutcome | None] = mapped_column(str_enum(IntroOutcome))
    outcome_at: Mapped[datetime | None]
    # Which "did you meet?" round is planned: 1 two weeks after acceptance, 2 two weeks after a "not yet".
    follow_up_round: Mapped[int] = mapped_column(default=0, server_default=text("0"))
