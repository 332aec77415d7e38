"""Who can help: a person's public offer to talk, mentor, host shadowing or review a plan."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, TeamScoped, Timestamped
from bot.models.person import Person


class OfferKind(StrEnum):
    INFORMATIONAL_INTERVIEW = "informational_interview"
    MENTORING = "mentoring"
    SHADOWING = "shadowing"
    PLAN_REVIEW = "plan_review"


class HelpOffer(TeamScoped, Timestamped, Base):
    """One per person: topics (lower-cased tags), kinds of help (OfferKind values), monthly capacity.

    Visible to everyone in the workspace by design; the offer form says so. `open` False is "offer off".
    `last_suggested_at` and `suggested_count` let suggestions spread fairly instead of always naming the
    same top match.
    """

    __tablename__ = "help_offers"
    __table_args__ = (
        UniqueConstraint("team_id", "person_id"),
        Index("ix_help_offers_team_id_open", "team_id", "open"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity_per_month: Mapped[int] = mapped_column(default=2)
    open: Mapped[bool] = mapped_column(default=True)
    # A line in the helper's own words ("happy to talk about moving from support to engineering").
    note: Mapped[str | None] = mapped_column(Text)
    last_suggested_at: Mapped[datetime | None]
    suggested_count: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    person: Mapped[Person] = relationship(lazy="raise_on_sql")
