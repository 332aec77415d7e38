"""Meeting request forms: the employee's request, and the manager's proposal of another time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import meeting_request as domain
from bot.slack import parse
from bot.slack.blocks.common import Message
from bot.slack.blocks.request import manager_countered
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.ids import Action, Block, Callback, RequestRef
from bot.slack.submit import refuse, submit

FIELD_BLOCKS = {
    domain.F_MESSAGE: Block.REQUEST_MESSAGE,
    domain.F_DATE: Block.REQUEST_DATE,
    domain.F_TIME: Block.REQUEST_TIME,
}

Copy = tuple[str | None, str | None, Message]  # the manager's DM (channel, ts) and what it becomes


def block_for(field: str) -> str:
    return FIELD_BLOCKS[field]


def _slot(state: parse.State) -> tuple[datetime | None, dict[str, str]]:
    """The picked local date and time, or the field errors for whichever is empty."""
    day = parse.selected_date(state, Block.REQUEST_DATE, Action.REQUEST_DATE)
    at = parse.selected_time(state, Block.REQUEST_TIME, Action.REQUEST_TIME)
    if day is None or at is None:
        return None, domain.missing_slot(meeting_date=day, meeting_time=at)
    return datetime.combine(day, at), {}


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.REQUEST_FORM)
    def request_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        call = ViewCall.parse(body, view)
        message = parse.text_value(call.values, Block.REQUEST_MESSAGE, Action.REQUEST_MESSAGE)
        proposed, missing = _slot(call.values)
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
        counter, missing = _slot(call.values)
        if counter is None:
            refuse(ack, missing, block_for)
            return

        def propose(work: Work) -> Copy:
            request = domain.counter_request(
                work.session,
                team_id=call.team_id,
                request_id=ref.request_id,
                actor_slack_id=call.user_id,
                counter_local=counter,
                now=work.now,
            )
            assert request.counter_at is not None
            answered = manager_countered(
                employee_user_id=request.employee.slack_user_id,
                proposed_at=request.proposed_at,
                counter_at=request.counter_at,
                tz=request.manager.tz,
            )
            return request.manager_channel, request.manager_ts, answered

        def update_copy(copy: Copy) -> None:
            channel, ts, answered = copy
            if channel and ts:
                client.chat_update(channel=channel, ts=ts, **answered.as_kwargs())

        submit(ack, deps, call, propose, block_for=block_for, after=update_copy)
