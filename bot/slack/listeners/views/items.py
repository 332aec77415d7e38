"""Action item modals: the reason an item is blocked, and an edit of its text and due date."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain import items as domain
from bot.domain.errors import Conflict, InvalidInput
from bot.domain.item_views import viewer_tz
from bot.models import ItemStatus
from bot.slack import parse
from bot.slack.deps import Deps, unit_of_work
from bot.slack.ids import Action, Block, Callback, ItemRef, decode
from bot.slack.listeners.actions.items import refresh
from bot.slack.listeners.commands.items import list_after_change
from bot.slack.request_keys import view_key

FIELD_BLOCKS = {domain.F_TEXT: Block.ITEM_TEXT, domain.F_DUE: Block.ITEM_DUE, domain.F_REASON: Block.ITEM_REASON}


def _on_blocks(errors: dict[str, str], fallback: Block) -> dict[str, str]:
    return {FIELD_BLOCKS.get(field, fallback): message for field, message in errors.items()}


def _ids(body: dict[str, Any], view: dict[str, Any]) -> tuple[str, str]:
    team_id = body["team"]["id"] if body.get("team") else view["team_id"]
    return str(team_id), str(body["user"]["id"])


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.ITEM_BLOCKED)
    def blocked_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        ref = decode(ItemRef, view.get("private_metadata"))
        reason = parse.text_value(view["state"]["values"], Block.ITEM_REASON, Action.ITEM_REASON)
        team_id, user_id = _ids(body, view)
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                work.once(team_id, view_key(view))
                item = domain.change_status(
                    work.session,
                    team_id=team_id,
                    item_id=ref.item_id,
                    slack_user_id=user_id,
                    to=ItemStatus.BLOCKED,
                    now=now,
                    note=reason,
                )
                message = list_after_change(
                    work.session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now, changed=item
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_on_blocks(error.errors, Block.ITEM_REASON))
            return
        except Conflict as error:  # closed by the other person while this form was open
            ack(response_action="errors", errors={Block.ITEM_REASON: error.message})
            return
        ack()
        work.send()
        refresh(client, ref, message)

    @app.view(Callback.ITEM_EDIT)
    def edit_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        ref = decode(ItemRef, view.get("private_metadata"))
        state = view["state"]["values"]
        text = parse.text_value(state, Block.ITEM_TEXT, Action.ITEM_TEXT)
        due = parse.selected_date(state, Block.ITEM_DUE, Action.ITEM_DUE)
        team_id, user_id = _ids(body, view)
        now = deps.clock()
        try:
            with unit_of_work(deps, now, send=False) as work:
                # "In the past" is judged by the editor's calendar, not UTC's.
                work.once(team_id, view_key(view))
                tz = viewer_tz(work.session, team_id=team_id, slack_user_id=user_id)
                domain.edit_item(
                    work.session,
                    team_id=team_id,
                    item_id=ref.item_id,
                    slack_user_id=user_id,
                    text=text,
                    due=due,
                    today=now.astimezone(ZoneInfo(tz)).date(),
                    now=now,
                )
                message = list_after_change(
                    work.session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now
                )
        except InvalidInput as error:
            ack(response_action="errors", errors=_on_blocks(error.errors, Block.ITEM_TEXT))
            return
        ack()
        work.send()
        refresh(client, ref, message)
