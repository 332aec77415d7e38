"""Office-hours steps for flow tests: the set-up form's values, the people and channels, buttons, ticks."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block, Callback
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack, plain_text, static_select, timepicker

HOST = "UHOST"  # Berlin
ANA = "UANA"  # New York
BO = "UBO"  # Kolkata
EVE = "UEVE"  # a third party
CHANNEL = "COFFICE"
NOT_IN = "CNOTIN"

Values = dict[str, dict[str, dict[str, Any]]]


def add_people_and_channels(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(HOST, name="hana", real_name="Hana Weber", tz="Europe/Berlin")
    fake_slack.add_user(ANA, name="ana", real_name="Ana Silva", tz="America/New_York")
    fake_slack.add_user(BO, name="bo", real_name="Bo Li", tz="Asia/Kolkata")
    fake_slack.add_user(EVE, name="eve", real_name="Eve Outsider", tz="UTC")
    fake_slack.add_channel(CHANNEL, "ask-leadership")
    fake_slack.add_channel(NOT_IN, "random", is_member=False)


def form_values(
    *,
    weekday: str = "3",
    start: str = "15:00",
    length: str = "60",
    slots: str = "2",
    channel: str = CHANNEL,
    lead: str = "1440",
    topic: str = "moving into management",
) -> Values:
    return {
        Block.OFFICE_HOURS_WEEKDAY: {Action.OFFICE_HOURS_WEEKDAY: static_select(weekday)},
        Block.OFFICE_HOURS_START: {Action.OFFICE_HOURS_START: timepicker(start)},
        Block.OFFICE_HOURS_LENGTH: {Action.OFFICE_HOURS_LENGTH: static_select(length)},
        Block.OFFICE_HOURS_SLOTS: {Action.OFFICE_HOURS_SLOTS: static_select(slots)},
        Block.OFFICE_HOURS_CHANNEL: {
            Action.OFFICE_HOURS_CHANNEL: {"type": "conversations_select", "selected_conversation": channel}
        },
        Block.OFFICE_HOURS_LEAD: {Action.OFFICE_HOURS_LEAD: static_select(lead)},
        Block.OFFICE_HOURS_TOPIC: {Action.OFFICE_HOURS_TOPIC: plain_text(topic)},
    }


def open_form(slack: SignedSlack, fake_slack: FakeSlack, user: str = HOST) -> dict[str, Any]:
    assert slack.command(user, "office-hours").status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.OFFICE_HOURS_FORM
    return view


def answer_of(body: str | None) -> dict[str, Any]:
    return dict(json.loads(body or "{}"))


def button(message: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    """The first button with `action_id` in a message, in actions blocks or as a section's accessory."""
    for block in message["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id:
                return dict(element)
    return None


def buttons(message: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    found = []
    for block in message["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found += [dict(e) for e in elements if e.get("action_id") == action_id]
    return found


def shown(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"]) + message.get("text", "")


def tick_at(clock: FakeClock, sessions: SessionFactory, relay: Relay, instant: datetime) -> None:
    clock.set(instant)
    tick(sessions, relay, instant)
