"""The "Export my data" button: the same export as `/career-prep export`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.blocks.common import Message
from bot.slack.deps import Deps
from bot.slack.ids import Action
from bot.slack.listeners.commands.data import run_export


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_EXPORT)
    def open_export(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = str(body["user"]["id"])

        def tell(message: Message) -> None:
            # From a message, an ephemeral reply; from App Home (no response_url), a direct message.
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())
            else:
                client.chat_postMessage(channel=user_id, **message.as_kwargs())

        run_export(deps, client, team_id=str(body["team"]["id"]), user_id=user_id, tell=tell)
