"""How much two people's working days overlap, in minutes of a shared UTC timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours


def daily_overlap_minutes(mine: WorkingHours, theirs: WorkingHours, *, at: datetime) -> int:
    """Minutes a day that `theirs` working window overlaps `mine`, on my local day at `at`.

    Their window is tried on the day before, the same and the day after (far-apart zones cross midnight),
    and the largest overlap counts. Weekdays and holidays are ignored: this compares daily windows.
    """
    day = to_local(at, mine.tz).date()
    start, end = mine.window(day)
    best = 0
    for offset in (-1, 0, 1):
        their_start, their_end = theirs.window(day + timedelta(days=offset))
        shared = min(end, their_end) - max(start, their_start)
        best = max(best, int(shared.total_seconds() // 60))
    return best


def local_month(at: datetime, tz: str) -> date:
    """The first day of the local month `at` falls in, in zone `tz`."""
    return to_local(at, tz).date().replace(day=1)
