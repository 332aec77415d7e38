"""A redirect to a colleague end to end: nothing reaches them until the employee says "Pass it on"; then
they get only the ask, in their hours, answer it, and the employee hears. Plus `/career-prep asks` and
the refusals for the wrong person at each step."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.db import SessionFactory
from bot.models import Ask, AskState
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action
from tests.conftest import FakeClock
from tests.support.asks_flow import answer_buttons, answer_values, button_value, with_button
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, set_up_pair, share
from tests.support.signed import SignedSlack

PRIYA = "UPRIYA"  # Asia/Kolkata: 19:30 when the clock starts, outside her working hours
PRIYA_MORNING = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 09:30 in Kolkata


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)


def dm(fake_slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    return fake_slack.messages(channel="D" + user)


def redirected_to_priya(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> dict[str, Any]:
    """Ana shares an ask; Mira redirects it to Priya; Ana's DM asking whether to pass it on."""
    share(slack, fake_slack, asks=[("shadowing", "A week with the data team")])
    slack.wait_for_listeners()
    agenda = [m for m in dm(fake_slack, MANAGER) if answer_buttons(m)][-1]
    slack.click(MANAGER, Action.ASK_ANSWER, answer_buttons(agenda)[0], message=agenda)
    slack.submit_view(MANAGER, fake_slack.last_view(), answer_values("redirect", "Priya leads it", target=PRIYA))
    tick(sessions, relay, clock.now)
    (consent,) = with_button(dm(fake_slack, EMPLOYEE), Action.ASK_PASS_ON)
    return consent


def test_the_colleague_sees_the_ask_only_after_pass_it_on_and_only_the_ask(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    consent = redirected_to_priya(slack, fake_slack, sessions, relay, clock)
    assert f"Shall I pass it on to <@{PRIYA}>?" in all_text(consent["blocks"])
    assert "Priya leads it" in all_text(consent["blocks"])
    assert dm(fake_slack, PRIYA) == []

    # Only Ana decides.
    slack.click(MANAGER, Action.ASK_PASS_ON, button_value(consent, Action.ASK_PASS_ON), message=consent)
    assert "Only the person who made this ask" in fake_slack.responses[-1]["text"]
    slack.click(EMPLOYEE, Action.ASK_PASS_ON, button_value(consent, Action.ASK_PASS_ON), message=consent)
    assert "I've passed it on" in dm(fake_slack, EMPLOYEE)[-1]["text"]
    tick(sessions, relay, clock.now)
    assert dm(fake_slack, PRIYA) == []  # 19:30 in Kolkata: it waits for her morning

    clock.set(PRIYA_MORNING)
    tick(sessions, relay, clock.now)
    (asked,) = dm(fake_slack, PRIYA)
    shown = all_text(asked["blocks"])
    assert "A week with the data team" in shown
    assert "Leading a small platform team" not in shown  # the rest of Ana's prep stays hers
    assert "Priya leads it" not in shown  # Mira's note was for Ana

    # Mira is now a third party to this ask; Priya answers it.
    slack.click(MANAGER, Action.ASK_ANSWER, answer_buttons(asked)[0], message=asked)
    assert "Only the person this ask was sent to" in fake_slack.responses[-1]["text"]
    slack.click(PRIYA, Action.ASK_ANSWER, answer_buttons(asked)[0], message=asked)
    slack.submit_view(PRIYA, fake_slack.last_view(), answer_values("yes", "Join our stand-up on Monday"))
    with sessions.begin() as session:
        rows = session.scalars(select(Ask).options(selectinload(Ask.asked))).all()
        states = {a.asked.slack_user_id: a.state for a in rows}
    assert states == {MANAGER: AskState.REDIRECTED, PRIYA: AskState.YES}

    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))  # 10:00 in Berlin
    tick(sessions, relay, clock.now)
    told = dm(fake_slack, EMPLOYEE)[-1]
    assert f"<@{PRIYA}> answered your ask" in all_text(told["blocks"])
    assert "Join our stand-up on Monday" in all_text(told["blocks"])


def test_kept_between_us_nothing_reaches_the_colleague(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    consent = redirected_to_priya(slack, fake_slack, sessions, relay, clock)

    slack.click(EMPLOYEE, Action.ASK_KEEP, button_value(consent, Action.ASK_KEEP), message=consent)
    slack.click(EMPLOYEE, Action.ASK_PASS_ON, button_value(consent, Action.ASK_PASS_ON), message=consent)

    assert "already decided" in fake_slack.responses[-1]["text"]
    clock.set(PRIYA_MORNING)
    tick(sessions, relay, clock.now)
    assert dm(fake_slack, PRIYA) == []


def test_the_asks_command_lists_both_sides(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    share(slack, fake_slack, asks=[("mentor", "Someone in product"), ("training", "Public speaking")])
    slack.wait_for_listeners()

    slack.command(MANAGER, "asks")
    owed = json.dumps(fake_slack.responses[-1]["blocks"])
    slack.command(EMPLOYEE, "asks")
    mine = json.dumps(fake_slack.responses[-1]["blocks"])
    slack.command("UEVE", "asks")
    nothing = json.dumps(fake_slack.responses[-1]["blocks"])

    assert "Waiting for your answer (2)" in owed
    assert owed.index("Someone in product") < owed.index("Public speaking")  # oldest first, then prep order
    assert "waiting today" in owed
    assert "Your asks (2)" in mine
    assert "No answer yet." in mine
    assert Action.ASK_ANSWER not in mine
    assert "Someone in product" not in nothing
