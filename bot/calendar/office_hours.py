"""Office-hours sessions on the host's local wall time: a weekly rule, DST-safe, with skipped days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.calendar.recurrence import occurrences_after, to_local, to_utc

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Monday 3 January 2000: the anchor week of every rule (any past Monday would do).
_ANCHOR_MONDAY = date(2000, 1, 3)
# How many weeks to look through for a session that is not skipped (a long pause ends the search).
SEARCH_WEEKS = 60


@dataclass(frozen=True)
class SessionRule:
    """A weekly session: weekday (Monday=0) and start (minutes after local midnight) in zone `tz`."""

    weekday: int
    start_minute: int
    tz: str

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6 or not 0 <= self.start_minute < 24 * 60:
            raise ValueError("a session needs a weekday 0-6 and a start within the day")

    @property
    def rrule(self) -> str:
        return f"FREQ=WEEKLY;INTERVAL=1;BYDAY={_WEEKDAY_CODES[self.weekday]}"

    @property
    def anchor(self) -> datetime:
        return datetime.combine(_ANCHOR_MONDAY + timedelta(days=self.weekday), time.min) + timedelta(
            minutes=self.start_minute
        )

    def on(self, day: date) -> datetime:
        """The UTC start of the session on local `day` (a start in a DST gap moves forward by the gap;
        a start that happens twice takes the first, as 1:1s do: bot.calendar.recurrence.to_utc)."""
        return to_utc(datetime.combine(day, time.min) + timedelta(minutes=self.start_minute), self.tz)

    def local_day(self, session_at: datetime) -> date:
        """The host's calendar date of a session."""
        return to_local(session_at, self.tz).date()

    def is_session(self, instant: datetime) -> bool:
        """Whether `instant` is the start of one of this rule's sessions (a value from a button is checked)."""
        day = self.local_day(instant)
        for candidate in (day - timedelta(days=1), day, day + timedelta(days=1)):
            if candidate.weekday() == self.weekday and self.on(candidate) == instant:
                return True
        return False


def sessions_after(
    rule: SessionRule, after: datetime, *, skipped: Callable[[date], bool], count: int = 1
) -> list[datetime]:
    """The next `count` session starts (UTC) strictly after `after` whose local day is not `skipped`
    (a holiday, the host's time away); fewer if none come within SEARCH_WEEKS."""
    found: list[datetime] = []
    for start in occurrences_after(rule.rrule, rule.anchor, rule.tz, after, count=SEARCH_WEEKS):
        if not skipped(rule.local_day(start)):
            found.append(start)
            if len(found) == count:
                break
    return found


def slot_start(session_at: datetime, *, length_minutes: int, slots: int, index: int) -> datetime:
    """When slot `index` of a session begins: the session split into `slots` equal parts."""
    return session_at + timedelta(minutes=(length_minutes // slots) * index)
