"""Forget steps for flow tests: the confirmation's ticked state, and opening it."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Block, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE
from tests.support.signed import SignedSlack

TICKED = {
    Block.FORGET_CHECK: {
        Action.FORGET_CHECK: {"type": "checkboxes", "selected_options": [{"value": "understood"}]},
    }
}


def open_forget(slack: SignedSlack, fake_slack: FakeSlack, user: str = EMPLOYEE) -> dict[str, Any]:
    slack.command(user, "forget")
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.FORGET_CONFIRM
    return view
