"""The App Home end to end: the employee's and the manager's view, re-published after prep, item and setup
changes, its buttons, and a failing publish that never breaks the change it follows."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import ActionItem, ConversationState, ItemStatus, Person, PersonStatus
from bot.slack.blocks.home import HOME_SURFACE
from bot.slack.ids import Action, Callback
from bot.slack.values import ItemRef, decode
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import add_item, held_conversation, reason_values
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    all_text,
    body,
    open_prep,
    prep_values,
    set_up_pair,
    share_values,
)
from tests.support.signed import SignedSlack

Json = dict[str, Any]
SECRET = "Thinking about a move to the platform team"


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack, confirm=False)


def confirm(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    request = fake_slack.messages(channel="D" + MANAGER)[0]
    [value] = [
        e["value"]
        for b in request["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.MANAGER_CONFIRM
    ]
    slack.click(MANAGER, Action.MANAGER_CONFIRM, value, message=request)


def seed_items(sessions: SessionFactory, clock: FakeClock) -> dict[str, int]:
    with sessions.begin() as session:
        held = held_conversation(session, EMPLOYEE, clock.now)
        ana, mira = held.employee, held.manager
        return {
            "plan": add_item(session, held, ana, mira, "Draft a learning plan", date(2026, 12, 4), clock),
            "shadow": add_item(session, held, ana, mira, "Shadow the on-call lead", date(2026, 11, 20), clock),
            "intro": add_item(session, held, mira, ana, "Introduce Ana to the platform team", None, clock),
        }


def open_home(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> Json:
    assert slack.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user}).status == 200
    return fake_slack.home_views[user]


def publishes_to(fake_slack: FakeSlack, user: str) -> int:
    return sum(1 for call in fake_slack.calls_to("views.publish") if call.params.get("user_id") == user)


def home_value(home: Json, item_id: int, action_id: str) -> str:
    for block in home["blocks"]:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element["action_id"] == action_id and decode(ItemRef, element["value"]).item_id == item_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} for item {item_id} on the Home")


def button_ids(view: Json) -> list[str]:
    return [e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_the_employee_sees_their_next_1on1_prep_items_and_history(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    seed_items(sessions, clock)

    home = open_home(slack, fake_slack, EMPLOYEE)

    text = all_text(home)
    assert f"*Next 1:1 with <@{MANAGER}>*" in text
    assert "Tue 8 Dec 2026, 15:30 (Europe/Berlin)" in text
    assert "*Prep:* not started yet" in text
    assert button_ids(home)[:4] == [Action.OPEN_PREP, Action.OPEN_RECAP, Action.OPEN_REQUEST, Action.OPEN_SETTINGS]
    assert "Shadow the on-call lead" in text
    assert "Introduce Ana to the platform team" in text
    assert "• Mon 16 Nov 2026: held, 3 action items" in text
    assert "Your team" not in text


def test_the_manager_sees_their_team_once_they_confirm_and_never_a_private_draft(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    seed_items(sessions, clock)
    slack.submit_view(EMPLOYEE, open_prep(slack, fake_slack), prep_values(direction=SECRET))
    assert "Your team" not in all_text(open_home(slack, fake_slack, MANAGER))

    confirm(slack, fake_slack)
    home = open_home(slack, fake_slack, MANAGER)

    text = all_text(home)
    assert "Your team" in text
    assert f"<@{EMPLOYEE}>" in text
    assert "Last conversation: Mon 16 Nov 2026 (7 days ago)" in text
    assert "Next 1:1: Tue 8 Dec 2026, 09:30 (America/New_York)" in text
    assert "Prep: not shared" in text
    assert "Items they own: 2 open (1 overdue) · items you own: 1 open" in text
    assert "*Your commitments to your team* (1 open, 0 overdue)" in text
    assert Action.OPEN_TEAM in button_ids(home)
    assert SECRET not in all_text(fake_slack.home_views)


def test_setup_publishes_the_home(fake_slack: FakeSlack) -> None:
    # The pair fixture saved Ana's setup: her Home shows it without her opening anything.
    assert f"*Next 1:1 with <@{MANAGER}>*" in all_text(fake_slack.home_views[EMPLOYEE])


def test_sharing_the_prep_refreshes_both_homes(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))["view"]
    assert "*Prep:* draft saved, not shared yet" in all_text(fake_slack.home_views[EMPLOYEE])
    confirm(slack, fake_slack)
    before = publishes_to(fake_slack, EMPLOYEE), publishes_to(fake_slack, MANAGER)

    slack.submit_view(EMPLOYEE, {**review, "id": form["id"]}, share_values(True))

    assert (publishes_to(fake_slack, EMPLOYEE), publishes_to(fake_slack, MANAGER)) == (before[0] + 1, before[1] + 1)
    assert "*Prep:* shared with them Mon 23 Nov 2026, 15:00 (Europe/Berlin)" in all_text(
        fake_slack.home_views[EMPLOYEE]
    )
    assert "Prep: shared with you" in all_text(fake_slack.home_views[MANAGER])
    assert SECRET not in all_text(fake_slack.home_views)


def test_an_item_done_on_the_home_refreshes_the_home_and_nothing_else(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    confirm(slack, fake_slack)  # so Mira may hear about Ana's items
    items = seed_items(sessions, clock)
    home = open_home(slack, fake_slack, EMPLOYEE)
    value = home_value(home, items["plan"], Action.ITEM_DONE)
    assert decode(ItemRef, value).surface == HOME_SURFACE
    fake_slack.clear_calls()

    response = slack.click(EMPLOYEE, Action.ITEM_DONE, value, view={"id": home["id"], "type": "home"})

    assert response.status == 200
    with sessions.begin() as session:
        assert session.get(ActionItem, items["plan"]).status is ItemStatus.DONE  # type: ignore[union-attr]
    assert "Draft a learning plan" not in all_text(fake_slack.home_views[EMPLOYEE])
    assert publishes_to(fake_slack, EMPLOYEE) == 1
    assert publishes_to(fake_slack, MANAGER) == 1  # the other person's Home lists it too
    assert fake_slack.calls_to("chat.update") == []
    assert fake_slack.responses == []
    assert "marked their action item as done" in fake_slack.messages(channel="D" + MANAGER)[-1]["text"]


def test_a_stale_home_refuses_to_reopen_a_done_item_and_shows_the_current_home(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    confirm(slack, fake_slack)  # so Mira sees Ana's items on her Home
    items = seed_items(sessions, clock)
    stale = json.loads(json.dumps(open_home(slack, fake_slack, EMPLOYEE)))  # as it was when Ana looked
    mira_home = open_home(slack, fake_slack, MANAGER)
    slack.click(MANAGER, Action.ITEM_DONE, home_value(mira_home, items["plan"], Action.ITEM_DONE), view=mira_home)
    fake_slack.clear_calls()

    slack.click(
        EMPLOYEE, Action.ITEM_STILL_ON_IT, home_value(stale, items["plan"], Action.ITEM_STILL_ON_IT), view=stale
    )

    with sessions.begin() as session:
        assert session.get(ActionItem, items["plan"]).status is ItemStatus.DONE  # type: ignore[union-attr]
    assert publishes_to(fake_slack, EMPLOYEE) == 1
    assert "Draft a learning plan" not in all_text(fake_slack.home_views[EMPLOYEE])
    assert "already marked done by" in fake_slack.messages(channel="D" + EMPLOYEE)[-1]["text"]


def test_blocked_from_the_home_asks_why_then_refreshes_the_home(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    items = seed_items(sessions, clock)
    home = open_home(slack, fake_slack, EMPLOYEE)

    slack.click(EMPLOYEE, Action.ITEM_BLOCKED, home_value(home, items["shadow"], Action.ITEM_BLOCKED), view=home)
    modal = fake_slack.last_view()
    assert modal["callback_id"] == Callback.ITEM_BLOCKED
    slack.submit_view(EMPLOYEE, modal, reason_values("The on-call lead is on leave"))

    text = all_text(fake_slack.home_views[EMPLOYEE])
    assert "Blocked: The on-call lead is on leave" in text
    assert fake_slack.calls_to("chat.update") == []


def test_a_home_that_fails_to_publish_never_breaks_the_change(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = seed_items(sessions, clock)
    home = open_home(slack, fake_slack, EMPLOYEE)
    fake_slack.fail_next("views.publish", "internal_error", times=2)
    ana_dms = len(fake_slack.messages(channel="D" + EMPLOYEE))

    with caplog.at_level(logging.WARNING, logger="bot.slack.home_refresh"):
        response = slack.click(
            EMPLOYEE, Action.ITEM_STILL_ON_IT, home_value(home, items["plan"], Action.ITEM_STILL_ON_IT), view=home
        )

    assert response.status == 200
    with sessions.begin() as session:
        assert session.get(ActionItem, items["plan"]).status is ItemStatus.IN_PROGRESS  # type: ignore[union-attr]
    assert "could not refresh the App Home" in caplog.text
    assert len(fake_slack.messages(channel="D" + EMPLOYEE)) == ana_dms  # no error message for the person


def test_the_request_button_opens_the_request_form(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    home = open_home(slack, fake_slack, EMPLOYEE)

    slack.click(EMPLOYEE, Action.OPEN_REQUEST, view=home)

    assert fake_slack.last_view()["callback_id"] == Callback.REQUEST_FORM


def test_the_request_button_sends_a_newcomer_to_setup(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.click("UEVE", Action.OPEN_REQUEST, view={"id": "VHOME", "type": "home"})

    assert fake_slack.last_view()["callback_id"] == Callback.SETUP


def test_see_all_lists_every_past_conversation(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        for weeks in range(1, 9):
            held = held_conversation(session, EMPLOYEE, clock.now, at=clock.now - timedelta(weeks=weeks))
            if weeks % 2:
                held.state = ConversationState.SKIPPED
    home = open_home(slack, fake_slack, EMPLOYEE)
    assert Action.OPEN_HOME_HISTORY in button_ids(home)

    slack.click(EMPLOYEE, Action.OPEN_HOME_HISTORY, view=home)

    modal = fake_slack.last_view()
    assert modal["title"]["text"] == "Past conversations"
    assert all_text(modal).count("• ") == 8
    assert "skipped, no action items" in all_text(modal)


def test_a_manager_who_has_left_is_explained_not_shown_a_form(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    with sessions.begin() as session:
        mira = session.scalars(select(Person).filter_by(slack_user_id=MANAGER)).one()
        mira.status = PersonStatus.LEFT
    opened = len(fake_slack.calls_to("views.open"))

    slack.click(EMPLOYEE, Action.OPEN_REQUEST, view={"id": "VHOME", "type": "home"})

    assert len(fake_slack.calls_to("views.open")) == opened
    assert "no longer in this workspace" in fake_slack.messages(channel="D" + EMPLOYEE)[-1]["text"]
