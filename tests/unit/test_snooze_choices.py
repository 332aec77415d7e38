"""Which snoozes a reminder offers: only those whose copy reaches the person, in their working
hours, before the reminder stops making sense."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.calendar.working_hours import WorkingHours
from bot.domain.snooze import SNOOZE_CHOICES, snooze_choices, snooze_until

BERLIN = WorkingHours(tz="Europe/Berlin")  # Monday to Friday, 09:00-18:00


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """A December 2026 wall time in Berlin (UTC+1), as UTC."""
    return datetime(2026, 12, day, hour - 1, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "deadline", "offered"),
    [
        (berlin(4, 10), None, SNOOZE_CHOICES),  # no meeting to miss
        (berlin(4, 10), berlin(8, 14, 30), SNOOZE_CHOICES),  # Friday: next week is Monday, before Tuesday
        (berlin(7, 10), berlin(8, 14, 30), ("hour", "tomorrow")),  # Monday: next week is after the 1:1
        (berlin(8, 9), berlin(8, 14, 30), ("hour",)),
        (berlin(8, 13), berlin(8, 13, 30), ()),  # an hour from now is already too late
        # 17:30: an hour from now is outside working hours, so it would arrive Tuesday 09:00,
        # after an 08:30 deadline, although 18:30 on Monday is before it.
        (berlin(7, 17, 30), berlin(8, 8, 30), ()),
    ],
)
def test_only_snoozes_that_arrive_before_the_deadline_are_offered(
    now: datetime, deadline: datetime | None, offered: tuple[str, ...]
) -> None:
    assert snooze_choices(hours=BERLIN, now=now, deadline=deadline) == offered


def test_what_each_snooze_means() -> None:
    friday = berlin(4, 10)

    assert snooze_until("hour", hours=BERLIN, now=friday) == berlin(4, 11)
    assert snooze_until("tomorrow", hours=BERLIN, now=friday) == berlin(7, 9)  # the next working day
    assert snooze_until("week", hours=BERLIN, now=friday) == berlin(7, 9)
