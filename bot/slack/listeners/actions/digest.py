"""The "Stop this digest" button, in a digest and in the `digest` overview: only its owner may use it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.digest_subscriptions import stop_subscription
from bot.slack.blocks.digest_replies import stopped
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, DigestRef, decode
from bot.slack.replies import post_ephemeral
from bot.slack.request_keys import action_key


def register(app: App, deps: Deps) -> None:
    @app.action(Action.DIGEST_OFF)
    def stop(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(DigestRef, action.get("value"))
        user_id = str(body["user"]["id"])
        now = deps.clock()
        with unit_of_work(deps, now) as work:
            work.once(str(body["team"]["id"]), action_key(body, action))
            view = stop_subscription(
                work.session,
                team_id=str(body["team"]["id"]),
                subscription_id=ref.subscription_id,
                actor_slack_id=user_id,
                now=now,
            )
            message = stopped(view, view.scope)
        if body.get("response_url"):
            post_ephemeral(str(body["response_url"]), message, replace=False)
        else:
            client.chat_postMessage(channel=user_id, **message.as_kwargs())
