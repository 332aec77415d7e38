"""When a held message reaches its recipient (the relay's rules, as a pure function), and how the
sender is told."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.calendar.working_hours import WorkingHours
from bot.domain.arrival import arrives_at
from bot.slack.blocks.common import gets_it

NEW_YORK = WorkingHours(tz="America/New_York", holidays=frozenset({date(2026, 11, 26)}))  # Thanksgiving


@pytest.mark.parametrize(
    ("due", "arrives"),
    [
        (datetime(2026, 11, 23, 16, 0, tzinfo=UTC), datetime(2026, 11, 23, 16, 0, tzinfo=UTC)),  # in hours: now
        (datetime(2026, 11, 23, 23, 30, tzinfo=UTC), datetime(2026, 11, 24, 14, 0, tzinfo=UTC)),  # next morning
        (datetime(2026, 11, 25, 23, 30, tzinfo=UTC), datetime(2026, 11, 27, 14, 0, tzinfo=UTC)),  # after the holiday
        (datetime(2026, 11, 27, 23, 30, tzinfo=UTC), datetime(2026, 11, 30, 14, 0, tzinfo=UTC)),  # after the weekend
    ],
)
def test_a_held_message_arrives_when_the_recipients_working_hours_open(due: datetime, arrives: datetime) -> None:
    assert arrives_at(NEW_YORK, due, away=False, away_until=None) == arrives


def test_time_away_holds_it_until_the_first_working_morning_after_the_last_day_away() -> None:
    monday = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)

    assert arrives_at(NEW_YORK, monday, away=True, away_until=date(2026, 11, 24)) == datetime(
        2026, 11, 25, 14, 0, tzinfo=UTC
    )
    assert arrives_at(NEW_YORK, monday, away=True, away_until=None) is None


NOW = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


def test_the_sender_is_told_when_in_both_time_zones() -> None:
    morning = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)

    assert gets_it("<@UM>", morning, now=NOW, recipient_tz="America/New_York", reader_tz="Europe/Berlin") == (
        "<@UM> gets it at 09:00 their time on Tue 24 Nov (Tue 24 Nov, 15:00 yours)"
    )
    assert gets_it("<@UM>", morning, now=NOW, recipient_tz="America/New_York", reader_tz="America/Toronto") == (
        "<@UM> gets it at 09:00 on Tue 24 Nov"
    )


def test_nothing_is_said_once_it_has_arrived_and_time_away_without_an_end_is_named() -> None:
    assert gets_it("<@UM>", NOW, now=NOW, recipient_tz="UTC", reader_tz="UTC") is None
    assert gets_it("<@UM>", None, now=NOW, recipient_tz="UTC", reader_tz="UTC") == (
        "<@UM> is away, so they get it when they're back"
    )
