"""A follow-up check-in with one owner about their open items from one conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped
from bot.models.conversation import Conversation
from bot.models.person import Person


class CheckIn(TeamScoped, Timestamped, Planned, Base):
    """Weeks after a recap, each owner is asked about their items; this records when and the answer."""

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("conversation_id", "owner_id"),
        Index("ix_check_ins_due_at", "due_at"),
        Index("ix_check_ins_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    # Never lazy-loaded (a loop over check-ins would query once per row): load them with the query
    # (selectinload) or by id (session.get); one already in the session is used as it is.
    conversation: Mapped[Conversation] = relationship(lazy="raise_on_sql")
    owner: Mapped[Person] = relationship(lazy="raise_on_sql")
