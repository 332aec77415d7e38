"""Working hours in a person's own time zone: when a nudge may land, and working-day arithmetic."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from bot.calendar.recurrence import to_local, to_utc

DEFAULT_DAYS = frozenset({0, 1, 2, 3, 4})  # Monday to Friday


@dataclass(frozen=True)
class WorkingHours:
    """When someone works: weekdays (Monday=0) and a daily window in minutes after local midnight."""

    tz: str
    days: frozenset[int] = DEFAULT_DAYS
    start_minute: int = 9 * 60
    end_minute: int = 18 * 60
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("working hours need at least one working day")
        if not 0 <= self.start_minute < self.end_minute <= 24 * 60:
            raise ValueError("the working day must start before it ends, within one day")

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def at(self, day: date, minute: int) -> datetime:
        """The UTC instant of a local wall time on `day` (DST gaps move forward, folds take the first)."""
        # Via timedelta, so 24:00 (a day that ends at midnight) is the next day's 00:00.
        return to_utc(datetime.combine(day, time.min) + timedelta(minutes=minute), self.tz)

    def window(self, day: date) -> tuple[datetime, datetime]:
        return self.at(day, self.start_minute), self.at(day, self.end_minute)

    def next_open(self, instant: datetime) -> datetime:
        """`instant` if it falls in working hours, else the start of the next working window."""
        day = to_local(instant, self.tz).date()
        for offset in range(15 + len(self.holidays)):
            candidate = day + timedelta(days=offset)
            if not self.is_working_day(candidate):
                continue
            start, end = self.window(candidate)
            if start >= end:  # the whole window fell into a DST gap that day
                continue
            if instant < start:
                return start
            if instant < end:
                return instant
        raise ValueError("no working window within two weeks")  # unreachable with at least one day

    def working_days_before(self, day: date, count: int) -> date:
        """The working day `count` working days before `day` (count=0: `day` or the one before)."""
        current = day
        remaining = count
        while remaining > 0 or not self.is_working_day(current):
            current -= timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def next_working_day(self, day: date) -> date:
        current = day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def last_working_day_on_or_before(self, day: date) -> date:
        current = day
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current


def valid_days(days: Iterable[int]) -> frozenset[int]:
    """Stored weekday numbers as a set; none, or one outside Monday=0 … Sunday=6, falls back to Monday to Friday."""
    found = frozenset(days)
    return found if found and found <= set(range(7)) else DEFAULT_DAYS


def holiday_dates(values: Iterable[str]) -> frozenset[date]:
    """ISO dates as dates; entries that are not dates are ignored."""
    found: set[date] = set()
    for value in values:
        try:
            found.add(date.fromisoformat(value.strip()))
        except ValueError:
            continue
    return frozenset(found)


@lru_cache(maxsize=256)
def parse_days(text: str) -> frozenset[int]:
    """ "0,1,2,3,4" → {0..4}; anything unusable falls back to Monday to Friday."""
    try:
        return valid_days(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        return DEFAULT_DAYS


@lru_cache(maxsize=256)
def parse_holidays(text: str) -> frozenset[date]:
    """ "2026-12-24,2026-12-25" → those dates; entries that are not dates are ignored."""
    return holiday_dates(text.split(","))
