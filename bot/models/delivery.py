"""The outbox: every scheduled message, its idempotency key and its delivery outcome."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, TeamScoped, Timestamped, str_enum


class DeliveryKind(StrEnum):
    MANAGER_CONFIRMATION = "manager_confirmation"
    PREP_REMINDER = "prep_reminder"
    MANAGER_BRIEF = "manager_brief"
    RECAP_NUDGE = "recap_nudge"
    CHECK_IN = "check_in"
    DUE_REMINDER = "due_reminder"
    TEAM_DIGEST = "team_digest"
    ORG_DIGEST = "org_digest"
    NOTICE = "notice"
    AGENDA = "agenda"
    MEETING_REQUEST = "meeting_request"
    RECAP = "recap"
    INVITATION = "invitation"
    OFFICE_HOURS_ANNOUNCEMENT = "office_hours_announcement"
    OFFICE_HOURS_LIST = "office_hours_list"
    INTRO_REQUEST = "intro_request"
    INTRO_OPENER = "intro_opener"
    INTRO_FOLLOW_UP = "intro_follow_up"
    ASK_NUDGE = "ask_nudge"
    CALENDAR_INVITE = "calendar_invite"
    REFLECTION = "reflection"
    PLANNING_DIGEST = "planning_digest"
    OPPORTUNITY_INTEREST = "opportunity_interest"
    OPPORTUNITY_ANNOUNCEMENT = "opportunity_announcement"


class DeliveryState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Delivery(TeamScoped, Timestamped, Base):
    """A message the bot owes someone; ends sent, cancelled with a reason, or failed with a reason."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_state_due_at", "state", "due_at"),
        Index("ix_deliveries_state_lease_expires_at", "state", "lease_expires_at"),
        Index("ix_deliveries_team_id_recipient_id_state", "team_id", "recipient_id", "state"),
        # The planner's look at recent failures (digest channels that refuse posts) reads only those.
        Index("ix_deliveries_state_updated_at", "state", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeliveryKind] = mapped_column(str_enum(DeliveryKind, length=32))
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # A channel target (digests); NULL means the recipient's DM.
    channel_id: Mapped[str | None] = mapped_column(String(32))
    due_at: Mapped[datetime]
    state: Mapped[DeliveryState] = mapped_column(str_enum(DeliveryState), default=DeliveryState.PENDING)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None]
    # Set just before a post leaves for Slack and cleared once Slack's answer says what happened: a row
    # that still has it was maybe posted (the relay died, or the reply was lost), so the next try looks
    # for it in the channel's history first (bot/scheduling/reconcile.py).
    attempt_started_at: Mapped[datetime | None]
    attempt_channel: Mapped[str | None] = mapped_column(String(32))
    # When Slack first failed this delivery with an error worth retrying: it is retried while useful.
    failing_since: Mapped[datetime | None]
