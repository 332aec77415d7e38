"""Slack requests already handled (a view submission, a button click, an event), so a replay acts once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base


class HandledRequest(Base):
    """One row per handled request, keyed by a digest of what identifies it (the view's id and hash,
    an action's user, id and action_ts, an event's event_id), kept for a day.

    `team_id` is not a foreign key on purpose: the row must outlive an uninstall that erases the
    workspace (so that event's retry is recognised), and setup records its key before the workspace
    row exists. The key is a digest, so no Slack id or text is kept here.
    """

    __tablename__ = "handled_requests"
    __table_args__ = (Index("ix_handled_requests_handled_at", "handled_at"),)

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[datetime]
