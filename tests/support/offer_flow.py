"""Offer steps for flow tests: the offer form's state values, and the last ephemeral reply."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Block
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack, plain_text, static_select

Values = dict[str, dict[str, dict[str, Any]]]


def _options(values: list[str]) -> list[dict[str, Any]]:
    return [{"value": v, "text": {"type": "plain_text", "text": v}} for v in values]


def offer_values(
    *,
    picked: list[str] | None = None,
    typed: str | None = "sql",
    kinds: list[str] | None = None,
    capacity: str | None = "2",
    open_now: bool = True,
    note: str | None = None,
) -> Values:
    chosen_kinds = ["mentoring"] if kinds is None else kinds
    values: Values = {
        Block.OFFER_TAGS: {Action.OFFER_TAGS: plain_text(typed)},
        Block.OFFER_KINDS: {Action.OFFER_KINDS: {"type": "checkboxes", "selected_options": _options(chosen_kinds)}},
        Block.OFFER_CAPACITY: {Action.OFFER_CAPACITY: static_select(capacity)},
        Block.OFFER_OPEN: {
            Action.OFFER_OPEN: {"type": "checkboxes", "selected_options": _options(["open"] if open_now else [])}
        },
        Block.OFFER_NOTE: {Action.OFFER_NOTE: plain_text(note)},
    }
    if picked is not None:
        values[Block.OFFER_TOPICS] = {
            Action.OFFER_TOPICS: {"type": "multi_static_select", "selected_options": _options(picked)}
        }
    return values


def last_reply(fake_slack: FakeSlack) -> dict[str, Any]:
    """The last ephemeral answer to a command (posted to its response_url)."""
    return fake_slack.responses[-1]


def buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    """Every button with this action id, in section accessories or actions blocks."""
    found = [b["accessory"] for b in blocks if (b.get("accessory") or {}).get("action_id") == action_id]
    for block in blocks:
        found += [e for e in block.get("elements") or [] if e.get("action_id") == action_id]
    return found


def open_home(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> dict[str, Any]:
    """The Home as published when `user` opens it."""
    assert slack.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user}).status == 200
    return fake_slack.home_views[user]
