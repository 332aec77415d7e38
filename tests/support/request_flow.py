"""Meeting request steps for flow tests: the form's state values, opening and sending it, buttons."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Block, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
)
from tests.support.signed import SignedSlack, datepicker, plain_text, timepicker

Values = dict[str, dict[str, dict[str, Any]]]


def request_values(message: str | None = "Could we talk about where I'm heading?", **slot: str | None) -> Values:
    return {Block.REQUEST_MESSAGE: {Action.REQUEST_MESSAGE: plain_text(message)}, **slot_values(**slot)}


def slot_values(day: str | None = "2026-11-26", at: str | None = "10:00") -> Values:
    return {
        Block.REQUEST_DATE: {Action.REQUEST_DATE: datepicker(day)},
        Block.REQUEST_TIME: {Action.REQUEST_TIME: timepicker(at)},
    }


def open_request(slack: SignedSlack, fake_slack: FakeSlack) -> dict[str, Any]:
    assert slack.command(EMPLOYEE, "request").status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.REQUEST_FORM
    return view


def send_request(slack: SignedSlack, fake_slack: FakeSlack, **values: Any) -> dict[str, Any]:
    """Send a request; returns the manager's DM as the fake Slack stored it."""
    response = slack.submit_view(EMPLOYEE, open_request(slack, fake_slack), request_values(**values))
    assert response.status == 200
    assert response.body in ("", None)
    return fake_slack.messages(channel="D" + MANAGER)[-1]


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    found = [
        element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    ]
    assert found, f"no {action_id} button in {message['text']!r}"
    return found[0]
