"""Recurring 1:1s on local wall time: rules, DST-safe conversion to UTC and the next occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule
from dateutil import tz as dateutil_tz

from bot.models.series import Cadence

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rule_for(cadence: Cadence, anchor_local: datetime) -> str:
    """The RRULE text for a cadence anchored at a local date and time.

    Monthly 1:1s repeat on the same weekday of the month ("2nd Tuesday"), which exists every
    month, unlike "the 31st"; a 5th weekday becomes "the last".
    """
    if cadence is Cadence.WEEKLY:
        return "FREQ=WEEKLY;INTERVAL=1"
    if cadence is Cadence.BIWEEKLY:
        return "FREQ=WEEKLY;INTERVAL=2"
    nth = (anchor_local.day - 1) // 7 + 1
    position = -1 if nth == 5 else nth
    return f"FREQ=MONTHLY;INTERVAL=1;BYDAY={position:+d}{_WEEKDAY_CODES[anchor_local.weekday()]}"


def to_utc(local: datetime, tz_name: str) -> datetime:
    """Localise a naive wall time in `tz_name` and convert it to UTC.

    A time that does not exist (spring-forward gap) moves forward by the gap, as a clock would;
    a time that happens twice (autumn fold) takes the first reading, so nobody misses a meeting.
    """
    zone = ZoneInfo(tz_name)
    aware = local.replace(tzinfo=zone, fold=0)
    if not dateutil_tz.datetime_exists(aware):
        aware = dateutil_tz.resolve_imaginary(aware)
    return aware.astimezone(UTC)


def to_local(instant: datetime, tz_name: str) -> datetime:
    """The aware local time of a UTC instant in `tz_name`."""
    return instant.astimezone(ZoneInfo(tz_name))


def occurrences_after(
    rule: str, anchor_local: datetime, tz_name: str, after: datetime, count: int = 1
) -> list[datetime]:
    """The next `count` occurrences (UTC) of a local rule strictly after the instant `after`."""
    if count <= 0:
        return []
    recurrence = rrule.rrulestr(rule, dtstart=anchor_local.replace(tzinfo=None))
    # Search from a day before in local terms: the UTC→local shift can be up to ±14 hours.
    start_local = to_local(after, tz_name).replace(tzinfo=None) - timedelta(days=1)
    found: list[datetime] = []
    for local in recurrence.xafter(start_local, count=count + 64, inc=True):
        instant = to_utc(local, tz_name)
        if instant > after:
            found.append(instant)
            if len(found) == count:
                break
    return found


def previous_occurrence(rule: str, anchor_local: datetime, tz_name: str, at_or_before: datetime) -> datetime | None:
    """The latest occurrence (UTC) of a local rule that starts at or before `at_or_before`."""
    recurrence = rrule.rrulestr(rule, dtstart=anchor_local.replace(tzinfo=None))
    local = to_local(at_or_before, tz_name).replace(tzinfo=None) + timedelta(days=1)
    for _ in range(64):
        found = recurrence.before(local, inc=True)
        if found is None:
            return None
        instant = to_utc(found, tz_name)
        if instant <= at_or_before:
            return instant
        local = found - timedelta(seconds=1)
    return None


def next_occurrence(rule: str, anchor_local: datetime, tz_name: str, after: datetime) -> datetime | None:
    """The first occurrence (UTC) of a local rule strictly after `after`, or None if the rule ended."""
    found = occurrences_after(rule, anchor_local, tz_name, after, count=1)
    return found[0] if found else None
