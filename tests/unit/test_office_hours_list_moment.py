"""When the host's morning list of bookings is due: always inside their working hours, before the session."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.calendar.working_hours import WorkingHours
from bot.domain.office_hours_planning import list_moment

BERLIN = WorkingHours(tz="Europe/Berlin")  # Monday to Friday, 09:00-18:00


def _in_hours(moment: datetime) -> bool:
    return BERLIN.next_open(moment) == moment


def test_a_session_later_in_the_day_gets_its_list_at_the_start_of_the_hosts_day() -> None:
    session_at = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # Tuesday 15:00 in Berlin
    assert list_moment(BERLIN, session_at) == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("session_at", "expected"),
    [
        # Tuesday 09:00 Berlin: the list goes at 17:30 on Monday.
        (datetime(2026, 12, 8, 8, 0, tzinfo=UTC), datetime(2026, 12, 7, 16, 30, tzinfo=UTC)),
        # Tuesday 09:15 Berlin: too close to the start of the day as well.
        (datetime(2026, 12, 8, 8, 15, tzinfo=UTC), datetime(2026, 12, 7, 16, 30, tzinfo=UTC)),
        # Monday 08:00 Berlin (before the day starts): Friday's end of day.
        (datetime(2026, 12, 7, 7, 0, tzinfo=UTC), datetime(2026, 12, 4, 16, 30, tzinfo=UTC)),
        # A Saturday session: Friday's end of day.
        (datetime(2026, 12, 12, 10, 0, tzinfo=UTC), datetime(2026, 12, 11, 16, 30, tzinfo=UTC)),
    ],
)
def test_a_session_at_or_before_the_start_of_the_day_gets_its_list_the_working_day_before(
    session_at: datetime, expected: datetime
) -> None:
    moment = list_moment(BERLIN, session_at)
    assert moment == expected
    assert _in_hours(moment)
    assert moment < session_at
