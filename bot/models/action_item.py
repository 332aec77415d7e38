"""Action items agreed in a conversation, and the history of their status changes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum
from bot.models.conversation import Conversation
from bot.models.person import Person


class ItemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"


class ActionItem(TeamScoped, Timestamped, Planned, Base):
    """Something one party committed to; the other party is the counterpart who may follow it up."""

    __tablename__ = "action_items"
    __table_args__ = (
        Index("ix_action_items_team_id_owner_id_status", "team_id", "owner_id", "status"),
        Index("ix_action_items_team_id_counterpart_id_status", "team_id", "counterpart_id", "status"),
        Index("ix_action_items_status_due_date", "status", "due_date"),
        Index("ix_action_items_conversation_id", "conversation_id"),
        Index("ix_action_items_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    counterpart_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None]
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus), default=ItemStatus.OPEN)
    closed_at: Mapped[datetime | None]

    # Never lazy-loaded (a list of items would query once per row): load them with the query
    # (selectinload) or by id (session.get).
    conversation: Mapped[Conversation] = relationship(lazy="raise_on_sql")
    owner: Mapped[Person] = relationship(foreign_keys=[owner_id], lazy="raise_on_sql")
    counterpart: Mapped[Person] = relationship(foreign_keys=[counterpart_id], lazy="raise_on_sql")
    history: Mapped[list[ActionItemEvent]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ActionItemEvent.id"
    )


class ActionItemEvent(TeamScoped, Base):
    """One change to an item: who, when, from which status to which, and an optional note."""

    __tablename__ = "action_item_events"
    __table_args__ = (Index("ix_action_item_events_item_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime]
    from_status: Mapped[ItemStatus | None] = mapped_column(str_enum(ItemStatus, name="from_status"))
    to_status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus, name="to_status"))
    note: Mapped[str | None] = mapped_column(Text)

    item: Mapped[ActionItem] = relationship(back_populates="history")
