"""Payloads of the outbox rows around the loop: asks and their answers, intros, office hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.outbox_payloads.codec import ONLY_IF_TRUE


@dataclass(frozen=True)
class OfficeHoursSession:
    """One office-hours session (its UTC start): its announcement, or, with `update`, a redraw of it."""

    office_hours_id: int
    session_at: datetime
    update: bool = field(default=False, metadata=ONLY_IF_TRUE)


@dataclass(frozen=True)
class IntroRef:
    intro_id: int


@dataclass(frozen=True)
class IntroFollowUp:
    """One round of the "did you meet?" question about an intro, to one of its two people."""

    intro_id: int
    round: int


@dataclass(frozen=True)
class AskNudge:
    """The "still waiting" nudge about one open ask, for its `period`-th 30 days open."""

    ask_id: int
    period: int


@dataclass(frozen=True)
class IntroDeclined:
    """The employee is told the helper can't now; `suggested_id` is the next helper to ask (0: nobody)."""

    intro_id: int
    suggested_id: int = 0
    reasons: str = ""


@dataclass(frozen=True)
class AskRef:
    """An ask, and which of its answers (`answer_revision`) the message is about."""

    ask_id: int
    revision: int = 0


@dataclass(frozen=True)
class BookingRef:
    booking_id: int


@dataclass(frozen=True)
class SessionEnded:
    """A booked session that will not happen (paused, moved or ended; nothing of the host is kept)."""

    session_at: datetime


@dataclass(frozen=True)
class OfficeHoursRefused:
    """The announce channel refused an announcement (`reason`, a Slack error code): told to the host."""

    office_hours_id: int
    channel_id: str
    reason: str
