"""A manager's team-planning date: a week before it, they get their reports' shared interests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped
from bot.models.person import Person


class TeamPlanning(TeamScoped, Timestamped, Planned, Base):
    """One per manager: the next planning date, and whether it comes back every quarter."""

    __tablename__ = "team_plannings"
    __table_args__ = (
        UniqueConstraint("team_id", "manager_id"),
        Index("ix_team_plannings_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    planning_on: Mapped[date]
    quarterly: Mapped[bool] = mapped_column(default=False)
    # The planning date whose digest was queued last (the outbox key also holds it).
    digest_for: Mapped[date | None]

    manager: Mapped[Person] = relationship(lazy="raise_on_sql")
