"""The Recap button (from the nudge after a meeting) and "Add another" inside the recap modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.recap import own_conversation, recap_state
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading
from bot.slack.forms.recap import form_with_typed, recap_form, recap_input
from bot.slack.ids import Action
from bot.slack.openers import open_recap
from bot.slack.values import RecapRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_RECAP)
    def recap_button(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        open_recap(deps, client, team_id=call.team_id, user_id=call.user_id, trigger_id=call.trigger_id)

    @app.action(Action.RECAP_ADD_ROW)
    def add_row(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        view = call.form()
        ref = view.ref(RecapRef)
        typed = recap_input(view.values, ref)
        with reading(deps) as session:
            conversation = own_conversation(
                session, team_id=call.team_id, conversation_id=ref.conversation_id, slack_user_id=call.user_id
            )
            form = form_with_typed(recap_state(session, conversation), typed, extra_rows=1)
        client.views_update(view_id=view.id, hash=view.hash, view=recap_form(form).to_dict())
