"""Action item buttons: open the list, move an item on, and open the Blocked and Edit modals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.errors import Conflict
from bot.domain.item_views import viewer_tz
from bot.domain.items import change_status, ensure_open, item_for, other_party
from bot.models import ItemStatus
from bot.slack.blocks.items import ITEMS_SURFACE
from bot.slack.calls import ActionCall
from bot.slack.deps import Deps, reading, unit_of_work
from bot.slack.forms.items import blocked_modal, edit_modal
from bot.slack.ids import Action
from bot.slack.item_lists import list_after_change, surface_message
from bot.slack.replies import origin, refresh, reply_to_click
from bot.slack.values import ItemRef

MOVES = {
    Action.ITEM_DONE: ItemStatus.DONE,
    Action.ITEM_STILL_ON_IT: ItemStatus.IN_PROGRESS,
    Action.ITEM_DROP: ItemStatus.DROPPED,
}
Listener = Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_ITEMS)
    def open_items(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        with reading(deps) as session:
            message = surface_message(
                session, team_id=call.team_id, slack_user_id=call.user_id, surface=ITEMS_SURFACE, now=deps.clock()
            )
        reply_to_click(client, call, message)

    def move(to: ItemStatus) -> Listener:
        def moved(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
            ack()
            call = ActionCall.parse(body, action)
            ref = call.ref(ItemRef)
            team_id, user_id = call.team_id, call.user_id
            now = deps.clock()
            try:
                with unit_of_work(deps, now) as work:
                    work.once(team_id, call.key)
                    item = change_status(
                        work.session, team_id=team_id, item_id=ref.item_id, slack_user_id=user_id, to=to, now=now
                    )
                    message = list_after_change(
                        work.session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now, changed=item
                    )
            except Conflict:
                # The list was out of date: show the current one, and let the edge say why nothing changed.
                with reading(deps) as session:
                    current = list_after_change(
                        session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now
                    )
                if current is None:  # clicked on the App Home
                    deps.refresh_later((team_id, user_id))
                refresh(client, origin(call, ref), current)
                raise
            refresh(client, origin(call, ref), message)

        return moved

    for action_id, to in MOVES.items():
        app.action(action_id)(move(to))

    @app.action(Action.ITEM_BLOCKED)
    def blocked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(ItemRef)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with reading(deps) as session:
            item = item_for(session, team_id=call.team_id, item_id=ref.item_id, slack_user_id=call.user_id)
            ensure_open(item, slack_user_id=call.user_id, to=ItemStatus.BLOCKED)
            other = other_party(item, slack_user_id=call.user_id)
            view = blocked_modal(ref=origin(call, ref), text=item.text, other_user_id=other.slack_user_id)
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())

    @app.action(Action.ITEM_EDIT)
    def edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        call = ActionCall.parse(body, action)
        ref = call.ref(ItemRef)
        with reading(deps) as session:
            item = item_for(session, team_id=call.team_id, item_id=ref.item_id, slack_user_id=call.user_id)
            tz = viewer_tz(session, team_id=call.team_id, slack_user_id=call.user_id)
            view = edit_modal(ref=origin(call, ref), text=item.text, due=item.due_date, tz=tz)
        client.views_open(trigger_id=call.trigger_id, view=view.to_dict())
