"""Mid-year reflection buttons: still true / changed / done on a line (the DM is redrawn with the
answer), and "what changed", which opens the note form. Only the employee it is for may use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.reflections import CHANGED, DONE, STILL_TRUE, answer_line, reflection_for, view_of
from bot.slack.blocks.reflection import reflection_message
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.reflection import note_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import ReflectionLineRef, ReflectionNoteRef

ANSWER_ACTIONS = {
    Action.REFLECTION_STILL_TRUE: STILL_TRUE,
    Action.REFLECTION_CHANGED: CHANGED,
    Action.REFLECTION_DONE: DONE,
}
Listener = Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]


def register(app: App, deps: Deps) -> None:
    def answering(answer: str) -> Listener:
        def answered(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
            ack()
            call = ActionCall.parse(body, action)
            ref = call.ref(ReflectionLineRef)
            with unit_of_work(deps, deps.clock()) as work:
                work.once(call.team_id, call.key)
                reflection = answer_line(
                    work.session,
                    team_id=call.team_id,
                    reflection_id=ref.reflection_id,
                    slack_user_id=call.user_id,
                    key=ref.key,
                    answer=answer,
                    now=work.now,
                )
                message = reflection_message(view_of(work.session, reflection))
            replace_clicked(client, call, message)

        return answered

    for action_id, answer in ANSWER_ACTIONS.items():
        app.action(action_id)(answering(answer))

    @app.action(Action.REFLECTION_NOTE)
    def note(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(ReflectionNoteRef)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with reading(deps) as session:
            reflection = reflection_for(
                session, team_id=call.team_id, reflection_id=ref.reflection_id, slack_user_id=call.user_id
            )
            where = ReflectionNoteRef(reflection_id=reflection.id, channel=call.clicked.channel, ts=call.clicked.ts)
            view = note_modal(view_of(session, reflection), where)
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
