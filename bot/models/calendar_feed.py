"""A person's private calendar subscription: only a hash of its token is kept."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, TeamScoped, Timestamped


class CalendarFeed(TeamScoped, Timestamped, Base):
    """One live feed per person. `calendar reset` replaces the hash (the old URL stops at once); `forget`
    and a person's departure delete the row. The token itself is shown once, in the person's DM or an
    ephemeral reply, and never stored."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("team_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # SHA-256 of the URL token, hex: looked up by equality on a unique index, so the lookup costs the
    # same for a wrong token as for a right one.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
