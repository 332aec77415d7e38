"""A Slack workspace the bot is installed in, with its schedule defaults."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, Timestamped

# Monday=0 … Sunday=6, as in datetime.weekday().
DEFAULT_WORKING_DAYS = (0, 1, 2, 3, 4)


class Workspace(Timestamped, Base):
    """One row per team: install state, and the schedule defaults everyone in it gets unless they set their own."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    # Set while Slack refuses the bot token (confirmed by auth.test, or a tokens_revoked event):
    # deliveries are held, not cancelled, and the token is re-checked every few minutes.
    sends_blocked_reason: Mapped[str | None] = mapped_column(Text)
    sends_blocked_at: Mapped[datetime | None]
    # The last auth.test made for this workspace while it was blocked; None: check at the next tick.
    token_checked_at: Mapped[datetime | None]
    # Slack answered 429 for this workspace: no relay, in any process, sends to it before this instant.
    sends_paused_until: Mapped[datetime | None]
    uninstalled_at: Mapped[datetime | None]

    # Lists are JSON arrays: weekday numbers, e.g. [0, 1, 2, 3, 4].
    working_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: list(DEFAULT_WORKING_DAYS))
    work_start_minute: Mapped[int] = mapped_column(Integer, default=9 * 60)
    work_end_minute: Mapped[int] = mapped_column(Integer, default=18 * 60)
    prep_reminder_working_days: Mapped[int] = mapped_column(Integer, default=2)
    prep_reminder_minute: Mapped[int] = mapped_column(Integer, default=10 * 60)
    manager_brief_working_days: Mapped[int] = mapped_column(Integer, default=1)
    manager_brief_minute: Mapped[int] = mapped_column(Integer, default=9 * 60)
    recap_nudge_delay_minutes: Mapped[int] = mapped_column(Integer, default=60)
    check_in_days: Mapped[int] = mapped_column(Integer, default=21)
    coverage_window_days: Mapped[int] = mapped_column(Integer, default=60)
    coverage_flag_days: Mapped[int] = mapped_column(Integer, default=45)
    # Slack user ids allowed to subscribe org digests besides workspace admins.
    org_digest_user_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    digests_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Public holidays nobody gets reminders on, as ISO dates: ["2026-12-24", "2026-12-25"].
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The workspace's list of topics people can offer help with (free tags are allowed as well).
    help_topics: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # Slack user ids who may hold office hours; empty means anyone may.
    office_hours_host_ids: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # The mid-year reflection's dates as ISO dates; empty means the default: the first working Monday
    # of June and of December. Sent at `reflection_minute` local time.
    reflection_dates: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    reflection_minute: Mapped[int] = mapped_column(Integer, default=10 * 60, server_default=text("600"))
    # When the planner next looks at the reflection rounds (the next round's planning moment); NULL:
    # at the next pass (a new workspace, or the dates just changed). Read from the row the pass loads.
    reflection_plan_after: Mapped[datetime | None]
    # "extend": the workspace's imported questions join the default bank; "replace": only theirs are used.
    question_mode: Mapped[str] = mapped_column(String(16), default="extend", server_default=text("'extend'"))
