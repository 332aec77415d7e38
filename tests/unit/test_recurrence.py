"""Recurrence on local wall time: DST gaps and folds, weekly/biweekly/monthly rules, month ends, UTC results."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule

from bot.calendar.recurrence import next_occurrence, occurrences_after, rule_for, to_local, to_utc
from bot.models.series import Cadence

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
KOLKATA = "Asia/Kolkata"
SYDNEY = "Australia/Sydney"
DST_ZONES = (NEW_YORK, BERLIN, SYDNEY)
ALL_ZONES = (*DST_ZONES, KOLKATA)

WEEKLY = rule_for(Cadence.WEEKLY, datetime(2026, 1, 5, 10))
BIWEEKLY = rule_for(Cadence.BIWEEKLY, datetime(2026, 1, 5, 10))
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local_wall(instant: datetime, tz_name: str) -> datetime:
    """The naive wall time a clock in `tz_name` shows at `instant`."""
    return to_local(instant, tz_name).replace(tzinfo=None)


def assert_aware_utc_ascending_unique(instants: list[datetime]) -> None:
    assert all(i.tzinfo is not None and i.utcoffset() == timedelta(0) for i in instants)
    assert instants == sorted(set(instants))


# --- Cadence ---------------------------------------------------------------------------------------------------


def test_cadence_values_are_the_stored_strings() -> None:
    assert [c.value for c in Cadence] == ["weekly", "biweekly", "monthly"]
    assert Cadence("monthly") is Cadence.MONTHLY
    assert Cadence.BIWEEKLY == "biweekly"
    with pytest.raises(ValueError, match="fortnightly"):
        Cadence("fortnightly")


# --- to_utc / to_local ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz_name", "local", "expected_utc", "expected_wall"),
    [
        # New York, 2nd Sunday of March: 02:00 EST -> 03:00 EDT.
        pytest.param(NEW_YORK, datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 7, 30), time(3, 30), id="new-york"),
        pytest.param(NEW_YORK, datetime(2026, 3, 8, 2, 0), utc(2026, 3, 8, 7, 0), time(3, 0), id="new-york-start"),
        pytest.param(NEW_YORK, datetime(2026, 3, 8, 2, 59), utc(2026, 3, 8, 7, 59), time(3, 59), id="new-york-end"),
        # Berlin, last Sunday of March: 02:00 CET -> 03:00 CEST.
        pytest.param(BERLIN, datetime(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1, 30), time(3, 30), id="berlin"),
        # Sydney, first Sunday of October: 02:00 AEST -> 03:00 AEDT (the previous day in UTC).
        pytest.param(SYDNEY, datetime(2026, 10, 4, 2, 30), utc(2026, 10, 3, 16, 30), time(3, 30), id="sydney"),
    ],
)
def test_nonexistent_local_time_moves_forward_by_the_gap(
    tz_name: str, local: datetime, expected_utc: datetime, expected_wall: time
) -> None:
    instant = to_utc(local, tz_name)

    assert instant == expected_utc
    assert instant.utcoffset() == timedelta(0)
    assert to_local(instant, tz_name).time() == expected_wall
    assert to_local(instant, tz_name).date() == local.date()


@pytest.mark.parametrize(
    ("tz_name", "local", "first_reading", "dst_offset"),
    [
        # New York, 1st Sunday of November: 01:00-01:59 happens in EDT, then again in EST.
        pytest.param(NEW_YORK, datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30), -4, id="new-york"),
        # Berlin, last Sunday of October: 02:00-02:59 happens in CEST, then again in CET.
        pytest.param(BERLIN, datetime(2026, 10, 25, 2, 30), utc(2026, 10, 25, 0, 30), 2, id="berlin"),
        # Sydney, first Sunday of April: 02:00-02:59 happens in AEDT, then again in AEST.
        pytest.param(SYDNEY, datetime(2026, 4, 5, 2, 30), utc(2026, 4, 4, 15, 30), 11, id="sydney"),
    ],
)
def test_repeated_local_time_takes_the_first_dst_reading(
    tz_name: str, local: datetime, first_reading: datetime, dst_offset: int
) -> None:
    second_reading = first_reading + timedelta(hours=1)
    # Both readings really show the same wall time, so the case is a genuine fold.
    assert local_wall(first_reading, tz_name) == local_wall(second_reading, tz_name) == local

    assert to_utc(local, tz_name) == first_reading
    assert to_utc(local.replace(fold=1), tz_name) == first_reading
    assert to_local(first_reading, tz_name).utcoffset() == timedelta(hours=dst_offset)


@pytest.mark.parametrize(
    "local",
    [
        datetime(2026, 1, 15, 9, 0),
        datetime(2026, 3, 8, 2, 30),  # New York's gap
        datetime(2026, 3, 29, 2, 30),  # Berlin's gap
        datetime(2026, 4, 5, 2, 30),  # Sydney's fold
        datetime(2026, 7, 1, 23, 45),
        datetime(2026, 10, 25, 2, 30),  # Berlin's fold
        datetime(2026, 11, 1, 1, 30),  # New York's fold
        datetime(2028, 2, 29, 0, 10),
    ],
)
def test_kolkata_has_no_dst_and_is_always_plus_0530(local: datetime) -> None:
    instant = to_utc(local, KOLKATA)

    assert instant == (local - timedelta(hours=5, minutes=30)).replace(tzinfo=UTC)
    assert to_local(instant, KOLKATA).utcoffset() == timedelta(hours=5, minutes=30)
    assert local_wall(instant, KOLKATA) == local


@pytest.mark.parametrize(
    ("tz_name", "day", "gap_slots"),
    [
        (NEW_YORK, date(2026, 3, 8), 4),
        (NEW_YORK, date(2026, 11, 1), 0),
        (BERLIN, date(2026, 3, 29), 4),
        (BERLIN, date(2026, 10, 25), 0),
        (SYDNEY, date(2026, 4, 5), 0),
        (SYDNEY, date(2026, 10, 4), 4),
        (KOLKATA, date(2026, 3, 8), 0),
    ],
)
def test_only_the_gap_hour_is_moved_on_a_transition_day(tz_name: str, day: date, gap_slots: int) -> None:
    walls = [datetime.combine(day, time()) + timedelta(minutes=15 * i) for i in range(4 * 24)]

    shifts = [local_wall(to_utc(wall, tz_name), tz_name) - wall for wall in walls]

    # Every wall time round-trips except the four quarter hours of a one-hour gap, which move forward one hour.
    assert set(shifts) <= {timedelta(0), timedelta(hours=1)}
    moved = [wall.time() for wall, shift in zip(walls, shifts, strict=True) if shift]
    assert len(moved) == gap_slots
    assert all(time(2) <= t < time(3) for t in moved)


@pytest.mark.parametrize(
    ("tz_name", "instant", "expected_wall", "offset_hours"),
    [
        (NEW_YORK, utc(2026, 3, 8, 6, 59), datetime(2026, 3, 8, 1, 59), -5),
        (NEW_YORK, utc(2026, 3, 8, 7, 0), datetime(2026, 3, 8, 3, 0), -4),
        (NEW_YORK, utc(2026, 11, 1, 6, 30), datetime(2026, 11, 1, 1, 30), -5),
        (BERLIN, utc(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 30), 1),
        (SYDNEY, utc(2026, 4, 4, 16, 30), datetime(2026, 4, 5, 2, 30), 10),
        (KOLKATA, utc(2026, 1, 1, 18, 30), datetime(2026, 1, 2, 0, 0), 5.5),
    ],
)
def test_to_local_shows_the_zone_wall_time_and_offset(
    tz_name: str, instant: datetime, expected_wall: datetime, offset_hours: float
) -> None:
    local = to_local(instant, tz_name)

    assert local.replace(tzinfo=None) == expected_wall
    assert local.utcoffset() == timedelta(hours=offset_hours)
    assert local.tzinfo == ZoneInfo(tz_name)
    assert local.astimezone(UTC) == instant


# --- rule_for ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("anchor", [datetime(2026, 3, 2, 10), datetime(2026, 3, 31, 23, 59), datetime(2028, 2, 29)])
def test_weekly_rules_do_not_depend_on_the_anchor(anchor: datetime) -> None:
    assert rule_for(Cadence.WEEKLY, anchor) == "FREQ=WEEKLY;INTERVAL=1"
    assert rule_for(Cadence.BIWEEKLY, anchor) == "FREQ=WEEKLY;INTERVAL=2"


@pytest.mark.parametrize(
    ("anchor", "byday"),
    [
        (date(2026, 3, 1), "+1SU"),
        (date(2026, 3, 7), "+1SA"),
        (date(2026, 3, 8), "+2SU"),
        (date(2026, 3, 10), "+2TU"),
        (date(2026, 3, 14), "+2SA"),
        (date(2026, 3, 15), "+3SU"),
        (date(2026, 3, 21), "+3SA"),
        (date(2026, 3, 22), "+4SU"),
        (date(2026, 3, 28), "+4SA"),
        (date(2026, 2, 28), "+4SA"),  # the last day of February is still "the 4th", which every month has
        (date(2026, 3, 29), "-1SU"),
        (date(2026, 3, 30), "-1MO"),
        (date(2026, 3, 31), "-1TU"),
        (date(2026, 1, 29), "-1TH"),
        (date(2028, 2, 29), "-1TU"),
    ],
)
def test_monthly_rule_is_the_same_weekday_of_the_month(anchor: date, byday: str) -> None:
    rule = rule_for(Cadence.MONTHLY, datetime.combine(anchor, time(10)))

    assert rule == f"FREQ=MONTHLY;INTERVAL=1;BYDAY={byday}"
    # dateutil accepts it, and the anchor itself is one of the occurrences.
    parsed = rrule.rrulestr(rule, dtstart=datetime.combine(anchor, time(10)))
    assert parsed[0] == datetime.combine(anchor, time(10))


# --- occurrences_after: wall time kept across DST ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "tz_name", "anchor", "expected"),
    [
        pytest.param(
            Cadence.WEEKLY,
            NEW_YORK,
            datetime(2026, 3, 2, 10),
            [utc(2026, 3, 2, 15), utc(2026, 3, 9, 14)],
            id="weekly-new-york-spring",
        ),
        pytest.param(
            Cadence.WEEKLY,
            NEW_YORK,
            datetime(2026, 10, 26, 10),
            [utc(2026, 10, 26, 14), utc(2026, 11, 2, 15)],
            id="weekly-new-york-autumn",
        ),
        pytest.param(
            Cadence.BIWEEKLY,
            BERLIN,
            datetime(2026, 3, 23, 9),
            [utc(2026, 3, 23, 8), utc(2026, 4, 6, 7)],
            id="biweekly-berlin-spring",
        ),
        pytest.param(
            Cadence.BIWEEKLY,
            BERLIN,
            datetime(2026, 10, 19, 9),
            [utc(2026, 10, 19, 7), utc(2026, 11, 2, 8)],
            id="biweekly-berlin-autumn",
        ),
        pytest.param(
            Cadence.MONTHLY,
            SYDNEY,
            datetime(2026, 3, 10, 14),  # 2nd Tuesday; AEDT ends in April
            [utc(2026, 3, 10, 3), utc(2026, 4, 14, 4)],
            id="monthly-sydney-april",
        ),
        pytest.param(
            Cadence.WEEKLY,
            SYDNEY,
            datetime(2026, 9, 28, 10),  # AEDT starts in October
            [utc(2026, 9, 28, 0), utc(2026, 10, 4, 23)],
            id="weekly-sydney-october",
        ),
        pytest.param(
            Cadence.MONTHLY,
            NEW_YORK,
            datetime(2026, 10, 13, 9),  # 2nd Tuesday
            [utc(2026, 10, 13, 13), utc(2026, 11, 10, 14)],
            id="monthly-new-york-november",
        ),
        pytest.param(
            Cadence.WEEKLY,
            KOLKATA,
            datetime(2026, 3, 2, 10),  # other zones change clocks this month; Kolkata does not
            [utc(2026, 3, 2, 4, 30), utc(2026, 3, 9, 4, 30)],
            id="weekly-kolkata",
        ),
    ],
)
def test_utc_instant_shifts_by_an_hour_across_a_dst_change(
    cadence: Cadence, tz_name: str, anchor: datetime, expected: list[datetime]
) -> None:
    rule = rule_for(cadence, anchor)

    found = occurrences_after(rule, anchor, tz_name, LONG_AGO, count=2)

    assert found == expected
    assert local_wall(found[0], tz_name) == anchor
    assert {local_wall(i, tz_name).time() for i in found} == {anchor.time()}


@pytest.mark.parametrize("tz_name", ALL_ZONES)
@pytest.mark.parametrize(
    ("cadence", "count", "step_days"),
    [(Cadence.WEEKLY, 53, {7}), (Cadence.BIWEEKLY, 27, {14}), (Cadence.MONTHLY, 13, {28, 35})],
)
def test_a_year_of_1on1s_keeps_the_same_local_wall_time(
    tz_name: str, cadence: Cadence, count: int, step_days: set[int]
) -> None:
    anchor = datetime(2026, 1, 13, 10, 0)  # 2nd Tuesday of January
    rule = rule_for(cadence, anchor)

    found = occurrences_after(rule, anchor, tz_name, LONG_AGO, count=count)

    assert len(found) == count
    assert_aware_utc_ascending_unique(found)
    walls = [local_wall(i, tz_name) for i in found]
    assert walls[0] == anchor
    assert {w.time() for w in walls} == {time(10, 0)}
    assert {w.weekday() for w in walls} == {anchor.weekday()}
    assert {(b.date() - a.date()).days for a, b in pairwise(walls)} <= step_days
    # The UTC time of day changes with DST, and only in zones that have it.
    utc_times = {i.time() for i in found}
    assert len(utc_times) == (1 if tz_name == KOLKATA else 2)


def test_weekly_meeting_in_the_spring_gap_happens_at_the_shifted_time() -> None:
    anchor = datetime(2026, 3, 1, 2, 30)  # Sundays 02:30 New York

    found = occurrences_after(WEEKLY, anchor, NEW_YORK, LONG_AGO, count=3)

    assert found == [utc(2026, 3, 1, 7, 30), utc(2026, 3, 8, 7, 30), utc(2026, 3, 15, 6, 30)]
    assert [local_wall(i, NEW_YORK).time() for i in found] == [time(2, 30), time(3, 30), time(2, 30)]


def test_weekly_meeting_in_the_autumn_fold_happens_once_at_the_first_reading() -> None:
    anchor = datetime(2026, 10, 25, 1, 30)  # Sundays 01:30 New York

    found = occurrences_after(WEEKLY, anchor, NEW_YORK, LONG_AGO, count=3)

    assert found == [utc(2026, 10, 25, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 8, 6, 30)]
    # Between the two readings of 01:30 the next meeting is a week later, not the second reading.
    assert next_occurrence(WEEKLY, anchor, NEW_YORK, utc(2026, 11, 1, 5, 45)) == utc(2026, 11, 8, 6, 30)


# --- occurrences_after: monthly rules and month ends ------------------------------------------------------------


def test_monthly_second_tuesday() -> None:
    anchor = datetime(2026, 3, 10, 14, 0)
    rule = rule_for(Cadence.MONTHLY, anchor)

    walls = [local_wall(i, BERLIN) for i in occurrences_after(rule, anchor, BERLIN, LONG_AGO, count=12)]

    assert [w.date() for w in walls[:4]] == [date(2026, 3, 10), date(2026, 4, 14), date(2026, 5, 12), date(2026, 6, 9)]
    assert all(w.weekday() == 1 and 8 <= w.day <= 14 and w.time() == time(14) for w in walls)


@pytest.mark.parametrize(
    "anchor_day",
    [date(2026, 1, 29), date(2026, 1, 30), date(2026, 1, 31), date(2026, 3, 31), date(2026, 8, 31), date(2028, 2, 29)],
)
def test_monthly_anchor_on_a_fifth_weekday_becomes_the_last_weekday_and_exists_every_month(anchor_day: date) -> None:
    anchor = datetime.combine(anchor_day, time(9, 0))
    rule = rule_for(Cadence.MONTHLY, anchor)

    found = occurrences_after(rule, anchor, SYDNEY, LONG_AGO, count=24)

    walls = [local_wall(i, SYDNEY) for i in found]
    assert walls[0] == anchor
    months = [(w.year, w.month) for w in walls]
    expected_months = [(anchor.year + (anchor.month - 1 + k) // 12, (anchor.month - 1 + k) % 12 + 1) for k in range(24)]
    assert months == expected_months
    assert all(w.weekday() == anchor.weekday() for w in walls)
    assert all((w + timedelta(days=7)).month != w.month for w in walls), "each one is the last such weekday"
    assert {w.time() for w in walls} == {time(9, 0)}


def test_monthly_anchor_on_the_31st_follows_the_last_saturday_through_short_months() -> None:
    anchor = datetime(2026, 1, 31, 10)  # a Saturday

    found = occurrences_after(rule_for(Cadence.MONTHLY, anchor), anchor, NEW_YORK, LONG_AGO, count=4)

    assert [local_wall(i, NEW_YORK).date() for i in found] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 28),
        date(2026, 4, 25),
    ]


def test_leap_day_anchor_repeats_on_the_last_tuesday_and_survives_non_leap_february() -> None:
    anchor = datetime(2028, 2, 29, 9, 0)  # a Tuesday

    found = occurrences_after(rule_for(Cadence.MONTHLY, anchor), anchor, BERLIN, LONG_AGO, count=13)

    dates = [local_wall(i, BERLIN).date() for i in found]
    assert dates[:3] == [date(2028, 2, 29), date(2028, 3, 28), date(2028, 4, 25)]
    assert dates[-1] == date(2029, 2, 27)
    assert found[0] == utc(2028, 2, 29, 8)  # CET
    assert found[1] == utc(2028, 3, 28, 7)  # CEST


def test_monthly_fourth_weekday_exists_every_month() -> None:
    anchor = datetime(2026, 2, 28, 11)  # 4th (and last) Saturday of February

    walls = [
        local_wall(i, KOLKATA)
        for i in occurrences_after(rule_for(Cadence.MONTHLY, anchor), anchor, KOLKATA, LONG_AGO, count=12)
    ]

    assert [w.month for w in walls] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1]
    assert all(w.weekday() == 5 and 22 <= w.day <= 28 for w in walls)


# --- occurrences_after / next_occurrence: the contract ----------------------------------------------------------


ANCHOR = datetime(2026, 3, 2, 10)  # Mondays 10:00 Berlin: 09:00 UTC in CET, 08:00 UTC in CEST


def test_strictly_after_the_given_instant() -> None:
    first = utc(2026, 3, 2, 9)

    assert next_occurrence(WEEKLY, ANCHOR, BERLIN, first - timedelta(microseconds=1)) == first
    assert next_occurrence(WEEKLY, ANCHOR, BERLIN, first) == utc(2026, 3, 9, 9)
    assert first not in occurrences_after(WEEKLY, ANCHOR, BERLIN, first, count=5)


def test_nothing_before_the_anchor() -> None:
    assert occurrences_after(WEEKLY, ANCHOR, BERLIN, LONG_AGO, count=1) == [utc(2026, 3, 2, 9)]


@pytest.mark.parametrize("count", [1, 2, 3, 10, 100])
def test_count_is_honoured_and_results_are_aware_utc_ascending_unique(count: int) -> None:
    found = occurrences_after(BIWEEKLY, ANCHOR, BERLIN, utc(2026, 3, 20), count=count)

    assert len(found) == count
    assert_aware_utc_ascending_unique(found)
    assert all(i > utc(2026, 3, 20) for i in found)
    assert all(i.tzinfo == UTC for i in found)


def test_a_larger_count_extends_a_smaller_one() -> None:
    after = utc(2026, 5, 1)

    assert occurrences_after(WEEKLY, ANCHOR, SYDNEY, after, count=8)[:3] == occurrences_after(
        WEEKLY, ANCHOR, SYDNEY, after, count=3
    )


@pytest.mark.parametrize("tz_name", ALL_ZONES)
@pytest.mark.parametrize("cadence", list(Cadence))
def test_chaining_next_occurrence_walks_the_same_sequence(tz_name: str, cadence: Cadence) -> None:
    anchor = datetime(2026, 1, 30, 8, 30)  # a 5th Friday, so monthly is "last Friday"
    rule = rule_for(cadence, anchor)
    expected = occurrences_after(rule, anchor, tz_name, LONG_AGO, count=15)

    chained: list[datetime] = []
    after = LONG_AGO
    for _ in range(15):
        following = next_occurrence(rule, anchor, tz_name, after)
        assert following is not None
        chained.append(following)
        after = following

    assert chained == expected


def test_after_may_be_given_in_any_zone() -> None:
    after_utc = utc(2026, 3, 9, 8, 59)
    after_tokyo = after_utc.astimezone(ZoneInfo("Asia/Tokyo"))

    assert next_occurrence(WEEKLY, ANCHOR, BERLIN, after_tokyo) == next_occurrence(WEEKLY, ANCHOR, BERLIN, after_utc)
    assert next_occurrence(WEEKLY, ANCHOR, BERLIN, after_tokyo) == utc(2026, 3, 9, 9)


def test_far_future_after_still_finds_the_next_one() -> None:
    found = next_occurrence(WEEKLY, ANCHOR, BERLIN, utc(2031, 6, 15, 12))

    assert found is not None
    assert local_wall(found, BERLIN) == datetime(2031, 6, 16, 10)


@pytest.mark.parametrize(
    ("tz_name", "anchor", "first_utc"),
    [
        ("Pacific/Kiritimati", datetime(2026, 3, 2, 0, 30), utc(2026, 3, 1, 10, 30)),  # UTC+14
        ("Pacific/Pago_Pago", datetime(2026, 3, 1, 23, 30), utc(2026, 3, 2, 10, 30)),  # UTC-11
        (KOLKATA, datetime(2026, 3, 2, 0, 15), utc(2026, 3, 1, 18, 45)),
    ],
)
def test_occurrences_near_local_midnight_in_far_offset_zones(
    tz_name: str, anchor: datetime, first_utc: datetime
) -> None:
    just_before = first_utc - timedelta(minutes=1)

    assert next_occurrence(WEEKLY, anchor, tz_name, just_before) == first_utc
    assert next_occurrence(WEEKLY, anchor, tz_name, first_utc) == first_utc + timedelta(weeks=1)


def test_a_finished_rule_has_no_next_occurrence() -> None:
    rule = "FREQ=WEEKLY;COUNT=2"

    assert occurrences_after(rule, ANCHOR, BERLIN, LONG_AGO, count=5) == [utc(2026, 3, 2, 9), utc(2026, 3, 9, 9)]
    assert next_occurrence(rule, ANCHOR, BERLIN, utc(2026, 3, 9, 9)) is None
    assert occurrences_after(rule, ANCHOR, BERLIN, utc(2026, 4, 1), count=3) == []


@pytest.mark.parametrize("count", [0, -1])
def test_no_count_returns_nothing(count: int) -> None:
    assert occurrences_after(WEEKLY, ANCHOR, BERLIN, LONG_AGO, count=count) == []
