"""When the mid-year reflection rounds fall: the workspace's own dates, or the first working Monday of
June and of December; and when the planner looks at each round."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.calendar.working_hours import holiday_dates, valid_days
from bot.models import Workspace

DEFAULT_MONTHS = (6, 12)
# A round is planned two days ahead (every zone's 10:00 on the day is later than that), and caught up
# for two weeks after its day if the bot was down; a later round replaces it.
LEAD = timedelta(days=2)
CATCH_UP = timedelta(days=14)
# The next planning moment when no round is left to plan (only dates the workspace set, all past).
NEVER = datetime(3000, 1, 1, tzinfo=UTC)
MAX_DATES = 12

# A day the planner can reach: far-off years are typos (year 1 would even overflow its arithmetic).
FIRST_YEAR, LAST_YEAR = 2000, 2199


def first_working_monday(year: int, month: int, *, working_days: frozenset[int], holidays: frozenset[date]) -> date:
    """The month's first Monday that is a working day and no holiday; if Mondays are never worked,
    the month's first working day."""
    days = [date(year, month, 1) + timedelta(days=n) for n in range(28)]
    working = [d for d in days if d.weekday() in working_days and d not in holidays]
    mondays = [d for d in working if d.weekday() == 0]
    return (mondays or working or days)[0]


def round_dates(workspace: Workspace, *, around: date) -> list[date]:
    """The rounds from the year before `around` to the year after, in order."""
    if workspace.reflection_dates:
        return sorted(date.fromisoformat(d) for d in workspace.reflection_dates)
    working_days = valid_days(workspace.working_days)
    holidays = holiday_dates(workspace.holidays)
    return [
        first_working_monday(year, month, working_days=working_days, holidays=holidays)
        for year in (around.year - 1, around.year, around.year + 1)
        for month in DEFAULT_MONTHS
    ]


def planning_moment(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC) - LEAD


def current_round(workspace: Workspace, now: datetime) -> date | None:
    """The round to plan at `now`: the latest whose planning moment has come and whose catch-up has not ended."""
    due = [d for d in round_dates(workspace, around=now.date()) if planning_moment(d) <= now]
    if not due or now >= datetime.combine(due[-1], time(0), tzinfo=UTC) + CATCH_UP:
        return None
    return due[-1]


def next_moment(workspace: Workspace, now: datetime) -> datetime:
    """When the planner next has a round to look at."""
    later = [planning_moment(d) for d in round_dates(workspace, around=now.date()) if planning_moment(d) > now]
    return min(later, default=NEVER)


def parse_dates(text: str) -> list[str]:
    """`2027-06-07,2027-12-06` (or `default`) as the stored list; ValueError says what is wrong."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if parts in ([], ["default"]):
        return []
    try:
        days = sorted({date.fromisoformat(p) for p in parts})
    except ValueError:
        raise ValueError("use dates like 2027-06-07,2027-12-06, or default") from None
    if len(days) > MAX_DATES:
        raise ValueError(f"at most {MAX_DATES} dates")
    if days[0].year < FIRST_YEAR or days[-1].year > LAST_YEAR:
        raise ValueError(f"use dates between {FIRST_YEAR} and {LAST_YEAR}")
    return [d.isoformat() for d in days]
