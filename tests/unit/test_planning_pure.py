"""Team planning without a database: the command's words, the quarterly roll, the digest's moment, and the
builders (Slack's limits hold for a big team; report text is escaped; those who shared nothing are a count)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.calendar.working_hours import WorkingHours
from bot.domain.errors import InvalidInput
from bot.domain.planning import PlanningNote, PlanningView, next_planning_date
from bot.domain.planning_digest import OpenAsk, PlanningDigest, ReportInterests
from bot.domain.planning_sweep import digest_moment
from bot.slack.blocks.common import Message
from bot.slack.blocks.planning import planning_digest, planning_home_block, planning_set, planning_shown
from bot.slack.time_args import PlanningArgs, parse_planning
from tests.support.blockkit_checks import check_blocks, check_message

NEW_YORK = WorkingHours(tz="America/New_York")


def valid(message: Message) -> str:
    kwargs = message.as_kwargs()
    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    return json.dumps(kwargs, ensure_ascii=False)


@pytest.mark.parametrize(
    ("words", "parsed"),
    [
        ("", PlanningArgs("show")),
        ("  OFF ", PlanningArgs("off")),
        ("2027-03-15", PlanningArgs("set", date(2027, 3, 15))),
        ("Quarterly  2027-03-15", PlanningArgs("set", date(2027, 3, 15), quarterly=True)),
        ("every quarter 2027-03-15", PlanningArgs("set", date(2027, 3, 15), quarterly=True)),
    ],
)
def test_the_command_words_are_read(words: str, parsed: PlanningArgs) -> None:
    assert parse_planning(words) == parsed


@pytest.mark.parametrize(("words", "says"), [("2027-02-30", "is not a date"), ("next march", "didn't understand")])
def test_unreadable_words_get_an_example(words: str, says: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_planning(words)
    assert says in raised.value.errors["date"]
    assert "`/career-prep planning 2027-03-15`" in raised.value.errors["date"]


def test_a_quarterly_date_steps_three_months_from_the_first_and_keeps_month_ends() -> None:
    first = date(2027, 1, 31)
    assert next_planning_date(first, quarterly=True, today=date(2027, 1, 31)) == first
    assert next_planning_date(first, quarterly=True, today=date(2027, 2, 1)) == date(2027, 4, 30)
    assert next_planning_date(first, quarterly=True, today=date(2027, 5, 1)) == date(2027, 7, 31)
    assert next_planning_date(first, quarterly=False, today=date(2027, 5, 1)) == first


def test_the_digest_goes_a_week_before_on_the_working_day_on_or_before_in_local_time() -> None:
    assert digest_moment(NEW_YORK, date(2027, 3, 23), minute=540) == datetime(2027, 3, 16, 13, 0, tzinfo=UTC)  # EDT
    assert digest_moment(NEW_YORK, date(2027, 3, 14), minute=540) == datetime(2027, 3, 5, 14, 0, tzinfo=UTC)  # Sun->Fri


def test_the_digest_quotes_what_was_shared_escaped_and_counts_the_rest() -> None:
    report = ReportInterests(
        "UANA", "Data <!here> engineering", "Capacity planning", (OpenAsk("stretch", "Lead <b>Kafka</b>", True),)
    )
    shown = valid(planning_digest(PlanningDigest(date(2027, 3, 15), False, (report,), 2)))

    assert "Team planning on Mon 15 Mar 2027" in shown
    assert "<@UANA>" in shown
    assert "Data &lt;!here&gt; engineering" in shown
    assert "<!here>" not in shown
    assert "A stretch assignment: Lead &lt;b&gt;Kafka&lt;/b&gt; _(you said not now)_" in shown
    assert "2 people haven't shared interests with you yet" in shown


def test_nobody_shared_says_so_with_one_person_in_the_singular() -> None:
    shown = valid(planning_digest(PlanningDigest(date(2027, 3, 15), False, (), 1)))
    assert "None of your reports has shared interests with you yet" in shown
    assert "1 person hasn't shared" in shown


def test_a_big_team_with_long_answers_stays_within_slacks_limits_and_says_how_many_did_not_fit() -> None:
    long = "x" * 2000
    asks = tuple(OpenAsk("mentor", "y" * 500, False) for _ in range(6))
    reports = tuple(ReportInterests(f"U{i:04d}", long, long, asks) for i in range(80))
    message = planning_digest(PlanningDigest(date(2027, 3, 15), True, reports, 0))
    shown = valid(message)

    sections = [b for b in message.as_kwargs()["blocks"] if "<@U" in json.dumps(b)]
    assert 0 < len(sections) < 80
    assert f"…and {80 - len(sections)} more shared interests with you" in shown
    assert "…and 3 more (`/career-prep asks`)" in shown


def test_the_replies_and_the_home_line() -> None:
    assert "then every 3 months" in valid(planning_set(PlanningView(date(2027, 3, 15), True, 3)))
    far = valid(planning_set(PlanningView(date(2027, 3, 15), False, 3, today=date(2027, 1, 5))))
    assert "A week before, I'll DM you" in far
    soon = valid(planning_set(PlanningView(date(2027, 1, 6), False, 3, today=date(2027, 1, 5))))
    assert "less than a week away, so at your next working morning, I'll DM you" in soon
    assert "no team-planning date" in valid(planning_shown(PlanningView(reports=0)))
    past = PlanningView(date(2027, 1, 4), False, 2, today=date(2027, 1, 5))
    assert "no upcoming team-planning date" in valid(planning_shown(past))
    home = planning_home_block(PlanningNote("UMIRA", date(2027, 3, 15))).to_dict()
    assert check_blocks([home], max_blocks=1) == []
    assert "<@UMIRA> plans the team on Mon 15 Mar 2027" in json.dumps(home)
    assert "stays private" in json.dumps(home)
