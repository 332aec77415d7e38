"""Prep buttons: "Prep" (in reminders, App Home and notices) and "Edit answers" in the review."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.prep import prep_for
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading
from bot.slack.forms.prep import prep_form
from bot.slack.ids import Action
from bot.slack.openers import open_prep_or_setup
from bot.slack.values import PrepRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_PREP)
    def open_prep(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        open_prep_or_setup(
            deps, client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id, channel_id=None
        )

    @app.action(Action.PREP_EDIT)
    def edit_answers(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(PrepRef)
        with reading(deps) as session:
            state = prep_for(
                session, team_id=call.team_id, conversation_id=ref.conversation_id, slack_user_id=call.user_id
            )
        view = call.form()
        client.views_update(view_id=view.id, hash=view.hash, view=prep_form(state).to_dict())
