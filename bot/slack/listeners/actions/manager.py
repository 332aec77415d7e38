"""The manager's answer to "does this person report to you?"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.people import person_by_id
from bot.domain.setup import confirm_manager, decline_manager
from bot.slack.blocks.setup_messages import manager_answered
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import SeriesRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.MANAGER_CONFIRM)
    @app.action(Action.MANAGER_DECLINE)
    def manager_answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(SeriesRef)
        confirmed = call.action_id == Action.MANAGER_CONFIRM
        answer = confirm_manager if confirmed else decline_manager
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            series = answer(
                work.session,
                team_id=call.team_id,
                series_id=ref.series_id,
                manager_id=ref.manager_id,
                actor_slack_id=call.user_id,
                now=work.now,
            )
            employee_user_id = person_by_id(work.session, series.employee_id).slack_user_id
        message = manager_answered(employee_user_id=employee_user_id, confirmed=confirmed)
        replace_clicked(client, call, message)
