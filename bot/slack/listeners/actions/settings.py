"""The "Settings" button (App Home and messages) opens the setup modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.ids import Action
from bot.slack.listeners.commands.settings import load_prefill, open_setup


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_SETTINGS)
    def open_settings(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id = str(body["user"]["id"])
        prefill = load_prefill(deps, team_id=str(body["team"]["id"]), user_id=user_id)
        open_setup(client, trigger_id=str(body["trigger_id"]), user_id=user_id, prefill=prefill, channel_id=None)
