"""The forget confirmation's submission: refuse without the checkbox, else delete and say what happened."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.forget import forget
from bot.slack import parse
from bot.slack.blocks.data import CHECK_REQUIRED, CONFIRM_VALUE, forgotten_view, nothing_to_delete_view
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, Block, Callback
from bot.slack.request_keys import replay_safe, view_key


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.FORGET_CONFIRM)
    @replay_safe
    def forget_confirmed(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        if CONFIRM_VALUE not in parse.checked_values(view["state"]["values"], Block.FORGET_CHECK, Action.FORGET_CHECK):
            ack(response_action="errors", errors={Block.FORGET_CHECK: CHECK_REQUIRED})
            return
        team_id = str(body["team"]["id"] if body.get("team") else view["team_id"])
        user_id = str(body["user"]["id"])
        now = deps.clock()
        # A quick transaction before ack, so the modal can say truthfully that the data is gone.
        with unit_of_work(deps, now, send=False) as work:
            work.once(team_id, view_key(view))  # a replay must not delete what was set up since
            result = forget(work.session, team_id=team_id, slack_user_id=user_id, now=now)
            work.refresh_home(team_id, user_id)  # their Home must stop showing what was deleted
        done = forgotten_view(result) if result is not None else nothing_to_delete_view()
        ack(response_action="update", view=done.to_dict())
        work.send()
