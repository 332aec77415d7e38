"""When a check-in reaches its owner, as a pure function: the reminder minute local to the owner, on
the day it is due or, when that is a weekend or a holiday, on the next working day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.calendar.working_hours import WorkingHours
from bot.domain.check_ins import check_in_moment

NEW_YORK = "America/New_York"
TEN_AM = 10 * 60


def test_a_check_in_due_on_a_working_day_goes_at_the_minute_that_day() -> None:
    wednesday_night_utc = datetime(2026, 11, 26, 2, tzinfo=UTC)  # still Wednesday evening in New York

    moment = check_in_moment(WorkingHours(NEW_YORK), wednesday_night_utc, minute=TEN_AM)

    assert moment == datetime(2026, 11, 25, 15, tzinfo=UTC)  # Wednesday 10:00 EST


def test_a_check_in_due_on_a_weekend_or_holiday_waits_for_the_next_working_day() -> None:
    saturday = datetime(2026, 11, 28, 16, tzinfo=UTC)
    hours = WorkingHours(NEW_YORK, holidays=frozenset({date(2026, 11, 30)}))

    assert check_in_moment(WorkingHours(NEW_YORK), saturday, minute=TEN_AM) == datetime(2026, 11, 30, 15, tzinfo=UTC)
    assert check_in_moment(hours, saturday, minute=TEN_AM) == datetime(2026, 12, 1, 15, tzinfo=UTC)
