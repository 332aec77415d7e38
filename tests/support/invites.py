"""Calendar invites as the fake Slack holds them: the invite DM, the .ics in its thread, read back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import icalendar
import vobject
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.conversations import ends_at, upcoming_conversation
from bot.models import Delivery, DeliveryKind, OneOnOneSeries
from tests.support.fake_slack import FakeSlack

INVITE_TEXTS = ("Your 1:1s, ready for your calendar", "Your 1:1 series has ended")


def is_invite_or_file(message: dict[str, Any]) -> bool:
    """An invite's DM, or the file share in its thread."""
    return bool(message.get("files")) or message.get("text") in INVITE_TEXTS


def without_invites(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of a DM, leaving out calendar invites (for tests about something else)."""
    return [m for m in messages if not is_invite_or_file(m)]


def invites(fake_slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The invite messages in a person's DM, oldest first."""
    return [m for m in fake_slack.messages(channel=f"D{user}") if m.get("text") in INVITE_TEXTS]


def ics_files(fake_slack: FakeSlack, user: str) -> list[bytes]:
    """The .ics files uploaded into the threads of invites in a person's DM, oldest first; each one
    must sit in the thread of an invite message there."""
    threads = {m["ts"] for m in invites(fake_slack, user)}
    found = []
    for file in fake_slack.files:
        if file["channel_id"] != f"D{user}" or not str(file["filename"]).endswith(".ics"):
            continue
        assert file["thread_ts"] in threads, "an .ics outside the thread of its invite"
        found.append(bytes(file["content"]))
    return found


def read(raw: bytes) -> tuple[icalendar.Calendar, Any]:
    """The file parsed by both libraries (icalendar, and vobject as the second, independent reader)."""
    return icalendar.Calendar.from_ical(raw), vobject.readOne(raw.decode("utf-8"))


def master(calendar: icalendar.Calendar) -> icalendar.Event:
    """The series' own VEVENT (the one without RECURRENCE-ID)."""
    [event] = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    return event


def drop_invites(session: Session) -> None:
    """Delete the queued calendar invites, for tests about other messages that count what is queued."""
    session.execute(delete(Delivery).where(Delivery.kind == DeliveryKind.CALENDAR_INVITE))


def meetings(raw: bytes, after: datetime, count: int) -> list[datetime]:
    """The first `count` meetings an invite puts on a calendar after `after` (aware), in UTC, as vobject
    reads it: the series' rule with its RDATEs and EXDATEs, each override (RECURRENCE-ID) moving the
    occurrence it names to its own DTSTART."""
    events = vobject.readOne(raw.decode("utf-8")).vevent_list
    [series] = [e for e in events if not hasattr(e, "recurrence_id")]
    moved = {e.recurrence_id.value.astimezone(UTC): e.dtstart.value.astimezone(UTC) for e in events if e is not series}
    found: list[datetime] = []
    for index, start in enumerate(series.getrruleset(addRDate=True)):
        occurrence = start.astimezone(UTC)
        found.append(moved.pop(occurrence, occurrence))
        later = sorted(m for m in found if m > after)
        if (not moved and len(later) >= count and occurrence >= later[count - 1]) or index > 1000:
            break
    assert not moved, "an override names no occurrence of the series"
    return sorted(m for m in found if m > after)[:count]


def planned_meetings(session: Session, now: datetime, count: int) -> list[datetime]:
    """The next `count` meetings the bot itself plans for the (only) series, from `now` on: each one
    after the previous has ended, as `upcoming_conversation` rolls the series forward. The caller rolls
    the session back; the conversations it plans are for this look ahead only."""
    series = session.scalars(select(OneOnOneSeries)).one()
    found: list[datetime] = []
    at = now
    for _ in range(count):
        conversation = upcoming_conversation(session, series=series, now=at)
        found.append(conversation.scheduled_at.astimezone(UTC))
        at = ends_at(conversation)
    return found
