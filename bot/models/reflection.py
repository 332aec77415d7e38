"""The mid-year reflection: an employee's own words from about six months ago, and what they say now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped
from bot.models.person import Person


class Reflection(TeamScoped, Timestamped, Planned, Base):
    """One per employee per reflection round (`period`, e.g. "2027-06").

    `lines` is the snapshot taken when the round was planned: [{"key", "kind", "text"}, …] from the
    employee's own prep, asks and items; `answers` maps a line key to "still_true" | "changed" | "done".
    Nothing here reaches the manager unless `shared_at` is set, and then only the lines and note shared.
    """

    __tablename__ = "reflections"
    __table_args__ = (
        UniqueConstraint("team_id", "employee_id", "period"),
        Index("ix_reflections_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    # The employee chose to share what changed with this manager; the next brief tells them once.
    shared_at: Mapped[datetime | None]
    shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    shared_lines: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    told_manager_at: Mapped[datetime | None]
    # The conversation whose brief told the manager (a brief rendered again shows it again; no other does).
    told_conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))

    employee: Mapped[Person] = relationship(foreign_keys=[employee_id], lazy="raise_on_sql")
