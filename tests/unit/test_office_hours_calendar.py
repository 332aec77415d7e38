"""Office-hours sessions on the host's wall time: DST, a start in the spring gap or the autumn fold, skipped days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.calendar.office_hours import SessionRule, sessions_after, slot_start

BERLIN = "Europe/Berlin"
THURSDAY_15 = SessionRule(weekday=3, start_minute=15 * 60, tz=BERLIN)


def utc(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def never(_: date) -> bool:
    return False


def test_sessions_keep_the_local_time_across_the_autumn_change() -> None:
    found = sessions_after(THURSDAY_15, utc(10, 13, 0), skipped=never, count=3)

    # 15:00 in Berlin is 13:00 UTC in summer time and 14:00 UTC after the last Sunday of October.
    assert found == [utc(10, 15, 13), utc(10, 22, 13), utc(10, 29, 14)]


def test_a_start_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    sunday_0230 = SessionRule(weekday=6, start_minute=2 * 60 + 30, tz=BERLIN)

    found = sessions_after(sunday_0230, utc(3, 27, 0, year=2027), skipped=never)

    # 02:30 does not exist on 28 March 2027 in Berlin: the session starts at 03:30 CEST (01:30 UTC).
    assert found == [utc(3, 28, 1, 30, year=2027)]


def test_a_start_that_happens_twice_takes_the_first() -> None:
    sunday_0230 = SessionRule(weekday=6, start_minute=2 * 60 + 30, tz=BERLIN)

    found = sessions_after(sunday_0230, utc(10, 24, 0), skipped=never)

    # 02:30 happens twice on 25 October 2026: the first (CEST, 00:30 UTC), so nobody misses it.
    assert found == [utc(10, 25, 0, 30)]


def test_skipped_days_are_passed_over() -> None:
    holiday = date(2026, 10, 22)

    found = sessions_after(THURSDAY_15, utc(10, 16, 0), skipped=lambda day: day == holiday, count=2)

    assert found == [utc(10, 15 + 14, 14), utc(11, 5, 14)]


def test_a_skip_that_never_ends_finds_nothing() -> None:
    assert sessions_after(THURSDAY_15, utc(10, 16, 0), skipped=lambda _: True) == []


def test_is_session_accepts_only_real_starts() -> None:
    assert THURSDAY_15.is_session(utc(10, 29, 14))
    assert not THURSDAY_15.is_session(utc(10, 29, 13))  # the summer-time instant, a week too late
    assert not THURSDAY_15.is_session(utc(10, 30, 14))


def test_slots_split_the_session_evenly() -> None:
    start = utc(10, 29, 14)
    assert slot_start(start, length_minutes=60, slots=4, index=3) == utc(10, 29, 14, 45)


def test_a_rule_outside_the_week_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        SessionRule(weekday=7, start_minute=0, tz=BERLIN)
