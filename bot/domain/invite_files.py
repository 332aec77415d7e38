"""The .ics a CALENDAR_INVITE carries: the series as it stands now, with its moved meetings, for one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar import ics
from bot.calendar.recurrence import to_local
from bot.domain.moved_meetings import Rule, placement
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
        events += _moved(session, series, now, common, events[0])
    return InviteFile(
        filename="career-prep-1on1-cancelled.ics" if cancel else "career-prep-1on1.ics",
        title=f"{summary} (cancelled)" if cancel else summary,
        content=ics.document(events, method="CANCEL" if cancel else "REQUEST"),
        cancel=cancel,
        first_local=anchor,
        tz=series.tz,
    )


def _moved(
    session: Session, series: Schedule, now: datetime, common: dict[str, object], master: icalendar.Event
) -> list[icalendar.Event]:
    """Each upcoming meeting that is not where the rule puts it, as the bot plans around it (see
    moved_meetings): an override (same UID, RECURRENCE-ID) of the occurrence it replaces, or of an extra
    date on the series (RDATE); the rule's other dates it replaces are left out (EXDATE). Returns the
    overrides; the extra and left-out dates go on the series' own event, `master`."""
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
    rule = Rule(series.rrule, series.anchor_local, series.tz)
    events: list[icalendar.Event] = []
    left_out: list[datetime] = []
    extra: list[datetime] = []
    for conversation in upcoming:
        at = conversation.scheduled_at
        place = placement(rule, moved_to=at, moved_from=conversation.moved_from, now=now)
        left_out += place.left_out
        extra += [at] if place.extra else []
        if place.recurrence_id == at and conversation.length_minutes == series.length_minutes:
            continue
        events.append(
            ics.series_event(
                **common,  # type: ignore[arg-type]
                start_local=_local(at, series.tz),
                length_minutes=conversation.length_minutes,
                rrule=None,
                recurrence_local=_local(place.recurrence_id, series.tz),
            )
        )
    zone = ZoneInfo(series.tz)
    if left_out:
        master.add("exdate", [_local(at, series.tz).replace(tzinfo=zone) for at in left_out])
    if extra:
        master.add("rdate", [_local(at, series.tz).replace(tzinfo=zone) for at in extra])
    return events


def _local(at: datetime, tz: str) -> datetime:
    return to_local(at, tz).replace(tzinfo=None)
