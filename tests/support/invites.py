"""Calendar invites as the fake Slack holds them: the invite DM, the .ics in its thread, read back."""

from __future__ import annotations

from typing import Any

import icalendar
import vobject
from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryKind
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
