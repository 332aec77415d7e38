"""The setup flow end to end: signed requests into Bolt, against the fake Slack."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.db import SessionFactory
from bot.models import Conversation, Delivery, DeliveryKind, DeliveryState, OneOnOneSeries, Person
from bot.slack.ids import Action, Block
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UGONE", name="gone", real_name="Former Colleague", deleted=True)
    fake_slack.add_user("UAPP", name="someapp", real_name="Some App", is_bot=True)


def test_first_command_opens_setup_and_submit_stores_and_asks_manager(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    view = open_setup(slack, fake_slack)

    response = slack.submit_view(EMPLOYEE, view, setup_values())

    assert response.status == 200
    assert response.body in ("", None)
    with sessions.begin() as session:
        employee = session.scalars(
            select(Person).options(selectinload(Person.manager)).where(Person.slack_user_id == EMPLOYEE)
        ).one()
        series = session.scalars(select(OneOnOneSeries)).one()
        assert employee.tz == "Europe/Berlin"
        assert employee.manager is not None
        assert employee.manager.slack_user_id == MANAGER
        assert employee.manager_confirmed is False
        # 15:30 in Berlin on 8 Dec 2026 (CET, UTC+1) is 14:30 UTC.
        assert series.next_meeting_at.isoformat() == "2026-12-08T14:30:00+00:00"
        assert series.rrule == "FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU"
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.scheduled_at == series.next_meeting_at
        states = {d.kind: d.state for d in session.scalars(select(Delivery))}
    assert states == {
        DeliveryKind.MANAGER_CONFIRMATION: DeliveryState.SENT,
        DeliveryKind.NOTICE: DeliveryState.SENT,
        DeliveryKind.CALENDAR_INVITE: DeliveryState.PENDING,  # waits a few minutes for a correction
    }

    manager_dm = fake_slack.messages(channel="D" + MANAGER)
    assert len(manager_dm) == 1
    assert f"<@{EMPLOYEE}>" in manager_dm[0]["text"]
    # The manager reads the time in their own zone: 09:30 in New York.
    assert "09:30 (America/New_York)" in json.dumps(manager_dm[0]["blocks"])
    employee_dm = fake_slack.messages(channel="D" + EMPLOYEE)
    assert len(employee_dm) == 1
    assert "15:30 (Europe/Berlin)" in employee_dm[0]["text"]


def test_the_first_setup_form_names_the_time_zone_from_the_slack_profile(
    slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    view = open_setup(slack, fake_slack)
    shown = json.dumps(view["blocks"])
    time_block = next(b for b in view["blocks"] if b.get("block_id") == Block.SETUP_TIME)

    assert "Dates and times are in your Slack time zone (Europe/Berlin)." in shown
    assert time_block["hint"]["text"] == "In your time zone, Europe/Berlin."
    assert time_block["element"]["timezone"] == "Europe/Berlin"
    assert fake_slack.last("views.update").params["view_id"] == view["id"]  # the open form, not a new one
    assert "Welcome to Career Prep" in shown


def test_the_setup_form_still_opens_when_the_profile_cannot_be_read(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("users.info", "user_not_found")

    view = open_setup(slack, fake_slack)

    assert "time zone of your Slack profile" in json.dumps(view["blocks"])
    assert fake_slack.calls_to("views.update") == []


def test_manager_confirms_and_employee_is_told(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    request = fake_slack.messages(channel="D" + MANAGER)[0]
    confirm = next(
        element
        for block in request["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == Action.MANAGER_CONFIRM
    )

    response = slack.click(MANAGER, Action.MANAGER_CONFIRM, confirm["value"], message=request)

    assert response.status == 200
    with sessions.begin() as session:
        employee = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert employee.manager_confirmed is True
    updated = fake_slack.messages(channel="D" + MANAGER)[0]
    assert updated["updated"] is True
    assert "You confirmed" in updated["text"]
    told = fake_slack.messages(channel="D" + EMPLOYEE)
    assert any("confirmed they're your manager" in m["text"] for m in told)


def test_someone_else_cannot_answer_for_the_manager(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    fake_slack.add_user("UEVE", name="eve", tz="UTC")
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    request = fake_slack.messages(channel="D" + MANAGER)[0]
    value = request["blocks"][2]["elements"][0]["value"]

    slack.click("UEVE", Action.MANAGER_CONFIRM, value, message=request)

    with sessions.begin() as session:
        employee = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert employee.manager_confirmed is False
    assert fake_slack.messages(channel="D" + MANAGER)[0]["updated"] is False
    refusal = fake_slack.responses[-1]
    assert refusal["response_type"] == "ephemeral"
    assert "Only the person named as the manager" in refusal["text"]


def test_not_me_unlinks_and_asks_the_employee_to_pick_again(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    request = fake_slack.messages(channel="D" + MANAGER)[0]
    not_me = next(
        element
        for block in request["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == Action.MANAGER_DECLINE
    )

    slack.click(MANAGER, Action.MANAGER_DECLINE, not_me["value"], message=request)

    with sessions.begin() as session:
        employee = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert employee.manager_id is None
        assert session.scalars(select(OneOnOneSeries)).one().active is False
    assert "You said you're not" in fake_slack.messages(channel="D" + MANAGER)[0]["text"]
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]["text"]
    assert "says they're not your manager" in told
    assert "/career-prep settings" in told
    # A second click on the old message is answered, not obeyed.
    slack.click(MANAGER, Action.MANAGER_CONFIRM, not_me["value"], message=request)
    assert "no longer current" in fake_slack.responses[-1]["text"]
    # Starting over opens a fresh setup, as for a newcomer.
    slack.command(EMPLOYEE)
    assert fake_slack.last("views.open").params["view"]["blocks"][1]["element"].get("initial_user") is None
