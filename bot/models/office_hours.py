"""Leadership office hours: a host's recurring session announced in a channel, and the slots people book."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped
from bot.models.person import Person


class OfficeHours(TeamScoped, Timestamped, Planned, Base):
    """One per host: a weekly session at a local wall time in the host's zone, split into equal slots.

    Sessions are computed (bot.calendar.office_hours), never stored; a booking names its session by the
    UTC instant it starts. `active` False is "office-hours off": no session is announced or bookable.
    """

    __tablename__ = "office_hours"
    __table_args__ = (
        UniqueConstraint("team_id", "host_id"),
        Index("ix_office_hours_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    weekday: Mapped[int]  # Monday=0 … Sunday=6, in the host's zone
    start_minute: Mapped[int]  # minutes after local midnight
    length_minutes: Mapped[int]
    slots: Mapped[int]
    channel_id: Mapped[str] = mapped_column(String(32))
    lead_minutes: Mapped[int]  # how long before a session its announcement goes out
    topic: Mapped[str] = mapped_column(Text, default="")  # "bring questions about …"
    active: Mapped[bool] = mapped_column(default=True)

    host: Mapped[Person] = relationship(lazy="raise_on_sql")


class OfficeHoursBooking(TeamScoped, Timestamped, Base):
    """One person's slot in one session. Cancelling keeps the row but frees its slot: the live columns
    (`live_slot`, `live_booker_id`) go NULL, and the unique constraints on them make first come, first
    served per slot and one booking per person per session hold under concurrent clicks on any engine
    (NULLs never collide)."""

    __tablename__ = "office_hours_bookings"
    __table_args__ = (
        UniqueConstraint("office_hours_id", "session_at", "live_slot"),
        UniqueConstraint("office_hours_id", "session_at", "live_booker_id"),
        Index("ix_office_hours_bookings_team_id_booker_id", "team_id", "booker_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_hours_id: Mapped[int] = mapped_column(ForeignKey("office_hours.id", ondelete="CASCADE"))
    session_at: Mapped[datetime]
    slot_index: Mapped[int]
    booker_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    booked_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    live_slot: Mapped[int | None]
    live_booker_id: Mapped[int | None]

    office_hours: Mapped[OfficeHours] = relationship(lazy="raise_on_sql")
    booker: Mapped[Person] = relationship(foreign_keys=[booker_id], lazy="raise_on_sql")
