"""Prep buttons: "Prep" (in reminders, App Home and notices) and "Edit answers" in the review."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.prep import prep_for
from bot.slack.blocks.prep import prep_form
from bot.slack.deps import Deps
from bot.slack.ids import Action, PrepRef, decode
from bot.slack.listeners.commands.prep import open_prep_or_setup
from bot.slack.payload_shape import form_view


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_PREP)
    def open_prep(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_prep_or_setup(
            deps,
            client,
            team_id=str(body["team"]["id"]),
            user_id=str(body["user"]["id"]),
            trigger_id=str(body["trigger_id"]),
            channel_id=None,
        )

    @app.action(Action.PREP_EDIT)
    def edit_answers(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(PrepRef, action.get("value"))
        with deps.sessions.begin() as session:
            state = prep_for(
                session,
                team_id=str(body["team"]["id"]),
                conversation_id=ref.conversation_id,
                slack_user_id=str(body["user"]["id"]),
            )
        view = form_view(body)
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=prep_form(state).to_dict())
