"""`/career-prep request` end to end: signed requests into Bolt, against the fake Slack."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import Conversation, Delivery, MeetingRequest, OneOnOneSeries, Person, PersonStatus, RequestState
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import RequestRef, decode
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    body,
    open_prep,
    prep_values,
    set_up_pair,
    share_values,
)
from tests.support.request_flow import Values, button, open_request, request_values, send_request, slot_values
from tests.support.signed import SignedSlack

SETUP_AT = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)  # the 1:1 the pair set up: 15:30 in Berlin
PROPOSED_AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # the form's suggestion: Thursday 10:00 in Berlin
COUNTER_AT = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # Friday 11:00 in New York


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    fake_slack.clear_calls()


def buttons(message: dict[str, Any]) -> set[str]:
    return {e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


def errors_of(body: str | None) -> dict[str, str]:
    payload = json.loads(body or "{}")
    assert payload.get("response_action") == "errors", payload
    return dict(payload["errors"])


def the_request(sessions: SessionFactory) -> tuple[RequestState, datetime | None, datetime]:
    """The one request's state and agreed time, and when the next conversation is."""
    with sessions.begin() as session:
        request = session.scalars(select(MeetingRequest)).one()
        conversation = session.scalars(select(Conversation)).one()
        series = session.scalars(select(OneOnOneSeries)).one()
        assert series.next_meeting_at == conversation.scheduled_at
        return request.state, request.accepted_at, conversation.scheduled_at


# --- Happy paths -----------------------------------------------------------------------------------------------------


def test_request_modal_opens_with_the_draft_and_a_suggested_slot(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    view = open_request(slack, fake_slack)
    elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}

    assert elements[Block.REQUEST_MESSAGE]["initial_value"].startswith("Hi mira,")
    # The clock reads Monday 23 November; the third working day is Thursday the 26th.
    assert elements[Block.REQUEST_DATE]["initial_date"] == "2026-11-26"
    assert elements[Block.REQUEST_TIME]["initial_time"] == "10:00"
    assert elements[Block.REQUEST_TIME]["timezone"] == "Europe/Berlin"


def test_request_then_the_manager_accepts(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    dm = send_request(slack, fake_slack, message="Hi Mira <!channel>, could we talk about my next steps?")

    assert buttons(dm) == {Action.REQUEST_ACCEPT, Action.REQUEST_PROPOSE}
    shown = json.dumps(dm["blocks"])
    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in shown
    assert "&lt;!channel&gt;" in shown
    assert "<!channel>" not in shown
    sent = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert "Your request is with" in sent["text"]
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in sent["text"]

    response = slack.click(MANAGER, Action.REQUEST_ACCEPT, button(dm, Action.REQUEST_ACCEPT)["value"], message=dm)

    assert response.status == 200
    assert the_request(sessions) == (RequestState.ACCEPTED, PROPOSED_AT, PROPOSED_AT)
    updated = fake_slack.messages(channel="D" + MANAGER)[-1]
    assert updated["ts"] == dm["ts"]
    assert updated["updated"] is True
    assert buttons(updated) == set()
    assert "Agreed" in updated["text"]
    assert "04:00 (America/New_York)" in updated["text"]
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert f"<@{MANAGER}> accepted" in told["text"]
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in told["text"]


def test_the_manager_proposes_another_time_and_the_employee_accepts(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    dm = send_request(slack, fake_slack)

    slack.click(MANAGER, Action.REQUEST_PROPOSE, button(dm, Action.REQUEST_PROPOSE)["value"], message=dm)
    counter_view = fake_slack.last_view()
    assert counter_view["callback_id"] == Callback.REQUEST_COUNTER
    elements = {b["block_id"]: b["element"] for b in counter_view["blocks"] if b["type"] == "input"}
    assert (elements[Block.REQUEST_DATE]["initial_date"], elements[Block.REQUEST_TIME]["initial_time"]) == (
        "2026-11-26",
        "04:00",
    )
    response = slack.submit_view(MANAGER, counter_view, slot_values("2026-11-27", "11:00"))

    assert response.status == 200
    assert response.body in ("", None)
    waiting = fake_slack.messages(channel="D" + MANAGER)[-1]
    assert (waiting["ts"], waiting["updated"]) == (dm["ts"], True)
    assert buttons(waiting) == set()
    assert "You proposed Fri 27 Nov 2026, 11:00 (America/New_York)" in waiting["text"]
    asked = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert "Fri 27 Nov 2026, 17:00 (Europe/Berlin)" in asked["text"]
    assert the_request(sessions) == (RequestState.COUNTERED, None, SETUP_AT)

    slack.click(EMPLOYEE, Action.REQUEST_ACCEPT, button(asked, Action.REQUEST_ACCEPT)["value"], message=asked)

    assert the_request(sessions) == (RequestState.ACCEPTED, COUNTER_AT, COUNTER_AT)
    answered = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert (answered["ts"], answered["updated"]) == (asked["ts"], True)
    assert "Agreed" in answered["text"]
    assert "17:00 (Europe/Berlin)" in answered["text"]
    manager_side = fake_slack.messages(channel="D" + MANAGER)
    assert f"<@{EMPLOYEE}> accepted your proposed time" in manager_side[-1]["text"]
    # The manager's original message no longer says "waiting".
    original = next(m for m in manager_side if m["ts"] == dm["ts"])
    assert "Agreed" in original["text"]


def test_a_new_request_replaces_the_old_one_in_the_managers_dm(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    first = send_request(slack, fake_slack)
    second = send_request(slack, fake_slack, day="2026-11-30")

    assert second["ts"] != first["ts"]
    old = next(m for m in fake_slack.messages(channel="D" + MANAGER) if m["ts"] == first["ts"])
    assert old["updated"] is True
    assert buttons(old) == set()
    assert "newer one" in old["text"]
    slack.click(MANAGER, Action.REQUEST_ACCEPT, button(first, Action.REQUEST_ACCEPT)["value"], message=first)
    assert "already answered or replaced" in fake_slack.responses[-1]["text"]
    with sessions.begin() as session:
        states = sorted(r.state.value for r in session.scalars(select(MeetingRequest)))
    assert states == ["pending", "withdrawn"]


# --- Refusals and bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action_id", [Action.REQUEST_ACCEPT, Action.REQUEST_PROPOSE])
def test_a_third_person_is_refused_and_nothing_changes(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, action_id: str
) -> None:
    dm = send_request(slack, fake_slack)
    employee_dms = len(fake_slack.messages(channel="D" + EMPLOYEE))
    opened = len(fake_slack.calls_to("views.open"))

    response = slack.click("UEVE", action_id, button(dm, action_id)["value"], message=dm)

    assert response.status == 200
    refusal = fake_slack.responses[-1]
    assert refusal["response_type"] == "ephemeral"
    assert "only they can" in refusal["text"] or "Only the manager this request was sent to" in refusal["text"]
    assert "mira" not in refusal["text"].lower()  # a refusal never says whose request it is
    assert the_request(sessions) == (RequestState.PENDING, None, SETUP_AT)
    assert fake_slack.messages(channel="D" + MANAGER)[-1]["updated"] is False
    assert len(fake_slack.messages(channel="D" + EMPLOYEE)) == employee_dms
    assert len(fake_slack.calls_to("views.open")) == opened


def test_a_tampered_button_value_is_refused(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    dm = send_request(slack, fake_slack)

    slack.click(MANAGER, Action.REQUEST_ACCEPT, '{"request_id":"1; drop"}', message=dm)

    assert "out of date" in fake_slack.responses[-1]["text"]
    assert the_request(sessions)[0] is RequestState.PENDING


@pytest.mark.parametrize(
    ("values", "block", "phrase"),
    [
        (request_values(message="   \n "), Block.REQUEST_MESSAGE, "Write a few words"),
        (request_values(message=None), Block.REQUEST_MESSAGE, "Write a few words"),
        (request_values(message="x" * 3001), Block.REQUEST_MESSAGE, "3000 characters"),
        (request_values(day=None), Block.REQUEST_DATE, "Pick a date"),
        (request_values(at=None), Block.REQUEST_TIME, "Pick a start time"),
        (request_values(day="2026-11-23", at="14:30"), Block.REQUEST_DATE, "already passed"),
        (request_values(day="2027-12-01"), Block.REQUEST_DATE, "within the next 12 months"),
    ],
)
def test_bad_request_input_is_answered_on_the_field(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, values: Values, block: str, phrase: str
) -> None:
    view = open_request(slack, fake_slack)
    with sessions.begin() as session:
        queued = session.scalar(select(func.count()).select_from(Delivery))

    response = slack.submit_view(EMPLOYEE, view, values)

    assert response.status == 200
    errors = errors_of(response.body)
    assert list(errors) == [block]
    assert phrase in errors[block]
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(MeetingRequest)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == queued
    assert fake_slack.calls_to("chat.postMessage") == []


def test_every_bad_field_is_reported_at_once(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    response = slack.submit_view(EMPLOYEE, open_request(slack, fake_slack), request_values(message=" ", day=None))

    assert set(errors_of(response.body)) == {Block.REQUEST_MESSAGE, Block.REQUEST_DATE}


@pytest.mark.parametrize(
    ("slot", "block", "phrase"),
    [
        (slot_values(day="2026-11-23", at="08:30"), Block.REQUEST_DATE, "already passed"),
        (slot_values(at=None), Block.REQUEST_TIME, "Pick a start time"),
    ],
)
def test_bad_counter_input_is_answered_on_the_field(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, slot: Values, block: str, phrase: str
) -> None:
    dm = send_request(slack, fake_slack)
    slack.click(MANAGER, Action.REQUEST_PROPOSE, button(dm, Action.REQUEST_PROPOSE)["value"], message=dm)
    counter_view = fake_slack.last_view()
    assert decode(RequestRef, counter_view["private_metadata"]).request_id > 0

    response = slack.submit_view(MANAGER, counter_view, slot)

    assert phrase in errors_of(response.body)[block]
    assert the_request(sessions) == (RequestState.PENDING, None, SETUP_AT)
    assert fake_slack.messages(channel="D" + MANAGER)[-1]["updated"] is False


# --- Not ready to request --------------------------------------------------------------------------------------------


def test_a_request_from_someone_not_set_up_opens_setup(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.command("UPRIYA", "request")

    assert fake_slack.last("views.open").params["view"]["callback_id"] == Callback.SETUP


def test_a_departed_manager_gets_an_ephemeral_pointer_to_settings(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    with sessions.begin() as session:
        manager = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        manager.status = PersonStatus.LEFT

    slack.command(EMPLOYEE, "request")

    assert fake_slack.calls_to("views.open") == []
    reply = fake_slack.responses[-1]
    assert reply["response_type"] == "ephemeral"
    assert "no longer in this workspace" in reply["text"]
    assert Action.OPEN_SETTINGS in json.dumps(reply["blocks"])


def test_an_accepted_request_moves_the_date_on_the_managers_agenda(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values()))
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    [agenda] = [m for m in fake_slack.messages(channel="D" + MANAGER) if "shared an agenda" in m["text"]]
    assert "Tue 8 Dec 2026, 09:30 (America/New_York)" in json.dumps(agenda["blocks"])

    dm = send_request(slack, fake_slack)
    slack.click(MANAGER, Action.REQUEST_ACCEPT, button(dm, Action.REQUEST_ACCEPT)["value"], message=dm)

    [moved] = [m for m in fake_slack.messages(channel="D" + MANAGER) if m["ts"] == agenda["ts"]]
    assert moved["updated"] is True
    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in json.dumps(moved["blocks"])
    assert "Tue 8 Dec 2026" not in json.dumps(moved)
