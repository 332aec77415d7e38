"""The App Home: published whenever someone opens it; its "See all" button lists past conversations."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.home import conversation_history
from bot.slack.blocks.home import HISTORY_MODAL_SHOWN, history_modal
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.home_refresh import publish_home
from bot.slack.ids import Action, Event
from bot.slack.request_keys import event_key, event_team


def register(app: App, deps: Deps) -> None:
    @app.event(Event.APP_HOME_OPENED)
    def home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        team_id = event_team(body)
        if event.get("tab") != "home" or team_id is None:
            return
        now = deps.clock()
        with unit_of_work(deps, now) as work:
            work.once(team_id, event_key(body))  # Slack's retry of a slow answer publishes nothing more
        publish_home(client, deps.sessions, team_id=team_id, slack_user_id=str(event["user"]), now=now)

    @app.action(Action.OPEN_HOME_HISTORY)
    def open_history(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with reading(deps) as session:
            history = conversation_history(
                session, team_id=call.team_id, slack_user_id=call.user_id, now=deps.clock(), limit=HISTORY_MODAL_SHOWN
            )
        view = history_modal(history.entries, total=history.total, tz=history.tz)
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
