"""The "Export my data" button: the same export as `/career-prep export`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.blocks.common import Message
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps
from bot.slack.exports import run_export
from bot.slack.ids import Action
from bot.slack.replies import reply_to_click


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_EXPORT)
    def open_export(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)

        def tell(message: Message) -> None:
            reply_to_click(client, call, message)

        run_export(deps, client, team_id=call.team_id, user_id=call.user_id, tell=tell)
