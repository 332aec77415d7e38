"""A manager's (or people team's) subscription to a coverage digest."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum


class DigestScope(StrEnum):
    TEAM = "team"
    ORG = "org"


class DigestSubscription(TeamScoped, Timestamped, Planned, Base):
    """Where and when a digest is posted; `channel_id` NULL means the owner's DM."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = (
        UniqueConstraint("team_id", "owner_id", "scope"),
        Index("ix_digest_subscriptions_active_next_due_at", "active", "next_due_at"),
        Index("ix_digest_subscriptions_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    scope: Mapped[DigestScope] = mapped_column(str_enum(DigestScope), default=DigestScope.TEAM)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    interval_weeks: Mapped[int] = mapped_column(default=1)
    weekday: Mapped[int] = mapped_column(default=0)
    hour: Mapped[int] = mapped_column(default=9)
    active: Mapped[bool] = mapped_column(default=True)
    next_due_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]
