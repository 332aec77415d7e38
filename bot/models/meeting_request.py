"""An employee's request for a career development conversation, and the manager's answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, TeamScoped, Timestamped, str_enum
from bot.models.person import Person


class RequestState(StrEnum):
    PENDING = "pending"  # waiting for the manager
    COUNTERED = "countered"  # the manager proposed another time; waiting for the employee
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"  # replaced by a newer request


class MeetingRequest(TeamScoped, Timestamped, Base):
    """A proposed slot for a career conversation; the accepted time becomes the next 1:1."""

    __tablename__ = "meeting_requests"
    __table_args__ = (Index("ix_meeting_requests_team_id_employee_id_state", "team_id", "employee_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime]
    length_minutes: Mapped[int] = mapped_column(default=30)
    state: Mapped[RequestState] = mapped_column(str_enum(RequestState), default=RequestState.PENDING)
    counter_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    # The manager's copy of the request, updated in place once answered.
    manager_channel: Mapped[str | None] = mapped_column(String(32))
    manager_ts: Mapped[str | None] = mapped_column(String(32))

    # Never lazy-loaded (a loop over these would query once per row): load them with the query
    # (selectinload) or by id (session.get).
    employee: Mapped[Person] = relationship(foreign_keys=[employee_id], lazy="raise_on_sql")
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id], lazy="raise_on_sql")
