"""Internal opportunities (stretch projects, roles, shadowing days, mentoring cohorts) and who is interested."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, Planned, TeamScoped, Timestamped, str_enum
from bot.models.person import Person


class OpportunityKind(StrEnum):
    STRETCH_PROJECT = "stretch_project"
    ROLE = "role"
    SHADOWING = "shadowing"
    MENTORING_COHORT = "mentoring_cohort"


class OpportunityState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Opportunity(TeamScoped, Timestamped, Planned, Base):
    """Posted by a manager or the people team; closes on `closes_on` (in the owner's zone) or earlier."""

    __tablename__ = "opportunities"
    __table_args__ = (
        Index("ix_opportunities_team_id_state", "team_id", "state"),
        Index("ix_opportunities_team_id_plan_after", "team_id", "plan_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[OpportunityKind] = mapped_column(str_enum(OpportunityKind, length=32))
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    closes_on: Mapped[date]
    announce_channel: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[OpportunityState] = mapped_column(str_enum(OpportunityState), default=OpportunityState.OPEN)
    closed_at: Mapped[datetime | None]

    owner: Mapped[Person] = relationship(lazy="raise_on_sql")


class OpportunityInterest(TeamScoped, Timestamped, Base):
    """An employee's "I'm interested": the owner sees only `message` and the employee's name."""

    __tablename__ = "opportunity_interests"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "person_id"),
        Index("ix_opportunity_interests_team_id_person_id", "team_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None]

    opportunity: Mapped[Opportunity] = relationship(lazy="raise_on_sql")
    person: Mapped[Person] = relationship(lazy="raise_on_sql")
