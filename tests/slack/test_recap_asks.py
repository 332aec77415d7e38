"""Open asks where the recap leads, end to end: Ana shares a prep with asks (signed requests), the recap lists
those still open with Mira, records what Mira answered in the meeting (yes and what next, not now and why)
and carries the rest over; Mira's 21-day check-in names the asks still waiting on her. Against the fake
Slack; the clock is moved, never slept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import Profile, upsert_person
from bot.models import Ask, AskState, Delivery, DeliveryKind, DeliveryState
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, recap_ask_block
from bot.slack.values import RecapRef, decode, encode
from tests.conftest import TEAM_ID, FakeClock
from tests.support.asks_follow import open_ask
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, body, set_up_pair, share
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack, plain_text

CHECK_INS_DUE = datetime(2026, 12, 29, 15, 0, tzinfo=UTC)  # 21 days after the recap: 10:00 in New York
ASKS = [
    ("mentor", "SECRET someone who has led a platform team"),
    ("training", "SECRET the Kubernetes course"),
    ("stretch", "SECRET run the next offsite"),
]
Values = dict[str, dict[str, dict[str, Any]]]


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)


def asks_shared(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    """Ana shares her prep with three asks (Mon 23 Nov), then the 1:1 on 8 Dec takes place."""
    share(slack, fake_slack, asks=ASKS)
    clock.set(datetime(*MEETING_OVER, tzinfo=UTC))


def asks(sessions: SessionFactory) -> list[tuple[str, AskState, str | None]]:
    with sessions.begin() as session:
        rows = session.scalars(select(Ask).order_by(Ask.id)).all()
        return [(a.kind, a.state, a.answer_text) for a in rows]


def answered(*choices: tuple[str, str | None]) -> Values:
    """The recap's values with each listed ask's choice and text (the rest left as shown: carried over)."""
    values = recap_values()
    for index, (choice, text) in enumerate(choices):
        values[recap_ask_block(index, "choice")] = {
            Action.RECAP_ASK_CHOICE: {"type": "radio_buttons", "selected_option": {"value": choice}}
        }
        values[recap_ask_block(index, "text")] = {Action.RECAP_ASK_TEXT: plain_text(text)}
    return values


def test_the_recap_lists_open_asks_and_records_the_answers_given_in_the_meeting(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    asks_shared(slack, fake_slack, clock)
    view = open_recap(slack, fake_slack)
    shown = all_text(view)
    assert "Your open asks" in shown
    assert "A mentor: SECRET someone who has led a platform team" in shown
    assert "mira said not now" in shown  # the manager's Slack display name

    refused = body(
        slack.submit_view(EMPLOYEE, view, answered(("yes", "Mira asks the platform lead"), ("not_now", " ")))
    )

    assert refused["response_action"] == "errors"
    assert "Say why not now" in refused["errors"][recap_ask_block(1, "text")]
    assert [state for _, state, _ in asks(sessions)] == [AskState.OPEN] * 3  # nothing saved

    saved = slack.submit_view(
        EMPLOYEE, view, answered(("yes", "Mira asks the platform lead"), ("not_now", "Budget opens in March"))
    )

    assert saved.status == 200
    assert body(saved) == {}
    assert asks(sessions) == [
        ("mentor", AskState.YES, "Mira asks the platform lead"),
        ("training", AskState.NOT_NOW, "Budget opens in March"),
        ("stretch", AskState.OPEN, None),  # carried over: still open for the next brief
    ]
    managers_copy = all_text(fake_slack.messages(channel="D" + MANAGER)[-1])
    assert f"Your answers to <@{EMPLOYEE}>'s asks, as <@{EMPLOYEE}> recorded them" in managers_copy
    assert "A mentor: SECRET someone who has led a platform team — *yes*: Mira asks the platform lead" in managers_copy
    assert "A training or course: SECRET the Kubernetes course — *not now*: Budget opens in March" in managers_copy
    assert "run the next offsite" not in managers_copy  # carried over: not an answer
    with sessions.begin() as session:
        by = {a.answered_by_id for a in session.scalars(select(Ask).where(Ask.state != AskState.OPEN))}
        told = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE)).all()
        assert len(by) == 1  # Mira's answers, written down by Ana
        assert sum(d.payload.get("template") == "ask_answered" for d in told) == 2

    clock.advance(hours=2)
    view = open_recap(slack, fake_slack)  # editing the recap: only what is still open is listed
    again = all_text(view)
    assert "SECRET run the next offsite" in again
    assert "SECRET the Kubernetes course" not in again
    slack.submit_view(EMPLOYEE, view, answered(("yes", "Offsite is yours")))
    updated = fake_slack.messages(channel="D" + MANAGER)[-1]
    assert "*yes*: Mira asks the platform lead" in all_text(updated)  # the earlier answers stay listed
    assert "*yes*: Offsite is yours" in all_text(updated)


def test_a_crafted_recap_cannot_answer_someone_elses_ask(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    asks_shared(slack, fake_slack, clock)
    with sessions.begin() as session:
        upsert_person(session, team_id=TEAM_ID, profile=Profile("UEVE", "Eve Outsider", "UTC"), now=clock.now)
        eves = open_ask(session, team_id=TEAM_ID, employee="UEVE", asked=MANAGER, opened_at=clock.now).id
    view = open_recap(slack, fake_slack)
    ref = decode(RecapRef, view["private_metadata"])
    crafted = {**view, "private_metadata": encode(RecapRef(conversation_id=ref.conversation_id, ask_ids=[eves]))}

    response = slack.submit_view(EMPLOYEE, crafted, answered(("yes", "Sure")))

    assert response.status == 200
    with sessions.begin() as session:
        eve_ask = session.get(Ask, eves)
        assert eve_ask is not None
        assert (eve_ask.state, eve_ask.answer_text) == (AskState.OPEN, None)
    assert [state for _, state, _ in asks(sessions)][:3] == [AskState.OPEN] * 3


def test_a_skipped_meeting_answers_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    asks_shared(slack, fake_slack, clock)
    values = answered(("yes", "Mira asks the platform lead"))
    values.update(recap_values(met=False))

    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), values)

    assert [state for _, state, _ in asks(sessions)] == [AskState.OPEN] * 3


def check_in_of(fake_slack: FakeSlack, user: str) -> str:
    [message] = [m for m in fake_slack.messages(channel="D" + user) if "Checking in on what you agreed" in m["text"]]
    return json.dumps(message, ensure_ascii=False)


def test_the_managers_check_in_names_the_asks_still_waiting_on_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    asks_shared(slack, fake_slack, clock)
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), answered(("carry", None), ("yes", "Booked for March")))

    for moment in (datetime(2026, 12, 20, 12, tzinfo=UTC), CHECK_INS_DUE):
        clock.set(moment)
        tick(sessions, relay, moment)

    managers = check_in_of(fake_slack, MANAGER)
    assert (
        f"<@{EMPLOYEE}> is also waiting on your answer to 2 asks (a mentor, a stretch assignment), "
        "the oldest 36 days old. Answer with `/career-prep asks`."
    ) in managers
    assert "SECRET" not in managers
    assert "waiting on your answer" not in check_in_of(fake_slack, EMPLOYEE)


def test_no_asks_line_when_nothing_waits(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    clock.set(datetime(*MEETING_OVER, tzinfo=UTC))
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values())

    for moment in (datetime(2026, 12, 20, 12, tzinfo=UTC), CHECK_INS_DUE):
        clock.set(moment)
        tick(sessions, relay, moment)

    assert "waiting on your answer" not in check_in_of(fake_slack, MANAGER)
    with sessions.begin() as session:
        assert session.scalars(select(Delivery).where(Delivery.state == DeliveryState.FAILED)).all() == []


def test_an_ask_carried_over_comes_back_in_the_next_brief(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    asks_shared(slack, fake_slack, clock)
    values = answered(("yes", "Mira asks the platform lead"), ("not_now", "Budget opens in March"), ("carry", None))
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), values)

    moment = datetime(2026, 12, 20, 12, tzinfo=UTC)
    while moment < datetime(2027, 1, 20, tzinfo=UTC):  # through the next 1:1 in January
        clock.set(moment)
        tick(sessions, relay, moment)
        moment += timedelta(hours=6)

    briefs = [
        m for m in fake_slack.messages(channel="D" + MANAGER) if m["text"].startswith("Tomorrow: career conversation")
    ]
    assert briefs, "no brief named the carried-over ask"
    brief = all_text(briefs[-1])
    assert "Tue 12 Jan 2027" in brief
    assert "*A stretch assignment*: SECRET run the next offsite _(waiting 49 days)_" in brief  # carried over
    assert ":hourglass: Not now. Budget opens in March" in brief  # parked with its reason, still answerable
    assert "someone who has led a platform team" not in brief  # answered yes in the recap
