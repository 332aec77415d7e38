"""Steps for the who-can-help journey, each through the bot's own surfaces: anyone setting up with any manager
(who confirms in their DM), an offer made with `/career-prep offer`, an intro asked for from the helpers list,
and reading what each person was shown."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.ids import Action, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.intro_flow import buttons, intro_values
from tests.support.offer_flow import buttons as accessory_buttons
from tests.support.offer_flow import offer_values
from tests.support.setup_flow import setup_values
from tests.support.signed import SignedSlack


def set_up_with(slack: SignedSlack, fake_slack: FakeSlack, employee: str, manager: str, *, day: str) -> None:
    """`employee` names `manager` in the setup form (`/career-prep`); the manager clicks Yes in their DM."""
    assert slack.command(employee, "").status == 200
    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.SETUP
    slack.submit_view(employee, form, setup_values(manager=manager, day=day))
    request = next(
        m
        for m in reversed(fake_slack.messages(channel="D" + manager))
        if Action.MANAGER_CONFIRM in buttons(m) and f"<@{employee}>" in json.dumps(m)
    )
    slack.click(manager, Action.MANAGER_CONFIRM, buttons(request)[Action.MANAGER_CONFIRM], message=request)


def make_offer(slack: SignedSlack, fake_slack: FakeSlack, helper: str, **values: Any) -> dict[str, Any]:
    """`helper` opens `/career-prep offer` and submits it; returns the form that was opened."""
    assert slack.command(helper, "offer").status == 200
    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.OFFER_FORM
    response = slack.submit_view(helper, form, offer_values(**values))
    assert json.loads(response.body or "{}").get("response_action") == "update", response.body
    return form


def ask_from_directory(slack: SignedSlack, fake_slack: FakeSlack, employee: str, helper: str) -> None:
    """`employee` lists `/career-prep helpers` and asks `helper` for an intro from their row's button."""
    slack.command(employee, "helpers")
    listed = fake_slack.responses[-1]
    [row] = [b for b in listed["blocks"] if f"<@{helper}>" in json.dumps(b.get("text"))]
    [button] = accessory_buttons([row], Action.INTRO_START)
    assert slack.click(employee, Action.INTRO_START, button["value"]).status == 200
    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.INTRO_FORM
    response = slack.submit_view(employee, form, intro_values(note="Could we talk about your path?"))
    assert response.body in ("", None), response.body


def said_to(fake_slack: FakeSlack, user: str) -> str:
    """Everything the bot ever sent into `user`'s DM or a group DM they are in (every post and every update,
    also those later replaced), and their App Home, as one string."""
    channels = {c.params.get("channel") for c in fake_slack.calls if c.method.startswith("chat.")}
    theirs = {
        c
        for c in channels
        if fake_slack.canonical_channel(str(c)) == "D" + user or user in (fake_slack.dm_members(str(c)) or [])
    }
    sent = [c.params for c in fake_slack.calls if c.method.startswith("chat.") and c.params.get("channel") in theirs]
    return json.dumps([sent, fake_slack.home_views.get(user)], ensure_ascii=False)


def with_action(fake_slack: FakeSlack, user: str, action_id: str) -> list[dict[str, Any]]:
    """The messages in `user`'s DM that show a button `action_id`."""
    return [m for m in fake_slack.messages(channel="D" + user) if action_id in buttons(m)]
