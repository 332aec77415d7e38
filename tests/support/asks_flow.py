"""Answer-form values for asks, shaped as Slack sends them."""

from __future__ import annotations

from typing import Any

from bot.slack.forms.asks import OWNER_ME, OWNER_THEM
from bot.slack.ids import Action, Block
from tests.support.signed import datepicker, plain_text, static_select, users_select

Values = dict[str, dict[str, dict[str, Any]]]
ASKS = [("mentor", "someone in product"), ("certification", "AWS architect"), ("training", "public speaking")]


def answer_values(
    choice: str | None,
    text: str | None = None,
    *,
    revisit: str | None = None,
    item: str | None = None,
    item_mine: bool = True,
    due: str | None = None,
    target: str | None = None,
    resource: str | None = None,
) -> Values:
    radio = {"type": "radio_buttons", "selected_option": {"value": choice} if choice else None}
    return {
        Block.ASK_CHOICE: {Action.ASK_CHOICE: radio},
        Block.ASK_TEXT: {Action.ASK_TEXT: plain_text(text)},
        Block.ASK_REVISIT: {Action.ASK_REVISIT: datepicker(revisit)},
        Block.ASK_ITEM_TEXT: {Action.ASK_ITEM_TEXT: plain_text(item)},
        Block.ASK_ITEM_OWNER: {Action.ASK_ITEM_OWNER: static_select(OWNER_ME if item_mine else OWNER_THEM)},
        Block.ASK_ITEM_DUE: {Action.ASK_ITEM_DUE: datepicker(due)},
        Block.ASK_TARGET: {Action.ASK_TARGET: users_select(target)},
        Block.ASK_RESOURCE: {Action.ASK_RESOURCE: plain_text(resource)},
    }


def answer_buttons(message: dict[str, Any]) -> list[str]:
    """The values of the Answer buttons in a message, top to bottom."""
    return [
        str(b["accessory"]["value"])
        for b in message.get("blocks") or []
        if (b.get("accessory") or {}).get("action_id") == Action.ASK_ANSWER
    ]


def button_value(message: dict[str, Any], action_id: str) -> str:
    """The value of the first button with `action_id` in a message's actions blocks."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button")


def with_button(messages: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    found = []
    for message in messages:
        try:
            button_value(message, action_id)
        except AssertionError:
            continue
        found.append(message)
    return found
