"""A slash command replayed inside Slack's 5-minute window is answered but never acts again: it can't
roll back a newer choice or repeat a reply."""

from __future__ import annotations

import pytest

from bot.db import SessionFactory
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, add_people, set_up_pair
from tests.support.replays import assert_replays_change_nothing, footprint
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)


@pytest.mark.parametrize("text", ["hours 08:00-16:30", "pause until 2026-12-24", "resume", "help", "status"])
def test_a_replayed_command_changes_and_sends_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, text: str
) -> None:
    slack.command(EMPLOYEE, text)

    assert_replays_change_nothing(slack, fake_slack, sessions)


def test_an_old_command_replayed_after_a_newer_one_does_not_roll_it_back(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(EMPLOYEE, "hours 08:00-16:30")
    first = len(slack.sent) - 1
    slack.command(EMPLOYEE, "hours default")
    after_default = footprint(sessions)

    slack.replay(first)

    assert footprint(sessions) == after_default
    assert "workspace's working hours again" in fake_slack.responses[-1]["text"]


def test_running_the_same_command_again_still_works(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(EMPLOYEE, "hours 08:00-16:30")
    slack.command(EMPLOYEE, "hours default")
    slack.command(EMPLOYEE, "hours 08:00-16:30")

    assert "between 08:00 and 16:30" in fake_slack.responses[-1]["text"]
