"""Team-planning steps over signed HTTP: a second report set up with Mira, a prep saved without sharing,
and the answers to `/career-prep planning`."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import MANAGER, body, open_prep, prep_values, share_values
from tests.support.setup_flow import setup_values
from tests.support.signed import SignedSlack


def set_up_report(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> None:
    """`user` names Mira as their manager in the setup form, and Mira confirms that request."""
    assert slack.command(user).status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.SETUP
    slack.submit_view(user, view, setup_values())
    slack.wait_for_listeners()
    request = next(
        m
        for m in reversed(fake_slack.messages(channel="D" + MANAGER))
        if f"<@{user}>" in str(m.get("text")) and _value(m, Action.MANAGER_CONFIRM) is not None
    )
    slack.click(MANAGER, Action.MANAGER_CONFIRM, _value(request, Action.MANAGER_CONFIRM), message=request)


def _value(message: dict[str, Any], action_id: str) -> str | None:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or [] if block["type"] == "actions" else []:
            if element["action_id"] == action_id:
                return str(element["value"])
    return None


def save_draft(slack: SignedSlack, fake_slack: FakeSlack, user: str, **answers: object) -> dict[str, Any]:
    """`user` fills in prep and submits it (a draft is saved); returns the review step and the form's id."""
    form = open_prep(slack, fake_slack, user)
    review = body(slack.submit_view(user, form, prep_values(**answers)))  # type: ignore[arg-type]
    assert review["response_action"] == "update"
    return {**review["view"], "id": form["id"]}


def save_without_sharing(slack: SignedSlack, fake_slack: FakeSlack, user: str, **answers: object) -> None:
    """`user` fills in prep and, on the review step, leaves Share unticked."""
    slack.submit_view(user, save_draft(slack, fake_slack, user, **answers), share_values(False))


def planning(slack: SignedSlack, fake_slack: FakeSlack, user: str, words: str = "") -> str:
    """The ephemeral answer `user` gets to `/career-prep planning <words>`."""
    before = len(fake_slack.responses)
    assert slack.command(user, f"planning {words}".strip()).status == 200
    slack.wait_for_listeners()
    answers = fake_slack.responses[before:]
    assert len(answers) == 1, answers
    return str(answers[0].get("text"))
