"""Asks end to end over signed HTTP against the fake Slack: an ask shared in prep, answered not now with a
reason from the agenda, the employee told in their hours, the ask back in the brief, then yes with an action
item; and the refusals for someone the ask was not sent to."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import ActionItem, Ask, AskState, Person
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block, Callback
from tests.conftest import FakeClock
from tests.support.asks_flow import answer_buttons, answer_values
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, set_up_pair, share
from tests.support.signed import SignedSlack

LATE_EVENING = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 in Berlin, 17:30 in New York
NEXT_MORNING = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
BRIEF_DAY = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # the working day before the 1:1, 09:00 in New York
EVE = "UEVE"


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)


def with_answers(fake_slack: FakeSlack, channel: str) -> dict[str, Any]:
    """The newest message in `channel` that has Answer buttons."""
    found = [m for m in fake_slack.messages(channel=channel) if answer_buttons(m)]
    assert found, f"no message with an Answer button in {channel}"
    return found[-1]


def open_answer(slack: SignedSlack, fake_slack: FakeSlack, message: dict[str, Any], user: str = MANAGER) -> Any:
    return slack.click(user, Action.ASK_ANSWER, answer_buttons(message)[0], message=message)


def the_ask(sessions: SessionFactory) -> tuple[AskState, str | None, int, int | None]:
    with sessions.begin() as session:
        ask = session.scalars(select(Ask)).one()
        return ask.state, ask.answer_text, ask.answer_revision, ask.action_item_id


def share_an_ask(slack: SignedSlack, fake_slack: FakeSlack) -> dict[str, Any]:
    share(slack, fake_slack, asks=[("mentor", "Someone in product <!here>")])
    slack.wait_for_listeners()
    return with_answers(fake_slack, "D" + MANAGER)


def test_not_now_then_waiting_in_the_brief_then_yes_with_an_action_item(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    agenda = share_an_ask(slack, fake_slack)
    assert "Someone in product &lt;!here&gt;" in all_text(agenda["blocks"])

    # Late in Ana's evening Mira answers "not now" from the agenda; a reason is required.
    clock.set(LATE_EVENING)
    open_answer(slack, fake_slack, agenda)
    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.ASK_ANSWER
    refused = slack.submit_view(MANAGER, form, answer_values("not_now", "  "))
    assert json.loads(refused.body)["errors"] == {
        Block.ASK_TEXT: "Give a short reason: a no without one is hard to act on."
    }
    ana_dms = len(fake_slack.messages(channel="D" + EMPLOYEE))
    slack.submit_view(MANAGER, form, answer_values("not_now", "The budget is frozen until March", revisit="2027-03-01"))

    assert the_ask(sessions)[:3] == (AskState.NOT_NOW, "The budget is frozen until March", 1)
    slack.wait_for_listeners()
    updated = next(m for m in fake_slack.messages(channel="D" + MANAGER) if m["ts"] == agenda["ts"])
    assert "Not now. The budget is frozen until March" in all_text(updated["blocks"])
    assert answer_buttons(updated)  # still waiting: it can be answered again
    tick(sessions, relay, clock.now)
    assert len(fake_slack.messages(channel="D" + EMPLOYEE)) == ana_dms  # not at 23:30 her time

    clock.set(NEXT_MORNING)
    tick(sessions, relay, clock.now)
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert f"<@{MANAGER}> answered your ask" in all_text(told["blocks"])
    assert "Not now. The budget is frozen until March" in all_text(told["blocks"])
    assert "Mon 1 Mar" in all_text(told["blocks"])

    # The day before the 1:1, the brief says the ask is still waiting and offers Answer again.
    clock.set(BRIEF_DAY)
    tick(sessions, relay, clock.now)
    brief = with_answers(fake_slack, "D" + MANAGER)
    assert brief["ts"] != agenda["ts"]
    assert f"1 ask from <@{EMPLOYEE}> is waiting for your answer, for 14 days now" in all_text(brief["blocks"])

    open_answer(slack, fake_slack, brief)
    form = fake_slack.last_view()
    assert "The budget is frozen until March" in all_text(form["blocks"])  # what was said so far
    values = answer_values("yes", "I'll introduce you to Priya", item="Introduce Ana to Priya", due="2026-12-15")
    slack.submit_view(MANAGER, form, values)

    state, text, revision, item_id = the_ask(sessions)
    assert (state, text, revision) == (AskState.YES, "I'll introduce you to Priya", 2)
    with sessions.begin() as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        owner, counterpart = session.get(Person, item.owner_id), session.get(Person, item.counterpart_id)
        assert owner is not None
        assert counterpart is not None
        assert (item.text, item.due_date, owner.slack_user_id, counterpart.slack_user_id) == (
            "Introduce Ana to Priya",
            date(2026, 12, 15),
            MANAGER,
            EMPLOYEE,
        )
    tick(sessions, relay, clock.now)
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert "Yes. I'll introduce you to Priya" in all_text(told["blocks"])
    assert "Action item: Introduce Ana to Priya" in all_text(told["blocks"])

    slack.wait_for_listeners()
    updated = next(m for m in fake_slack.messages(channel="D" + MANAGER) if m["ts"] == agenda["ts"])
    assert "Yes. I'll introduce you to Priya" in all_text(updated["blocks"])
    assert answer_buttons(updated) == []
    # An Answer button from before says it is answered.
    open_answer(slack, fake_slack, agenda)
    assert "already has its answer (yes)" in fake_slack.responses[-1]["text"]


def test_someone_else_can_neither_open_nor_submit_the_answer_form(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    agenda = share_an_ask(slack, fake_slack)
    opened = len(fake_slack.calls_to("views.open"))

    open_answer(slack, fake_slack, agenda, user=EVE)

    refusal = fake_slack.responses[-1]
    assert refusal["response_type"] == "ephemeral"
    assert "Only the person this ask was sent to can answer it." in refusal["text"]
    assert "product" not in refusal["text"]
    assert len(fake_slack.calls_to("views.open")) == opened
    open_answer(slack, fake_slack, agenda)
    form = fake_slack.last_view()
    answer = slack.submit_view(EVE, form, answer_values("yes", "Sure, I'll sort it"))
    assert "Only the person this ask was sent to" in (answer.body or "")
    assert the_ask(sessions) == (AskState.OPEN, None, 0, None)
    assert not [m for m in fake_slack.messages(channel="D" + EVE) if "product" in all_text(m)]
