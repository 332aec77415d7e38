"""Setup steps for flow tests: the two people, the setup form's state values, and opening it."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Block, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack, datepicker, static_select, timepicker, users_select

EMPLOYEE = "UANA"
MANAGER = "UMIRA"


def setup_values(
    manager: str | None = MANAGER,
    day: str | None = "2026-12-08",
    at: str | None = "15:30",
    cadence: str = "monthly",
    length: str = "30",
) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        Block.SETUP_MANAGER: {Action.SETUP_MANAGER: users_select(manager)},
        Block.SETUP_DATE: {Action.SETUP_DATE: datepicker(day)},
        Block.SETUP_TIME: {Action.SETUP_TIME: timepicker(at)},
        Block.SETUP_CADENCE: {Action.SETUP_CADENCE: static_select(cadence)},
        Block.SETUP_LENGTH: {Action.SETUP_LENGTH: static_select(length)},
    }


def open_setup(slack: SignedSlack, fake_slack: FakeSlack, text: str = "") -> dict[str, Any]:
    response = slack.command(EMPLOYEE, text)
    assert response.status == 200
    opened = fake_slack.last("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == Callback.SETUP
    return fake_slack.last_view()
