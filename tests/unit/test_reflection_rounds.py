"""When the mid-year reflection rounds fall, and the `reflection-dates` setting's parser."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.reflection_rounds import (
    NEVER,
    current_round,
    first_working_monday,
    next_moment,
    parse_dates,
    round_dates,
)
from bot.models import Workspace

WEEK = frozenset({0, 1, 2, 3, 4})


def workspace(**columns: object) -> Workspace:
    defaults: dict[str, object] = {"working_days": [0, 1, 2, 3, 4], "holidays": [], "reflection_dates": []}
    return Workspace(team_id="T1", **{**defaults, **columns})


def test_the_default_rounds_are_the_first_working_mondays_of_june_and_december() -> None:
    assert first_working_monday(2027, 6, working_days=WEEK, holidays=frozenset()) == date(2027, 6, 7)
    assert first_working_monday(2026, 12, working_days=WEEK, holidays=frozenset()) == date(2026, 12, 7)
    assert round_dates(workspace(), around=date(2027, 1, 1))[2:4] == [date(2027, 6, 7), date(2027, 12, 6)]


def test_a_holiday_monday_moves_the_round_to_the_next_working_monday() -> None:
    assert first_working_monday(2027, 6, working_days=WEEK, holidays=frozenset({date(2027, 6, 7)})) == date(2027, 6, 14)
    held = workspace(holidays=["2027-06-07"])
    assert date(2027, 6, 14) in round_dates(held, around=date(2027, 6, 1))


def test_where_mondays_are_not_worked_the_round_is_the_first_working_day() -> None:
    sunday_to_thursday = frozenset({6, 0, 1, 2, 3}) - {0}
    assert first_working_monday(2027, 6, working_days=sunday_to_thursday, holidays=frozenset()) == date(2027, 6, 1)


def test_the_workspaces_own_dates_replace_the_default() -> None:
    own = workspace(reflection_dates=["2027-04-05", "2027-10-04"])
    assert round_dates(own, around=date(2027, 6, 1)) == [date(2027, 4, 5), date(2027, 10, 4)]
    assert next_moment(own, datetime(2027, 10, 5, tzinfo=UTC)) == NEVER


def test_a_round_is_planned_two_days_ahead_and_caught_up_for_two_weeks() -> None:
    ws = workspace()
    assert current_round(ws, datetime(2027, 6, 4, 23, 59, tzinfo=UTC)) is None
    assert current_round(ws, datetime(2027, 6, 5, 0, 0, tzinfo=UTC)) == date(2027, 6, 7)
    assert current_round(ws, datetime(2027, 6, 20, 23, tzinfo=UTC)) == date(2027, 6, 7)
    assert current_round(ws, datetime(2027, 6, 21, 0, tzinfo=UTC)) is None
    assert next_moment(ws, datetime(2027, 6, 5, 0, 0, tzinfo=UTC)) == datetime(2027, 12, 4, tzinfo=UTC)


def test_the_setting_takes_dates_or_default_and_names_what_is_wrong() -> None:
    assert parse_dates(" 2027-12-06, 2027-06-07 ,2027-06-07") == ["2027-06-07", "2027-12-06"]
    assert parse_dates("default") == [] == parse_dates("")
    with pytest.raises(ValueError, match="dates like 2027-06-07"):
        parse_dates("June 7")
    with pytest.raises(ValueError, match="at most 12"):
        parse_dates(",".join(f"2027-{m:02d}-01" for m in range(1, 13)) + ",2028-01-01")


@pytest.mark.parametrize("far", ["0001-01-01", "1999-12-31", "2200-01-01", "2027-06-07,9999-12-31"])
def test_the_setting_refuses_a_year_the_planner_cannot_mean(far: str) -> None:
    # Year 1 used to be stored, then overflowed the planner's arithmetic at every tick.
    with pytest.raises(ValueError, match="between 2000 and 2199"):
        parse_dates(far)
