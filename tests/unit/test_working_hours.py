"""Working hours as pure functions: the window in four zones, DST gaps and folds, weekends, working-day
arithmetic across month ends, year ends and a leap day, custom working weeks and `parse_days`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar.working_hours import DEFAULT_DAYS, WorkingHours, holiday_dates, parse_days, parse_holidays, valid_days

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
KOLKATA = "Asia/Kolkata"
SYDNEY = "Australia/Sydney"
ZONES = (NEW_YORK, BERLIN, KOLKATA, SYDNEY)
EVERY_DAY = frozenset(range(7))
SUNDAY_TO_THURSDAY = parse_days("6,0,1,2,3")

WEDNESDAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
SUNDAY = date(2026, 11, 29)
MONDAY = date(2026, 11, 30)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(tz: str, day: date, hour: int, minute: int = 0) -> datetime:
    """A (non-ambiguous) local wall time as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def is_open(hours: WorkingHours, instant: datetime) -> bool:
    """In working hours: the next opening is the instant itself (start inclusive, end exclusive)."""
    return hours.next_open(instant) == instant


def wall(instant: datetime, tz: str) -> tuple[date, int, int]:
    shown = instant.astimezone(ZoneInfo(tz))
    return shown.date(), shown.hour, shown.minute


# -- the default window, checked by hand in each zone -------------------------------------------------------

# 09:00-18:00 on Wed 25 Nov 2026: New York is on EST (UTC-5), Berlin on CET (UTC+1), Kolkata on IST
# (UTC+5:30, no DST) and Sydney on AEDT (UTC+11, its summer), so Sydney's day starts on Tuesday in UTC.
WINDOWS = {
    NEW_YORK: (utc(2026, 11, 25, 14), utc(2026, 11, 25, 23)),
    BERLIN: (utc(2026, 11, 25, 8), utc(2026, 11, 25, 17)),
    KOLKATA: (utc(2026, 11, 25, 3, 30), utc(2026, 11, 25, 12, 30)),
    SYDNEY: (utc(2026, 11, 24, 22), utc(2026, 11, 25, 7)),
}


@pytest.mark.parametrize("tz", ZONES)
def test_the_default_window_is_nine_to_six_local_in_utc(tz: str) -> None:
    hours = WorkingHours(tz)

    assert hours.window(WEDNESDAY) == WINDOWS[tz]
    assert hours.at(WEDNESDAY, 9 * 60) == WINDOWS[tz][0]
    assert (hours.days, hours.start_minute, hours.end_minute) == (DEFAULT_DAYS, 540, 1080)


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(
    ("offset", "inside"),
    [
        pytest.param(timedelta(hours=-3), False, id="early-morning"),
        pytest.param(timedelta(microseconds=-1), False, id="just-before-start"),
        pytest.param(timedelta(0), True, id="exactly-start"),
        pytest.param(timedelta(hours=4, minutes=30), True, id="midday"),
        pytest.param(timedelta(hours=9, microseconds=-1), True, id="just-before-end"),
        pytest.param(timedelta(hours=9), False, id="exactly-end"),
        pytest.param(timedelta(hours=13), False, id="late-evening"),
    ],
)
def test_working_hours_are_start_inclusive_end_exclusive(tz: str, offset: timedelta, inside: bool) -> None:
    start, _ = WINDOWS[tz]

    assert is_open(WorkingHours(tz), start + offset) is inside


@pytest.mark.parametrize("tz", ZONES)
def test_next_open_before_inside_and_after_the_window(tz: str) -> None:
    hours = WorkingHours(tz)
    start, end = WINDOWS[tz]
    thursday_start = local(tz, WEDNESDAY + timedelta(days=1), 9)

    assert hours.next_open(local(tz, WEDNESDAY, 0, 1)) == start
    assert hours.next_open(start - timedelta(seconds=1)) == start
    assert hours.next_open(start) == start
    assert hours.next_open(start + timedelta(hours=2, minutes=17)) == start + timedelta(hours=2, minutes=17)
    assert hours.next_open(end - timedelta(seconds=1)) == end - timedelta(seconds=1)
    assert hours.next_open(end) == thursday_start
    assert hours.next_open(local(tz, WEDNESDAY, 23, 59)) == thursday_start
    assert wall(thursday_start, tz) == (date(2026, 11, 26), 9, 0)


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("day", [SATURDAY, SUNDAY], ids=["saturday", "sunday"])
@pytest.mark.parametrize("hour", [0, 9, 12, 23])
def test_weekends_are_closed_and_open_again_on_monday_morning(tz: str, day: date, hour: int) -> None:
    hours = WorkingHours(tz)
    instant = local(tz, day, hour)

    assert not is_open(hours, instant)
    assert hours.next_open(instant) == local(tz, MONDAY, 9)


# Friday 27 Nov 18:00 local (the window has just closed) opens next on Monday 30 Nov 09:00 local.
FRIDAY_EVENING_TO_MONDAY = [
    (NEW_YORK, utc(2026, 11, 27, 23), utc(2026, 11, 30, 14)),
    (BERLIN, utc(2026, 11, 27, 17), utc(2026, 11, 30, 8)),
    (KOLKATA, utc(2026, 11, 27, 12, 30), utc(2026, 11, 30, 3, 30)),
    (SYDNEY, utc(2026, 11, 27, 7), utc(2026, 11, 29, 22)),  # Monday 09:00 in Sydney is Sunday in UTC
]


@pytest.mark.parametrize(("tz", "friday_close", "monday_open"), FRIDAY_EVENING_TO_MONDAY)
def test_friday_evening_waits_for_monday(tz: str, friday_close: datetime, monday_open: datetime) -> None:
    hours = WorkingHours(tz)

    assert not is_open(hours, friday_close)
    assert is_open(hours, friday_close - timedelta(minutes=1))
    assert hours.next_open(friday_close) == monday_open
    assert hours.next_open(friday_close - timedelta(minutes=1)) == friday_close - timedelta(minutes=1)
    assert hours.next_open(local(tz, FRIDAY, 21, 30)) == monday_open
    assert wall(monday_open, tz) == (MONDAY, 9, 0)


# -- DST: the weekend the clocks change ------------------------------------------------------------------

# A weekend with a clock change between Friday 18:00 and Monday 09:00: Monday opens at the new offset.
# New York springs forward on Sun 8 Mar 2026 (EST-5 -> EDT-4) and falls back on Sun 1 Nov (EDT -> EST);
# Berlin on Sun 29 Mar (CET+1 -> CEST+2) and Sun 25 Oct; Sydney's seasons are the other way round:
# summer time ends Sun 5 Apr (AEDT+11 -> AEST+10) and starts Sun 4 Oct.
DST_WEEKENDS = [
    pytest.param(NEW_YORK, utc(2026, 3, 6, 23), utc(2026, 3, 9, 13), id="new-york-spring"),
    pytest.param(NEW_YORK, utc(2026, 10, 30, 22), utc(2026, 11, 2, 14), id="new-york-autumn"),
    pytest.param(BERLIN, utc(2026, 3, 27, 17), utc(2026, 3, 30, 7), id="berlin-spring"),
    pytest.param(BERLIN, utc(2026, 10, 23, 16), utc(2026, 10, 26, 8), id="berlin-autumn"),
    pytest.param(SYDNEY, utc(2026, 10, 2, 8), utc(2026, 10, 4, 22), id="sydney-spring"),
    pytest.param(SYDNEY, utc(2026, 4, 3, 7), utc(2026, 4, 5, 23), id="sydney-autumn"),
]


@pytest.mark.parametrize(("tz", "friday_close", "monday_open"), DST_WEEKENDS)
def test_monday_opens_at_nine_on_the_new_offset_after_a_clock_change(
    tz: str, friday_close: datetime, monday_open: datetime
) -> None:
    hours = WorkingHours(tz)

    assert wall(friday_close, tz)[1:] == (18, 0)
    assert hours.next_open(friday_close) == monday_open
    assert wall(monday_open, tz)[1:] == (9, 0)
    assert is_open(hours, monday_open)
    assert not is_open(hours, monday_open - timedelta(seconds=1))


# Hours 02:30-06:00 every day, on the night the clocks spring forward from 02:00 to 03:00: 02:30 does
# not exist, so the window opens at 03:30 (moved forward by the gap, as a wall clock would).
SPRING_GAPS = [
    # 03:30 EDT (UTC-4) = 07:30 UTC; 06:00 EDT = 10:00 UTC.
    pytest.param(NEW_YORK, date(2026, 3, 8), utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 10), id="new-york"),
    # 03:30 CEST (UTC+2) = 01:30 UTC; 06:00 CEST = 04:00 UTC.
    pytest.param(BERLIN, date(2026, 3, 29), utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 4), id="berlin"),
    # 03:30 AEDT (UTC+11) = 16:30 UTC the day before; 06:00 AEDT = 19:00 UTC.
    pytest.param(SYDNEY, date(2026, 10, 4), utc(2026, 10, 3, 16, 30), utc(2026, 10, 3, 19), id="sydney"),
]


@pytest.mark.parametrize(("tz", "day", "opens", "closes"), SPRING_GAPS)
def test_a_window_starting_in_the_spring_gap_opens_at_the_first_real_instant_after_it(
    tz: str, day: date, opens: datetime, closes: datetime
) -> None:
    hours = WorkingHours(tz, days=EVERY_DAY, start_minute=2 * 60 + 30, end_minute=6 * 60)

    assert hours.window(day) == (opens, closes)
    assert wall(opens, tz) == (day, 3, 30)
    assert not is_open(hours, opens - timedelta(seconds=1))
    assert is_open(hours, opens)
    assert hours.next_open(local(tz, day - timedelta(days=1), 12)) == opens
    assert hours.next_open(opens - timedelta(minutes=45)) == opens  # 01:45 local, before the gap


# Hours 02:30-06:00 on the night the clocks fall back and the hour before the change repeats
# (01:00-02:00 in New York, 02:00-03:00 in Berlin and Sydney): the window opens at the first reading.
AUTUMN_FOLDS = [
    # 01:30 EDT (UTC-4) = 05:30 UTC; 06:00 EST (UTC-5) = 11:00 UTC.
    pytest.param(NEW_YORK, date(2026, 11, 1), 90, utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 11), id="new-york"),
    # 02:30 CEST (UTC+2) = 00:30 UTC; 06:00 CET (UTC+1) = 05:00 UTC.
    pytest.param(BERLIN, date(2026, 10, 25), 150, utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 5), id="berlin"),
    # 02:30 AEDT (UTC+11) = 15:30 UTC the day before; 06:00 AEST (UTC+10) = 20:00 UTC.
    pytest.param(SYDNEY, date(2026, 4, 5), 150, utc(2026, 4, 4, 15, 30), utc(2026, 4, 4, 20), id="sydney"),
]


@pytest.mark.parametrize(("tz", "day", "start_minute", "opens", "closes"), AUTUMN_FOLDS)
def test_a_window_starting_in_the_repeated_hour_opens_at_its_first_reading(
    tz: str, day: date, start_minute: int, opens: datetime, closes: datetime
) -> None:
    hours = WorkingHours(tz, days=EVERY_DAY, start_minute=start_minute, end_minute=6 * 60)
    second_reading = opens + timedelta(hours=1)

    assert hours.window(day) == (opens, closes)
    assert hours.at(day, start_minute) == opens
    # The clock shows the start time twice, an hour apart; the window is open from the first.
    assert wall(opens, tz) == wall(second_reading, tz) == (day, start_minute // 60, start_minute % 60)
    assert not is_open(hours, opens - timedelta(seconds=1))
    assert is_open(hours, opens)
    assert is_open(hours, second_reading)
    assert hours.next_open(opens - timedelta(minutes=20)) == opens
    assert hours.next_open(second_reading) == second_reading


@pytest.mark.parametrize(
    "day",
    [date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 4), date(2026, 10, 25), date(2026, 11, 1), date(2026, 4, 5)],
)
def test_kolkata_has_no_gap_or_fold_on_other_zones_change_days(day: date) -> None:
    hours = WorkingHours(KOLKATA, days=EVERY_DAY, start_minute=2 * 60 + 30, end_minute=6 * 60)
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)

    # 02:30 and 06:00 IST (UTC+5:30) are 21:00 and 00:30 UTC: the window is always 3.5 hours long.
    assert hours.window(day) == (midnight - timedelta(hours=3), midnight + timedelta(minutes=30))


@pytest.mark.parametrize(("tz", "day", "opens", "closes"), SPRING_GAPS)
def test_a_window_wholly_in_the_gap_moves_forward_with_it(
    tz: str, day: date, opens: datetime, closes: datetime
) -> None:
    hours = WorkingHours(tz, days=EVERY_DAY, start_minute=2 * 60 + 10, end_minute=2 * 60 + 50)

    # 02:10-02:50 never happen that night; both ends move forward by the hour, to 03:10-03:50.
    assert hours.window(day) == (opens - timedelta(minutes=20), opens + timedelta(minutes=20))
    assert is_open(hours, opens)


@pytest.mark.parametrize(("tz", "day", "opens", "closes"), SPRING_GAPS)
def test_a_window_the_gap_swallows_is_empty_and_skipped(tz: str, day: date, opens: datetime, closes: datetime) -> None:
    hours = WorkingHours(tz, days=EVERY_DAY, start_minute=2 * 60 + 30, end_minute=3 * 60 + 30)

    # 02:30 moves forward to 03:30, which is also when the window closes: nothing is left that night.
    assert hours.window(day) == (opens, opens)
    assert not is_open(hours, opens)
    assert wall(hours.next_open(opens - timedelta(hours=2)), tz) == (day + timedelta(days=1), 2, 30)


# -- working-day arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(date(2026, 12, 9), 2, date(2026, 12, 7), id="wed-2-is-mon"),
        pytest.param(date(2026, 12, 8), 2, date(2026, 12, 4), id="tue-2-across-the-weekend"),
        pytest.param(date(2026, 12, 7), 1, date(2026, 12, 4), id="mon-1-is-fri"),
        pytest.param(date(2026, 12, 7), 0, date(2026, 12, 7), id="count-0-working-day-is-itself"),
        pytest.param(date(2026, 12, 12), 0, date(2026, 12, 11), id="count-0-saturday-is-friday"),
        pytest.param(date(2026, 12, 13), 0, date(2026, 12, 11), id="count-0-sunday-is-friday"),
        # A weekend day's "one working day before" is the Friday, like count 0: the last one before it.
        pytest.param(date(2026, 12, 13), 1, date(2026, 12, 11), id="sun-1-is-fri"),
        pytest.param(date(2026, 12, 12), 2, date(2026, 12, 10), id="sat-2-is-thu"),
        pytest.param(date(2026, 12, 7), 5, date(2026, 11, 30), id="a-whole-week"),
        pytest.param(date(2026, 12, 1), 2, date(2026, 11, 27), id="month-end"),
        pytest.param(date(2026, 12, 1), 1, date(2026, 11, 30), id="last-of-the-month"),
        pytest.param(date(2027, 1, 4), 1, date(2027, 1, 1), id="new-years-day-is-a-friday"),
        pytest.param(date(2027, 1, 4), 2, date(2026, 12, 31), id="year-end"),
        pytest.param(date(2027, 1, 1), 3, date(2026, 12, 29), id="year-end-from-the-first"),
        pytest.param(date(2028, 3, 1), 1, date(2028, 2, 29), id="leap-day"),
        pytest.param(date(2028, 3, 2), 2, date(2028, 2, 29), id="leap-day-2"),
        pytest.param(date(2028, 3, 6), 5, date(2028, 2, 28), id="across-the-leap-day"),
        pytest.param(date(2027, 3, 1), 1, date(2027, 2, 26), id="no-leap-day-in-2027"),
        pytest.param(date(2027, 3, 2), 1, date(2027, 3, 1), id="march-first-2027-is-a-monday"),
    ],
)
def test_working_days_before_skips_weekends(day: date, count: int, expected: date) -> None:
    assert WorkingHours(BERLIN).working_days_before(day, count) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(date(2026, 12, 13), 1, date(2026, 12, 10), id="sun-1-is-thu"),
        pytest.param(date(2026, 12, 14), 2, date(2026, 12, 10), id="mon-2-is-thu"),
        pytest.param(date(2026, 12, 15), 2, date(2026, 12, 13), id="tue-2-is-sun"),
        pytest.param(date(2026, 12, 11), 0, date(2026, 12, 10), id="friday-is-off"),
        pytest.param(date(2026, 12, 12), 0, date(2026, 12, 10), id="saturday-is-off"),
        pytest.param(date(2026, 12, 13), 0, date(2026, 12, 13), id="sunday-works"),
        pytest.param(date(2027, 1, 3), 2, date(2026, 12, 30), id="year-end"),
    ],
)
def test_working_days_before_with_a_sunday_to_thursday_week(day: date, count: int, expected: date) -> None:
    assert WorkingHours(BERLIN, days=SUNDAY_TO_THURSDAY).working_days_before(day, count) == expected


def test_one_working_day_a_week_counts_back_whole_weeks() -> None:
    wednesdays = WorkingHours(BERLIN, days=frozenset({2}))

    assert wednesdays.working_days_before(date(2026, 12, 9), 1) == date(2026, 12, 2)
    assert wednesdays.working_days_before(date(2026, 12, 8), 1) == date(2026, 12, 2)
    assert wednesdays.working_days_before(date(2026, 12, 8), 2) == date(2026, 11, 25)
    assert wednesdays.working_days_before(date(2026, 12, 8), 0) == date(2026, 12, 2)


@pytest.mark.parametrize(
    ("days", "day", "expected"),
    [
        pytest.param(DEFAULT_DAYS, date(2026, 12, 10), date(2026, 12, 11), id="thu-fri"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 11), date(2026, 12, 14), id="fri-mon"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 12), date(2026, 12, 14), id="sat-mon"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 13), date(2026, 12, 14), id="sun-mon"),
        pytest.param(DEFAULT_DAYS, date(2026, 11, 30), date(2026, 12, 1), id="month-end"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 31), date(2027, 1, 1), id="year-end"),
        pytest.param(DEFAULT_DAYS, date(2028, 2, 28), date(2028, 2, 29), id="leap-day"),
        pytest.param(DEFAULT_DAYS, date(2027, 2, 26), date(2027, 3, 1), id="no-leap-day"),
        pytest.param(SUNDAY_TO_THURSDAY, date(2026, 12, 10), date(2026, 12, 13), id="custom-thu-sun"),
        pytest.param(SUNDAY_TO_THURSDAY, date(2026, 12, 11), date(2026, 12, 13), id="custom-fri-sun"),
        pytest.param(SUNDAY_TO_THURSDAY, date(2026, 12, 13), date(2026, 12, 14), id="custom-sun-mon"),
    ],
)
def test_next_working_day_is_strictly_after(days: frozenset[int], day: date, expected: date) -> None:
    assert WorkingHours(SYDNEY, days=days).next_working_day(day) == expected


@pytest.mark.parametrize(
    ("days", "day", "expected"),
    [
        pytest.param(DEFAULT_DAYS, date(2026, 12, 9), date(2026, 12, 9), id="wed-itself"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 12), date(2026, 12, 11), id="sat-fri"),
        pytest.param(DEFAULT_DAYS, date(2026, 12, 13), date(2026, 12, 11), id="sun-fri"),
        pytest.param(DEFAULT_DAYS, date(2026, 11, 1), date(2026, 10, 30), id="month-start"),
        pytest.param(DEFAULT_DAYS, date(2028, 3, 4), date(2028, 3, 3), id="leap-year"),
        pytest.param(DEFAULT_DAYS, date(2027, 1, 2), date(2027, 1, 1), id="new-year"),
        pytest.param(SUNDAY_TO_THURSDAY, date(2026, 12, 12), date(2026, 12, 10), id="custom-sat-thu"),
        pytest.param(SUNDAY_TO_THURSDAY, date(2026, 12, 13), date(2026, 12, 13), id="custom-sun-itself"),
    ],
)
def test_last_working_day_on_or_before(days: frozenset[int], day: date, expected: date) -> None:
    assert WorkingHours(KOLKATA, days=days).last_working_day_on_or_before(day) == expected


@pytest.mark.parametrize("tz", ZONES)
def test_a_sunday_to_thursday_week_opens_on_sunday_and_is_closed_on_friday(tz: str) -> None:
    hours = WorkingHours(tz, days=SUNDAY_TO_THURSDAY)
    thursday = date(2026, 11, 26)

    assert is_open(hours, local(tz, SUNDAY, 10))
    assert not is_open(hours, local(tz, FRIDAY, 10))
    assert hours.next_open(local(tz, thursday, 18)) == local(tz, SUNDAY, 9)
    assert hours.next_open(local(tz, FRIDAY, 10)) == local(tz, SUNDAY, 9)


@pytest.mark.parametrize("tz", ZONES)
def test_a_personal_window_moves_the_opening(tz: str) -> None:
    early = WorkingHours(tz, start_minute=7 * 60 + 15, end_minute=15 * 60 + 45)

    assert early.next_open(local(tz, WEDNESDAY, 6)) == local(tz, WEDNESDAY, 7, 15)
    assert is_open(early, local(tz, WEDNESDAY, 15, 44))
    assert early.next_open(local(tz, WEDNESDAY, 15, 45)) == local(tz, date(2026, 11, 26), 7, 15)


# -- parse_days and validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,1,2,3,4", frozenset({0, 1, 2, 3, 4})),
        ("6,0,1,2,3", frozenset({6, 0, 1, 2, 3})),
        ("4,3,2,1,0", frozenset({0, 1, 2, 3, 4})),
        (" 1 , 3 ", frozenset({1, 3})),
        ("1,,3,", frozenset({1, 3})),
        ("2,2,2", frozenset({2})),
        ("5", frozenset({5})),
        ("0,1,2,3,4,5,6", EVERY_DAY),
    ],
)
def test_parse_days_reads_weekday_numbers(text: str, expected: frozenset[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", ",", "mon,tue", "7", "-1", "0,7", "1.5", "0;1;2", "one"],
)
def test_parse_days_falls_back_to_monday_to_friday(text: str) -> None:
    assert parse_days(text) == DEFAULT_DAYS == frozenset({0, 1, 2, 3, 4})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": frozenset()}, "at least one working day"),
        ({"start_minute": 600, "end_minute": 600}, "start before it ends"),
        ({"start_minute": 700, "end_minute": 600}, "start before it ends"),
        ({"start_minute": -1}, "start before it ends"),
        ({"end_minute": 24 * 60 + 1}, "start before it ends"),
    ],
)
def test_the_constructor_refuses_impossible_hours(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkingHours(BERLIN, **kwargs)  # type: ignore[arg-type]


def test_the_widest_window_that_ends_before_midnight_works() -> None:
    hours = WorkingHours(BERLIN, days=EVERY_DAY, start_minute=0, end_minute=24 * 60 - 1)

    assert hours.window(WEDNESDAY) == (local(BERLIN, WEDNESDAY, 0), local(BERLIN, WEDNESDAY, 23, 59))
    assert hours.next_open(local(BERLIN, WEDNESDAY, 23, 59)) == local(BERLIN, date(2026, 11, 26), 0)


@pytest.mark.parametrize("tz", ZONES)
def test_a_working_day_that_ends_at_midnight_is_usable(tz: str) -> None:
    hours = WorkingHours(tz, start_minute=9 * 60, end_minute=24 * 60)

    assert hours.window(WEDNESDAY) == (local(tz, WEDNESDAY, 9), local(tz, date(2026, 11, 26), 0))
    assert is_open(hours, local(tz, WEDNESDAY, 23, 59))
    assert hours.next_open(local(tz, FRIDAY, 23, 59)) == local(tz, FRIDAY, 23, 59)
    assert hours.next_open(local(tz, SATURDAY, 12)) == local(tz, MONDAY, 9)


def test_holidays_are_not_working_days() -> None:
    christmas = frozenset({date(2026, 12, 24), date(2026, 12, 25)})
    hours = WorkingHours(tz="Europe/Berlin", holidays=christmas)

    assert not hours.is_working_day(date(2026, 12, 24))
    # Two working days before Monday 28 Dec skip the holidays and the weekend: Tuesday 22 Dec.
    assert hours.working_days_before(date(2026, 12, 28), 2) == date(2026, 12, 22)
    assert hours.next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)
    # 23 Dec at 19:00 Berlin: the next window opens on Monday 28 Dec at 09:00 (08:00 UTC).
    assert hours.next_open(datetime(2026, 12, 23, 18, 0, tzinfo=UTC)) == datetime(2026, 12, 28, 8, 0, tzinfo=UTC)


def test_parse_holidays_ignores_what_is_not_a_date() -> None:
    assert parse_holidays("2026-12-24, nonsense,2026-02-30,2027-01-01") == frozenset(
        {date(2026, 12, 24), date(2027, 1, 1)}
    )


@pytest.mark.parametrize(
    ("stored", "expected"),
    [([6, 0, 1, 2, 3], SUNDAY_TO_THURSDAY), ([2], frozenset({2})), ([], DEFAULT_DAYS), ([0, 7], DEFAULT_DAYS)],
)
def test_stored_working_days_outside_the_week_fall_back_to_monday_to_friday(
    stored: list[int], expected: frozenset[int]
) -> None:
    assert valid_days(stored) == expected


def test_stored_holidays_that_are_not_dates_are_ignored() -> None:
    assert holiday_dates(["2026-12-24", " 2027-01-01", "nonsense", ""]) == frozenset(
        {date(2026, 12, 24), date(2027, 1, 1)}
    )
