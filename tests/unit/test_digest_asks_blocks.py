"""The digests' ask and intro lines without mocks: counts and ages only, per report only in the manager's DM,
intro counts only for kinds five people or more had, answer shares only for five asks or more."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.domain.digest.counts import AnswerShare, KindCount, ManagerCoverage, MetIntros, OpenAsks, OrgDigest
from bot.domain.digest.coverage import Coverage
from bot.domain.digest.team import ItemCounts, ReportLine, TeamDigest
from bot.slack.blocks.common import Message
from bot.slack.blocks.digest import org_digest_message, team_digest_message
from bot.slack.blocks.digest_asks import answer_share_part, intros_blocks, open_asks_part
from tests.support.blockkit_checks import check_message

TODAY = date(2026, 11, 23)
QUARTER = date(2026, 10, 1)


def valid(message: Message) -> str:
    kwargs = message.as_kwargs()
    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    return json.dumps(kwargs, ensure_ascii=False)


def line(i: int, asks: OpenAsks) -> ReportLine:
    return ReportLine(
        slack_user_id=f"U{i:05d}",
        name=f"Report {i}",
        coverage=Coverage(TODAY, 0, covered=True, flagged=False),
        next_meeting_at=datetime(2026, 12, 1, 15, tzinfo=UTC),
        prep_shared=False,
        theirs=ItemCounts(),
        managers=ItemCounts(),
        asks=asks,
    )


def team(size: int, intros: MetIntros | None = None) -> TeamDigest:
    reports = tuple(line(i, OpenAsks(2, 41) if i == 0 else OpenAsks()) for i in range(size))
    return TeamDigest("UMIRA", "Mira Chen", "UTC", TODAY, 60, 45, reports, 0, (), intros=intros)


def team_message(data: TeamDigest, *, in_channel: bool) -> str:
    return valid(team_digest_message(data, subscription_id=1, in_channel=in_channel, schedule="every Monday"))


INTROS = MetIntros(
    QUARTER,
    (KindCount("informational_interview", 6, 5), KindCount("mentoring", 5, 5), KindCount("shadowing", 2, 2)),
)


def test_open_asks_read_as_a_count_and_the_oldest_age() -> None:
    assert open_asks_part(OpenAsks(2, 40)) == "asks: 2 waiting for you, oldest 40 days"
    assert open_asks_part(OpenAsks(1, 1)) == "asks: 1 waiting for you, oldest 1 day"
    assert open_asks_part(OpenAsks()) is None


def test_the_managers_dm_shows_each_reports_open_asks() -> None:
    shown = team_message(team(3), in_channel=False)

    assert "*Report 0* —" in shown
    assert "asks: 2 waiting for you, oldest 41 days" in shown
    assert shown.count("waiting for you") == 1


def test_a_channel_gets_the_teams_open_asks_as_one_count_and_no_age() -> None:
    shown = team_message(team(5, INTROS), in_channel=True)

    assert "2 asks from the team waiting for the manager's answer" in shown
    assert "41 days" not in shown
    assert "Report 0" not in shown
    assert "intros led to 6 informational interviews, 5 mentoring conversations." in shown
    assert "shadowing" not in shown  # two people: left out


def test_a_channel_gets_nothing_about_asks_or_intros_for_a_team_under_five() -> None:
    shown = team_message(team(4, INTROS), in_channel=True)

    assert "asks" not in shown
    assert "intros" not in shown


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_an_intro_count_needs_five_people(people: int, shown: bool) -> None:
    text = valid(
        Message(text="x", blocks=intros_blocks(MetIntros(QUARTER, (KindCount("mentoring", 9, people),)), today=TODAY))
    )

    assert ("9 mentoring conversations" in text) is shown
    assert ("since 1 Oct" in text) is shown  # under 5 people: no line at all, not even "a few"


def test_a_kind_under_five_people_is_left_out_beside_one_shown() -> None:
    kinds = (KindCount("mentoring", 9, 5), KindCount("shadowing", 2, 2))
    text = valid(Message(text="x", blocks=intros_blocks(MetIntros(QUARTER, kinds), today=TODAY)))

    assert "9 mentoring conversations" in text
    assert "shadowing" not in text
    assert "left out of the counts" in text


def test_no_intros_no_line() -> None:
    assert intros_blocks(MetIntros(QUARTER), today=TODAY) == []
    assert intros_blocks(None, today=TODAY) == []


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (AnswerShare(5, 4, 5), "4 of 5 asks answered within 30 days (80%)"),
        (AnswerShare(6, 4, 4), "asks: under 5 asks or people in the window, not shown"),
        (AnswerShare(4, 4, 4), "asks: under 5 asks or people in the window, not shown"),
        (AnswerShare(), "no asks in the window"),
    ],
)
def test_answer_shares_need_five_asks(share: AnswerShare, text: str) -> None:
    assert answer_share_part(share) == text


def test_the_org_digest_states_the_window_and_the_share_per_manager() -> None:
    managers = [
        ManagerCoverage("UM", "Mira Chen", True, 6, 5, 0, AnswerShare(10, 7, 6)),
        ManagerCoverage("UO", "Omar Ali", True, 5, 5, 0, AnswerShare(3, 3, 3)),
    ]
    data = OrgDigest.grouped(managers, tz="UTC", today=TODAY, window_days=60, flag_days=45, intros=INTROS)

    shown = valid(org_digest_message(data, subscription_id=1, schedule="every Monday"))

    assert "7 of 10 asks answered within 30 days (70%)" in shown
    assert "asks: under 5 asks or people in the window, not shown" in shown
    assert "3 of 3" not in shown
    assert "between 30 and 120 days ago" in shown
    assert "6 informational interviews" in shown
