"""A person in a workspace: employee, manager, or both."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, TeamScoped, Timestamped, str_enum

DEFAULT_TZ = "UTC"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Person(TeamScoped, Timestamped, Base):
    """A Slack user the bot knows, with their time zone and manager link."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id"),
        Index("ix_people_team_id_manager_id", "team_id", "manager_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(255), default="")
    tz: Mapped[str] = mapped_column(String(64), default=DEFAULT_TZ)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    manager_confirmed: Mapped[bool] = mapped_column(default=False)
    manager_confirmed_at: Mapped[datetime | None]
    status: Mapped[PersonStatus] = mapped_column(str_enum(PersonStatus), default=PersonStatus.ACTIVE)
    paused_until: Mapped[date | None]
    # Working hours in minutes after local midnight; NULL means the workspace default.
    work_start_minute: Mapped[int | None]
    work_end_minute: Mapped[int | None]
    # When the stored name, time zone and departure were current in Slack (the users.info read or the
    # user_change event they came from): an older user_change, delivered late, must not roll them back.
    profile_at: Mapped[datetime | None]
    # The DM channel Slack opened to this person (conversations.open is Tier 3, about 50 a minute):
    # kept across runs, forgotten when Slack answers channel_not_found.
    dm_channel_id: Mapped[str | None] = mapped_column(String(32))

    # Never lazy-loaded: load it by id (session.get) or with the query (selectinload).
    manager: Mapped[Person | None] = relationship(remote_side=[id], foreign_keys=[manager_id], lazy="raise_on_sql")
