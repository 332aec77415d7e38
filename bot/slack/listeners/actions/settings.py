"""The "Settings" button (App Home and messages) opens the setup modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import openers
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps
from bot.slack.ids import Action


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_SETTINGS)
    def open_settings(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        openers.open_settings(
            deps, client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id, channel_id=None
        )
