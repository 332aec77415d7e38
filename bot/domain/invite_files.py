"""The .ics a CALENDAR_INVITE carries: the series as it stands now, with its moved meetings, for one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar import ics
from bot.calendar.recurrence import occurrences_after, previous_occurrence, to_local
from bot.models import Conversation, ConversationState, OneOnOneSeries

# Where the description sends people to prepare (the app's messages tab has the same buttons).
PREP_HINT = "Prepare for it in Slack: open Career Prep and run /career-prep prep."


@dataclass(frozen=True)
class Schedule:
    """What an invite shows of a series: its rule on local wall time, and where it lives."""

    team_id: str
    series_id: int
    rrule: str
    anchor_local: str
    tz: str
    length_minutes: int


def schedule_of(series: OneOnOneSeries) -> Schedule:
    return Schedule(series.team_id, series.id, series.rrule, series.anchor_local, series.tz, series.length_minutes)


@dataclass(frozen=True)
class InviteFile:
    filename: str
    title: str
    content: bytes
    cancel: bool
    first_local: datetime  # the series' first meeting, on the wall clock of `tz`
    tz: str


def invite_file(
    session: Session,
    *,
    series: Schedule,
    sequence: int,
    cancel: bool,
    other_name: str,
    now: datetime,
    prep_url: str | None = None,
) -> InviteFile:
    """METHOD:REQUEST with the series (RRULE, VTIMEZONE) and each upcoming moved meeting, or METHOD:CANCEL."""
    summary = f"1:1 with {other_name}"
    anchor = datetime.fromisoformat(series.anchor_local)
    description = (
        f"Your 1:1s with {other_name} have ended, so this series comes off your calendar."
        if cancel
        else f"Your regular 1:1 with {other_name}. {PREP_HINT}"
    )
    common = {
        "uid": ics.series_uid(series.team_id, series.series_id),
        "sequence": sequence,
        "summary": summary,
        "description": description + (f"\n{prep_url}" if prep_url else ""),
        "tz": series.tz,
        "stamp": now,
        "url": prep_url,
    }
    events = [
        ics.series_event(
            **common,  # type: ignore[arg-type]
            start_local=anchor,
            length_minutes=series.length_minutes,
            rrule=series.rrule,
            cancelled=cancel,
        )
    ]
    if not cancel:
        events += _moved(session, series, now, common)
    return InviteFile(
        filename="career-prep-1on1-cancelled.ics" if cancel else "career-prep-1on1.ics",
        title=f"{summary} (cancelled)" if cancel else summary,
        content=ics.document(events, method="CANCEL" if cancel else "REQUEST"),
        cancel=cancel,
        first_local=anchor,
        tz=series.tz,
    )


def _moved(session: Session, series: Schedule, now: datetime, common: dict[str, object]) -> list[icalendar.Event]:
    """An override (same UID, RECURRENCE-ID) for each upcoming meeting that is not where the rule puts it."""
    upcoming = session.scalars(
        select(Conversation)
        .where(
            Conversation.team_id == series.team_id,
            Conversation.series_id == series.series_id,
            Conversation.state == ConversationState.PLANNED,
            Conversation.scheduled_at > now,
        )
        .order_by(Conversation.scheduled_at)
    )
    events: list[icalendar.Event] = []
    for conversation in upcoming:
        original = _original_occurrence(series, conversation.scheduled_at)
        if original is None or (
            original == conversation.scheduled_at and conversation.length_minutes == series.length_minutes
        ):
            continue
        events.append(
            ics.series_event(
                **common,  # type: ignore[arg-type]
                start_local=to_local(conversation.scheduled_at, series.tz).replace(tzinfo=None),
                length_minutes=conversation.length_minutes,
                rrule=None,
                recurrence_local=to_local(original, series.tz).replace(tzinfo=None),
            )
        )
    return events


def _original_occurrence(series: Schedule, at: datetime) -> datetime | None:
    """The occurrence of the series' rule a meeting at `at` stands for: the nearest one."""
    anchor = datetime.fromisoformat(series.anchor_local)
    before = previous_occurrence(series.rrule, anchor, series.tz, at)
    after = occurrences_after(series.rrule, anchor, series.tz, at - timedelta(microseconds=1))
    candidates = [c for c in (before, *after) if c is not None]
    return min(candidates, key=lambda c: abs(c - at)) if candidates else None
