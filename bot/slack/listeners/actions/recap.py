"""The Recap button (from the nudge after a meeting) and "Add another" inside the recap modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.recap import own_conversation, recap_state
from bot.slack.blocks.recap import recap_form
from bot.slack.deps import Deps
from bot.slack.ids import Action, RecapRef, decode
from bot.slack.listeners.commands.recap import open_recap
from bot.slack.parse_recap import recap_input
from bot.slack.payload_shape import form_view
from bot.slack.recap_forms import form_with_typed


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_RECAP)
    def recap_button(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_recap(
            deps,
            client,
            team_id=str(body["team"]["id"]),
            user_id=str(body["user"]["id"]),
            trigger_id=str(body["trigger_id"]),
        )

    @app.action(Action.RECAP_ADD_ROW)
    def add_row(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = form_view(body)
        ref = decode(RecapRef, view.get("private_metadata"))
        typed = recap_input(view["state"]["values"], ref)
        with deps.sessions.begin() as session:
            conversation = own_conversation(
                session,
                team_id=str(body["team"]["id"]),
                conversation_id=ref.conversation_id,
                slack_user_id=str(body["user"]["id"]),
            )
            form = form_with_typed(recap_state(session, conversation), typed, extra_rows=1)
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=recap_form(form).to_dict())
