"""A concrete request an employee shared with their manager, and the answer it got."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum
from bot.models.person import Person


class AskState(StrEnum):
    # Redirected to another person, waiting for the employee's consent before that person sees it.
    PROPOSED = "proposed"
    OPEN = "open"
    YES = "yes"
    NOT_NOW = "not_now"
    REDIRECTED = "redirected"
    # Taken back by the employee (removed from a re-shared prep, or the share withdrawn).
    WITHDRAWN = "withdrawn"


class Ask(TeamScoped, Timestamped, Planned, Base):
    """One ask: who asked whom for what, and the answer (state, what happens next or why not, when to revisit).

    `kind` holds a prep AskKind value (lead_project, mentor, …). A redirect to a person closes this ask as
    REDIRECTED and opens a child ask (`parent_id`) for the new person, PROPOSED until the employee agrees.
    `plan_after` drives the once-per-30-days nudge to the person who owes the answer.
    """

    __tablename__ = "asks"
    __table_args__ = (
        Index("ix_asks_team_id_asked_id_state", "team_id", "asked_id", "state"),
        Index("ix_asks_team_id_employee_id_state", "team_id", "employee_id", "state"),
        Index("ix_asks_conversation_id", "conversation_id"),
        Index("ix_asks_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The conversation whose shared prep held it; NULL once that conversation is gone.
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Who owes the answer: the manager the prep was shared with, or the person it was redirected to.
    asked_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("asks.id", ondelete="SET NULL"))
    # Its place in the prep's list of asks, so a re-share matches asks to rows.
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[AskState] = mapped_column(str_enum(AskState), default=AskState.OPEN)
    # When the person asked could first see it (the share, or the employee's consent to a redirect).
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # What happens next (yes), the reason (not now), or the note with a redirect.
    answer_text: Mapped[str | None] = mapped_column(Text)
    revisit_on: Mapped[date | None]
    redirected_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # A redirect to a resource rather than a person: a link or where to look.
    redirect_resource: Mapped[str | None] = mapped_column(Text)
    action_item_id: Mapped[int | None] = mapped_column(ForeignKey("action_items.id", ondelete="SET NULL"))
    # Bumped on every answer; the employee's "here is the answer" message is sent once per revision.
    answer_revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The last "still waiting" nudge to the person asked: never more than one per ask per 30 days.
    nudged_at: Mapped[datetime | None]

    # Never lazy-loaded: load them with the query (selectinload) or by id (session.get).
    employee: Mapped[Person] = relationship(foreign_keys=[employee_id], lazy="raise_on_sql")
    asked: Mapped[Person] = relationship(foreign_keys=[asked_id], lazy="raise_on_sql")
