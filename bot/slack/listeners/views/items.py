"""Action item modals: the reason an item is blocked, and an edit of its text and due date."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import items as domain
from bot.domain.errors import Conflict, InvalidInput
from bot.domain.people import local_today
from bot.models import ItemStatus
from bot.slack.blocks.common import Message
from bot.slack.calls import ViewCall
from bot.slack.deps import Deps, Work
from bot.slack.forms.items import blocked_block_for, edit_block_for, typed_edit, typed_reason
from bot.slack.ids import Callback
from bot.slack.item_lists import list_after_change
from bot.slack.replies import refresh
from bot.slack.submit import submit
from bot.slack.values import ItemRef


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.ITEM_BLOCKED)
    def blocked_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(ItemRef)
        reason = typed_reason(call.values)

        def block(work: Work) -> Message | None:
            try:
                item = domain.change_status(
                    work.session,
                    team_id=call.team_id,
                    item_id=ref.item_id,
                    slack_user_id=call.user_id,
                    to=ItemStatus.BLOCKED,
                    now=work.now,
                    note=reason,
                )
            except Conflict as error:  # closed by the other person while this form was open
                raise InvalidInput({domain.F_REASON: error.message}) from error
            return list_after_change(
                work.session,
                team_id=call.team_id,
                slack_user_id=call.user_id,
                surface=ref.surface,
                now=work.now,
                changed=item,
            )

        submit(ack, deps, call, block, block_for=blocked_block_for, after=lambda message: refresh(client, ref, message))

    @app.view(Callback.ITEM_EDIT)
    def edit_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        call = ViewCall.parse(body, view)
        ref = call.ref(ItemRef)
        text, due = typed_edit(call.values)

        def edit(work: Work) -> Message | None:
            domain.edit_item(
                work.session,
                team_id=call.team_id,
                item_id=ref.item_id,
                slack_user_id=call.user_id,
                text=text,
                due=due,
                # "In the past" is judged by the editor's calendar, not UTC's.
                today=local_today(work.session, team_id=call.team_id, slack_user_id=call.user_id, now=work.now),
                now=work.now,
            )
            return list_after_change(
                work.session, team_id=call.team_id, slack_user_id=call.user_id, surface=ref.surface, now=work.now
            )

        submit(ack, deps, call, edit, block_for=edit_block_for, after=lambda message: refresh(client, ref, message))
