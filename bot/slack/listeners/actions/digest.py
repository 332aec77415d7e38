"""The "Stop this digest" button, in a digest and in the `digest` overview: only its owner may use it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.digest.subscriptions import stop_subscription
from bot.slack.blocks.digest_replies import stopped
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action
from bot.slack.replies import reply_to_click
from bot.slack.values import DigestRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.DIGEST_OFF)
    def stop(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(DigestRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            view = stop_subscription(
                work.session,
                team_id=call.team_id,
                subscription_id=ref.subscription_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            message = stopped(view, view.scope)
        reply_to_click(client, call, message)
