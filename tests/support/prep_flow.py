"""Shared steps for prep tests: a set-up pair, and the prep form's state values."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import BoltResponse

from bot.slack.ids import Action, Block, prep_ask_block, prep_ask_detail_block, prep_block
from tests.support.fake_slack import FakeSlack
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack, plain_text, static_select

__all__ = ["EMPLOYEE", "MANAGER"]


def add_people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UEVE", name="eve", real_name="Eve Outsider", tz="UTC")
    fake_slack.add_user("UPRIYA", name="priya", real_name="Priya Rao", tz="Asia/Kolkata")


def set_up_pair(slack: SignedSlack, fake_slack: FakeSlack, *, confirm: bool = True) -> None:
    """Ana names Mira as her manager; Mira confirms it unless `confirm` is False."""
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    if confirm:
        answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)


def answer_confirmation(slack: SignedSlack, fake_slack: FakeSlack, action_id: str) -> None:
    """The manager clicks Yes or "Not me" on the confirmation request in their DM."""
    request = next(m for m in fake_slack.messages(channel="D" + MANAGER) if "blocks" in m and _button(m, action_id))
    slack.click(MANAGER, action_id, _button(request, action_id), message=request)


def _button(message: dict[str, Any], action_id: str) -> str | None:
    return next(
        (
            str(element["value"])
            for block in message.get("blocks") or []
            if block["type"] == "actions"
            for element in block["elements"]
            if element["action_id"] == action_id
        ),
        None,
    )


def prep_values(
    *,
    strengths: str | None = "Explaining tricky systems to customers",
    grow_skills: str | None = "Running design reviews",
    direction: str | None = "Leading a small platform team",
    people: list[str] | None = None,
    asks: list[tuple[str | None, str | None]] | None = None,
    **texts: str | None,
) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {}
    fields = {"strengths": strengths, "grow_skills": grow_skills, "direction": direction, **texts}
    for name in ("strengths", "grow_skills", "energizing_work", "underused_skills", "direction", "paths", "topics"):
        values[prep_block(name)] = {Action.PREP_TEXT: plain_text(fields.get(name))}
    values[Block.PREP_PEOPLE] = {Action.PREP_PEOPLE: {"type": "multi_users_select", "selected_users": people or []}}
    rows = (asks or []) + [(None, None)] * 3
    for index, (kind, detail) in enumerate(rows[:3]):
        values[prep_ask_block(index)] = {Action.PREP_ASK_KIND: static_select(kind)}
        values[prep_ask_detail_block(index)] = {Action.PREP_ASK_DETAIL: plain_text(detail)}
    return values


def share_values(share: bool) -> dict[str, dict[str, dict[str, Any]]]:
    chosen = [{"value": "share", "text": {"type": "plain_text", "text": "Share"}}] if share else []
    return {Block.PREP_SHARE: {Action.PREP_SHARE: {"type": "checkboxes", "selected_options": chosen}}}


def open_prep(slack: SignedSlack, fake_slack: FakeSlack, user: str = EMPLOYEE) -> dict[str, Any]:
    slack.command(user, "prep")
    view = fake_slack.last_view()
    assert view["callback_id"] == "prep_form", view.get("callback_id")
    return view


def body(response: BoltResponse) -> dict[str, Any]:
    return json.loads(response.body) if response.body else {}


def all_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def share(slack: SignedSlack, fake_slack: FakeSlack, **answers: object) -> dict[str, object]:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(**answers)))  # type: ignore[arg-type]
    assert review["response_action"] == "update"
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    return review
