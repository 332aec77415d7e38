"""app_manifest.yml and the registered Bolt listeners agree: nothing declared is unhandled,
and nothing handled is undeclared."""

from __future__ import annotations

import pytest
from slack_bolt import App

from bot.manifest import load_manifest
from bot.slack.ids import COMMAND, Event
from tests.support.fake_slack import FakeSlack
from tests.support.manifest import bot_events, slash_commands
from tests.support.signed import SignedSlack


def test_declared_command_is_the_one_registered(slack: SignedSlack) -> None:
    assert slash_commands(load_manifest()) == {COMMAND}
    assert slack.command("UANA", "help").status == 200


@pytest.mark.expected_alarm  # Bolt logs an unhandled request: Slack never sends one we don't declare
def test_an_undeclared_command_is_not_handled(app: App, slack: SignedSlack) -> None:
    body = slack.command_body("UANA", "help").replace("%2Fcareer-prep", "%2Fsomething-else")

    assert slack.dispatch(body, "application/x-www-form-urlencoded", expect=404).status == 404


@pytest.mark.expected_alarm  # the undeclared event below is logged as unhandled
def test_declared_events_are_exactly_the_handled_ones(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    declared = bot_events(load_manifest())

    assert declared == {event.value for event in Event}
    samples = {
        Event.APP_HOME_OPENED: {"type": "app_home_opened", "user": "UANA", "tab": "home", "channel": "D1"},
        Event.APP_UNINSTALLED: {"type": "app_uninstalled"},
        Event.TOKENS_REVOKED: {"type": "tokens_revoked", "tokens": {"oauth": ["UANA"], "bot": []}},
        Event.USER_CHANGE: {"type": "user_change", "user": {"id": "UANA", "name": "ana", "tz": "Asia/Tokyo"}},
    }
    for event in Event:
        assert slack.event(samples[event]).status == 200, event
    # An event the manifest does not subscribe to finds no listener.
    assert slack.event({"type": "reaction_added", "user": "UANA", "reaction": "tada"}, expect=404).status == 404


def test_interactivity_and_socket_mode_are_declared() -> None:
    settings = load_manifest()["settings"]

    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert load_manifest()["features"]["app_home"]["home_tab_enabled"] is True
