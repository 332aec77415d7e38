"""Meeting request forms: the employee's request, and the manager's proposal of another time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import meeting_request as domain
from bot.domain.errors import InvalidInput
from bot.domain.meeting_request_answers import counter_request
from bot.slack import parse
from bot.slack.blocks.request import manager_countered
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, Block, Callback, RequestRef, decode
from bot.slack.request_keys import view_key

FIELD_BLOCKS = {
    domain.F_MESSAGE: Block.REQUEST_MESSAGE,
    domain.F_DATE: Block.REQUEST_DATE,
    domain.F_TIME: Block.REQUEST_TIME,
}


def _on_blocks(errors: dict[str, str]) -> dict[str, str]:
    return {FIELD_BLOCKS[field]: message for field, message in errors.items()}


def _slot(state: parse.State) -> tuple[datetime | None, dict[str, str]]:
    """The picked local date and time, or the field errors for whichever is empty."""
    day = parse.selected_date(state, Block.REQUEST_DATE, Action.REQUEST_DATE)
    at = parse.selected_time(state, Block.REQUEST_TIME, Action.REQUEST_TIME)
    if day is None or at is None:
        return None, domain.missing_slot(meeting_date=day, meeting_time=at)
    return datetime.combine(day, at), {}


def _team_id(body: dict[str, Any], view: dict[str, Any]) -> str:
    return str(body["team"]["id"] if body.get("team") else view["team_id"])


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.REQUEST_FORM)
    def request_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        message = parse.text_value(state, Block.REQUEST_MESSAGE, Action.REQUEST_MESSAGE)
        proposed, missing = _slot(state)
        if proposed is None:
            ack(response_action="errors", errors=_on_blocks(domain.validate_message(message) | missing))
            return
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(_team_id(body, view), view_key(view))
                domain.create_request(
                    work.session,
                    team_id=_team_id(body, view),
                    employee_slack_id=str(body["user"]["id"]),
                    message=message,
                    proposed_local=proposed,
                    now=now,
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_on_blocks(error.errors))
            return
        ack()
        work.send()

    @app.view(Callback.REQUEST_COUNTER)
    def counter_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        ref = decode(RequestRef, view.get("private_metadata"))
        counter, missing = _slot(view["state"]["values"])
        if counter is None:
            ack(response_action="errors", errors=_on_blocks(missing))
            return
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(_team_id(body, view), view_key(view))
                request = counter_request(
                    work.session,
                    team_id=_team_id(body, view),
                    request_id=ref.request_id,
                    actor_slack_id=str(body["user"]["id"]),
                    counter_local=counter,
                    now=now,
                )
                assert request.counter_at is not None
                copy = request.manager_channel, request.manager_ts
                answered = manager_countered(
                    employee_user_id=request.employee.slack_user_id,
                    proposed_at=request.proposed_at,
                    counter_at=request.counter_at,
                    tz=request.manager.tz,
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_on_blocks(error.errors))
            return
        ack()
        work.send()
        if copy[0] and copy[1]:
            client.chat_update(channel=copy[0], ts=copy[1], **answered.as_kwargs())
