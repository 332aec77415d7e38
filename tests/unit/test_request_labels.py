"""Metrics and log lines name a request by its listener from a closed set of ids, never by what was typed."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.ids import COMMAND, SUBCOMMAND_NAMES
from bot.slack.listeners.commands import SUBCOMMANDS
from bot.slack.request_labels import Listener, listener_of, request_id, team_of


def test_the_subcommand_names_are_those_the_router_knows() -> None:
    assert {sub.name for sub in SUBCOMMANDS} == SUBCOMMAND_NAMES


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"command": COMMAND, "text": ""}, Listener("command", "default")),
        ({"command": COMMAND, "text": "  Items  mine"}, Listener("command", "items")),
        ({"command": COMMAND, "text": "my secret plan for <@UANA>"}, Listener("command", "other")),
        ({"command": "/another", "text": "help"}, Listener("command", "other")),
        ({"type": "block_actions", "actions": [{"action_id": "item_done"}]}, Listener("block_actions", "item_done")),
        ({"type": "block_actions", "actions": [{"action_id": "typed-by-someone"}]}, Listener("block_actions", "other")),
        ({"type": "block_actions", "actions": []}, Listener("block_actions", "other")),
        ({"type": "block_suggestion", "action_id": "snooze"}, Listener("block_suggestion", "snooze")),
        ({"type": "view_submission", "view": {"callback_id": "prep_form"}}, Listener("view_submission", "prep_form")),
        ({"type": "view_closed", "view": {"callback_id": "nope"}}, Listener("view_closed", "other")),
        ({"type": "shortcut", "callback_id": "setup_modal"}, Listener("shortcut", "setup_modal")),
        ({"type": "event_callback", "event": {"type": "app_home_opened"}}, Listener("event", "app_home_opened")),
        ({"type": "event_callback", "event": {"type": "message"}}, Listener("event", "other")),
        ({"type": "event_callback", "event": "not an object"}, Listener("event", "other")),
        ({"type": "url_verification", "challenge": "abc"}, Listener("url_verification", "other")),
        ({"type": "something new"}, Listener("other", "other")),
    ],
)
def test_a_request_is_labelled_by_its_listener(body: dict[str, Any], expected: Listener) -> None:
    assert listener_of(body) == expected


def test_the_team_is_taken_where_slack_puts_it() -> None:
    assert team_of({"team_id": "T0001"}) == "T0001"
    assert team_of({"team": {"id": "T0002"}}) == "T0002"
    assert team_of({"user": {"id": "UANA", "team_id": "E0003"}}) == "E0003"
    assert team_of({"team_id": "not a team\n"}) is None
    assert team_of({}) is None


def test_a_request_id_is_stable_and_reveals_no_trigger_id() -> None:
    body = {"trigger_id": "13345224609.738474920.8088930838d88f008e0", "command": COMMAND}
    first = request_id(body, {"x-slack-signature": ["v0=abc"]})

    assert first == request_id(body, {"x-slack-signature": ["v0=other"]})  # the trigger names the request
    assert len(first) == 16
    assert "13345224609" not in first
    # An event keeps its id through Slack's retries (new signature each time).
    event = {"type": "event_callback", "event_id": "Ev0001"}
    assert request_id(event, {"x-slack-signature": "v0=1"}) == request_id(event, {"x-slack-signature": "v0=2"})
    # Otherwise the signature (new for every request) tells requests apart.
    assert request_id({}, {"x-slack-signature": ["v0=1"]}) != request_id({}, {"x-slack-signature": ["v0=2"]})
