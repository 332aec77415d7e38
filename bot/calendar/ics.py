"""iCalendar (RFC 5545) files for 1:1 invites and the private feed: events and whole documents, pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

PRODID = "-//Career Prep//Career Prep 1:1s//EN"
UID_DOMAIN = "career-prep"
# A VTIMEZONE lists the zone's transitions for this many years from the first event on; clients
# that know the zone by name (Google, Apple) use their own rules past it, Outlook keeps the last.
_TIMEZONE_YEARS = 10


def series_uid(team_id: str, series_id: int) -> str:
    """The stable UID of a 1:1 series: every invite and cancel for it updates the same event."""
    return f"series-{series_id}.{team_id}@{UID_DOMAIN}"


def _base_event(*, uid: str, summary: str, stamp: datetime, description: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def series_event(
    *,
    uid: str,
    sequence: int,
    summary: str,
    description: str,
    tz: str,
    start_local: datetime,
    length_minutes: int,
    rrule: str | None,
    stamp: datetime,
    cancelled: bool = False,
    url: str | None = None,
    recurrence_local: datetime | None = None,
) -> icalendar.Event:
    """A recurring (or single) 1:1 on local wall time in `tz`, written as DTSTART;TZID=…. With
    `recurrence_local` (and no `rrule`) it is one moved occurrence of the series with the same UID:
    RECURRENCE-ID names the occurrence's original local start."""
    event = _base_event(uid=uid, summary=summary, stamp=stamp, description=description)
    zone = ZoneInfo(tz)
    event.add("dtstart", start_local.replace(tzinfo=zone))
    if recurrence_local is not None:
        event.add("recurrence-id", recurrence_local.replace(tzinfo=zone))
    event.add("duration", timedelta(minutes=length_minutes))
    if rrule:
        event.add("rrule", icalendar.vRecur.from_ical(rrule))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if url:
        event.add("url", url)
    return event


def timed_event(
    *,
    uid: str,
    summary: str,
    start: datetime,
    length_minutes: int,
    tz: str,
    stamp: datetime,
    description: str = "",
) -> icalendar.Event:
    """One meeting at an instant (`start` is aware), written in the local time of `tz`."""
    if start.tzinfo is None:
        raise ValueError("timed_event needs an aware start")
    event = _base_event(uid=uid, summary=summary, stamp=stamp, description=description)
    event.add("dtstart", start.astimezone(ZoneInfo(tz)))
    event.add("duration", timedelta(minutes=length_minutes))
    return event


def all_day_event(*, uid: str, summary: str, day: date, stamp: datetime, description: str = "") -> icalendar.Event:
    """An all-day event (DTSTART;VALUE=DATE), e.g. an action item's due date."""
    event = _base_event(uid=uid, summary=summary, stamp=stamp, description=description)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def _first_day(calendar: icalendar.Calendar) -> date | None:
    days: list[date] = []
    for event in calendar.walk("VEVENT"):
        start = event.get("dtstart")
        if start is not None and isinstance(start.dt, datetime) and start.dt.tzinfo is not None:
            days.append(start.dt.date())
    return min(days) if days else None


def document(events: Iterable[icalendar.Event], *, method: str | None, name: str | None = None) -> bytes:
    """A whole VCALENDAR: header, a VTIMEZONE per TZID used, the events; CRLF lines, folded at 75 octets."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    first = _first_day(calendar)
    if first is not None:
        start = date(first.year, 1, 1)
        calendar.add_missing_timezones(first_date=start, last_date=date(first.year + _TIMEZONE_YEARS, 1, 1))
    # VTIMEZONEs are added at the end; RFC 5545 allows any order but most readers expect them first.
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.subcomponents[:] = zones + others
    return bytes(calendar.to_ical())
