"""A manager's invitation to a report to start using Career Prep with them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, TeamScoped, Timestamped, str_enum
from bot.models.person import Person


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Invitation(TeamScoped, Timestamped, Base):
    """Sent with `/career-prep team`; accepting starts setup with the manager filled in."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("team_id", "manager_id", "invitee_id"),
        Index("ix_invitations_team_id_manager_id_state", "team_id", "manager_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    invitee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    state: Mapped[InvitationState] = mapped_column(str_enum(InvitationState), default=InvitationState.PENDING)
    answered_at: Mapped[datetime | None]

    # Never lazy-loaded (a loop over these would query once per row): load them with the query
    # (selectinload) or by id (session.get).
    manager: Mapped[Person] = relationship(foreign_keys=[manager_id], lazy="raise_on_sql")
    invitee: Mapped[Person] = relationship(foreign_keys=[invitee_id], lazy="raise_on_sql")
