"""Meeting request forms: the employee's request, and the manager's proposal of another time."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import meeting_request as domain
from bot.domain.meeting_request_answers import counter_request
from bot.domain.people import people_of
from bot.slack.blocks.common import Message
from bot.slack.blocks.request import manager_countered
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.request import block_for, picked_slot, typed_message
from bot.slack.ids import Callback
from bot.slack.submit import refuse, submit
from bot.slack.values import RequestRef

Copy = tuple[str | None, str | None, Message]  # the manager's DM (channel, ts) and what it becomes


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.REQUEST_FORM)
    def request_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        message = typed_message(call.values)
        proposed, missing = picked_slot(call.values)
        if proposed is None:
            refuse(ack, domain.validate_message(message) | missing, block_for)
            return

        def send(work: Work) -> None:
            domain.create_request(
                work.session,
                team_id=call.team_id,
                employee_slack_id=call.user_id,
                message=message,
                proposed_local=proposed,
                now=work.now,
            )

        submit(ack, deps, call, send, block_for=block_for)

    @app.view(Callback.REQUEST_COUNTER)
    def counter_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(RequestRef)
        counter, missing = picked_slot(call.values)
        if counter is None:
            refuse(ack, missing, block_for)
            return

        def propose(work: Work) -> Copy:
            request = counter_request(
                work.session,
                team_id=call.team_id,
                request_id=ref.request_id,
                actor_slack_id=call.user_id,
                counter_local=counter,
                now=work.now,
            )
            assert request.counter_at is not None
            employee, manager = people_of(work.session, request)
            answered = manager_countered(
                employee_user_id=employee.slack_user_id,
                proposed_at=request.proposed_at,
                counter_at=request.counter_at,
                tz=manager.tz,
            )
            return request.manager_channel, request.manager_ts, answered

        def update_copy(copy: Copy) -> None:
            channel, ts, answered = copy
            if channel and ts:
                client.chat_update(channel=channel, ts=ts, **answered.as_kwargs())

        submit(ack, deps, call, propose, block_for=block_for, after=update_copy)
