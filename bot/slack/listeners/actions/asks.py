"""Ask buttons: Answer (the person asked opens the answer form), and the employee's consent to a redirect."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.ask_redirect import keep_between_us, pass_on
from bot.domain.ask_views import line_of
from bot.domain.asks import ask_for_answer
from bot.slack.blocks.asks import consent_answered
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.asks import answer_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import AskButton


def register(app: App, deps: Deps) -> None:
    @app.action(Action.ASK_ANSWER)
    def answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(AskButton)
        # A quick read only: views.open must come within the trigger's 3 seconds. Someone other than
        # the person asked, or a stale button, is refused here with a clear message.
        with reading(deps) as session:
            ask = ask_for_answer(session, team_id=call.team_id, ask_id=ref.ask_id, actor_slack_id=call.user_id)
            view = answer_modal(line_of(session, ask))
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())

    def consent(call: ActionCall, client: WebClient, *, passed: bool) -> None:
        ref = call.ref(AskButton)
        decide = pass_on if passed else keep_between_us
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            child = decide(
                work.session, team_id=call.team_id, ask_id=ref.ask_id, actor_slack_id=call.user_id, now=work.now
            )
            message = consent_answered(passed=passed, target_user_id=child.asked.slack_user_id)
        replace_clicked(client, call, message)

    @app.action(Action.ASK_PASS_ON)
    def pass_it_on(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        consent(ActionCall.parse(body, action), client, passed=True)

    @app.action(Action.ASK_KEEP)
    def keep_it(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        consent(ActionCall.parse(body, action), client, passed=False)
