"""Meeting request buttons: accept the time on the table (either side), or propose another (manager)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.meeting_request_answers import accept_request, counter_target, reader_and_other
from bot.domain.people import people_of
from bot.slack.blocks.request import request_agreed
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.request import counter_modal
from bot.slack.ids import Action
from bot.slack.replies import replace_clicked
from bot.slack.values import RequestRef


def register(app: App, deps: Deps) -> None:
    @app.action(Action.REQUEST_ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(RequestRef)
        with unit_of_work(deps, deps.clock()) as work:
            work.once(call.team_id, call.key)
            request = accept_request(
                work.session, team_id=call.team_id, request_id=ref.request_id, actor_slack_id=call.user_id, now=work.now
            )
            reader, other = reader_and_other(work.session, request, slack_user_id=call.user_id)
            assert request.accepted_at is not None
            agreed = request_agreed(
                other_user_id=other.slack_user_id,
                at=request.accepted_at,
                tz=reader.tz,
                length_minutes=request.length_minutes,
            )
        replace_clicked(client, call, agreed)

    @app.action(Action.REQUEST_PROPOSE)
    def propose(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(RequestRef)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with reading(deps) as session:
            request = counter_target(
                session, team_id=call.team_id, request_id=ref.request_id, actor_slack_id=call.user_id
            )
            employee, manager = people_of(session, request)
            view = counter_modal(
                request_id=request.id,
                employee_user_id=employee.slack_user_id,
                proposed_at=request.proposed_at,
                tz=manager.tz,
            )
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
