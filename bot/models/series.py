"""A recurring 1:1 between an employee and their manager."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum
from bot.models.person import Person


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class OneOnOneSeries(TeamScoped, Timestamped, Planned, Base):
    """The rhythm of one pair's 1:1s: local wall-clock rule plus the next instant in UTC."""

    __tablename__ = "one_on_one_series"
    __table_args__ = (
        UniqueConstraint("team_id", "employee_id"),
        Index("ix_one_on_one_series_team_id_manager_id", "team_id", "manager_id"),
        Index("ix_one_on_one_series_next_meeting_at", "next_meeting_at"),
        Index("ix_one_on_one_series_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    cadence: Mapped[Cadence] = mapped_column(str_enum(Cadence), default=Cadence.MONTHLY)
    # RFC 5545 RRULE evaluated on local wall time in `tz`, anchored at `anchor_local` (ISO, naive).
    rrule: Mapped[str] = mapped_column(String(255))
    anchor_local: Mapped[str] = mapped_column(String(19))
    tz: Mapped[str] = mapped_column(String(64))
    length_minutes: Mapped[int] = mapped_column(default=30)
    next_meeting_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)
    # The iCalendar SEQUENCE of the series' invite (UID is stable per series): raised on every change
    # both people's calendars must pick up (a move, new settings, a cancellation).
    ics_sequence: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    # Never lazy-loaded (a loop over these would query once per row): load them with the query
    # (selectinload) or by id (session.get).
    employee: Mapped[Person] = relationship(foreign_keys=[employee_id], lazy="raise_on_sql")
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id], lazy="raise_on_sql")
