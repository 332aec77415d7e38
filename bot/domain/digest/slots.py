"""When a digest is due: its slots, the chosen weekday and hour in the owner's zone (pure arithmetic).

A slot is a UTC instant; the next one is found on local wall time, so a digest stays on its weekday
and hour across DST changes and when its owner moves zone. No database here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.calendar.recurrence import to_local, to_utc
from bot.models import DigestSubscription


def _at(day: date, hour: int, tz: str) -> datetime:
    return to_utc(datetime.combine(day, time(hour)), tz)


def first_slot(*, weekday: int, hour: int, tz: str, after: datetime) -> datetime:
    """The first chosen weekday and hour, in `tz`, strictly after `after`."""
    local = to_local(after, tz)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    slot = _at(day, hour, tz)
    return slot if slot > after else _at(day + timedelta(weeks=1), hour, tz)


def following_slot(slot: datetime, *, interval_weeks: int, weekday: int, hour: int, tz: str) -> datetime:
    """The slot `interval_weeks` after `slot`, on the chosen weekday even if the owner changed zone."""
    target = to_local(slot, tz).date() + timedelta(weeks=interval_weeks)
    shift = (weekday - target.weekday()) % 7
    return _at(target + timedelta(days=shift - 7 if shift > 3 else shift), hour, tz)


def next_slot_after(sub: DigestSubscription, slot: datetime, tz: str) -> datetime:
    return following_slot(slot, interval_weeks=sub.interval_weeks, weekday=sub.weekday, hour=sub.hour, tz=tz)


def slot_key(sub: DigestSubscription, slot: datetime, tz: str) -> str:
    """The outbox key of one slot's digest: the subscription and the slot's local date."""
    return f"digest:{sub.id}:{to_local(slot, tz).date().isoformat()}"
