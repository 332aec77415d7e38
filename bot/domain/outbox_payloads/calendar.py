"""Payload of a 1:1 series' calendar invite (.ics in each person's DM)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.outbox_payloads.codec import ONLY_IF_TRUE


@dataclass(frozen=True)
class CalendarInvite:
    """A 1:1 series' .ics at `sequence`: a REQUEST, or a CANCEL when `cancel`. A cancel for a series that
    is being deleted (its employee deleted their data) carries the schedule it takes off the calendar."""

    series_id: int
    sequence: int
    cancel: bool = field(default=False, metadata=ONLY_IF_TRUE)
    rrule: str | None = None
    anchor_local: str | None = None
    tz: str | None = None
    length_minutes: int | None = None
