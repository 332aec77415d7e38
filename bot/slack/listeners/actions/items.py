"""Action item buttons: open the list, move an item on, and open the Blocked and Edit modals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.domain.errors import Conflict
from bot.domain.item_views import viewer_tz
from bot.domain.items import change_status, ensure_open, item_for
from bot.models import ItemStatus
from bot.slack.blocks.common import Message
from bot.slack.blocks.items import ITEMS_SURFACE, blocked_modal, edit_modal
from bot.slack.deps import Deps, unit_of_work
from bot.slack.home_refresh import refresh_homes
from bot.slack.ids import Action, ItemRef, decode
from bot.slack.listeners.commands.items import list_after_change, surface_message
from bot.slack.request_keys import action_key
from bot.slack.response_urls import ResponseUrls

logger = logging.getLogger(__name__)

MOVES = {
    Action.ITEM_DONE: ItemStatus.DONE,
    Action.ITEM_STILL_ON_IT: ItemStatus.IN_PROGRESS,
    Action.ITEM_DROP: ItemStatus.DROPPED,
}
Listener = Callable[[Ack, dict[str, Any], dict[str, Any], WebClient], None]


def origin(body: dict[str, Any], ref: ItemRef) -> ItemRef:
    """`ref` plus where the clicked message lives: channel/ts for a posted one, a response_url for an ephemeral."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("type") == "message" and not container.get("is_ephemeral") and channel and ts:
        return ItemRef(item_id=ref.item_id, surface=ref.surface, channel=str(channel), ts=str(ts))
    url = body.get("response_url")
    return ItemRef(item_id=ref.item_id, surface=ref.surface, response_url=str(url) if url else None)


def post_ephemeral(response_url: str, message: Message, *, replace: bool) -> None:
    response = WebhookClient(response_url).send(
        response_type="ephemeral", replace_original=replace, **message.as_kwargs()
    )
    if response.status_code != 200:
        # Response URLs expire after 30 minutes; the change itself is saved either way.
        logger.warning("response_url answered %s: %s", response.status_code, response.body)


def refresh(client: WebClient, where: ItemRef, message: Message | None) -> None:
    """Replace the list the control sat in with `message`: update the DM message, or the ephemeral one."""
    if message is None:
        return  # the control sat on the App Home, re-published by the unit of work
    if where.channel and where.ts:
        try:
            client.chat_update(channel=where.channel, ts=where.ts, **message.as_kwargs())
        except SlackApiError as error:
            # The change is saved and the other person told; only the old list stays on screen.
            logger.warning("could not refresh an action item list: %s", error.response.get("error"))
    elif where.response_url and ResponseUrls(client.base_url).allowed(where.response_url):
        # The URL came back through private_metadata: still only ever one of Slack's own.
        post_ephemeral(where.response_url, message, replace=True)
    elif where.response_url:
        logger.warning("did not refresh a list: its response_url is not Slack's")


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return str(body["team"]["id"]), str(body["user"]["id"])


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_ITEMS)
    def open_items(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, user_id = _ids(body)
        with deps.sessions.begin() as session:
            message = surface_message(
                session, team_id=team_id, slack_user_id=user_id, surface=ITEMS_SURFACE, now=deps.clock()
            )
        if body.get("response_url"):
            post_ephemeral(str(body["response_url"]), message, replace=False)
        else:  # e.g. App Home, which has no response_url
            client.chat_postMessage(channel=user_id, **message.as_kwargs())

    def move(to: ItemStatus) -> Listener:
        def moved(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
            ack()
            ref = decode(ItemRef, action.get("value"))
            team_id, user_id = _ids(body)
            now = deps.clock()
            try:
                with unit_of_work(deps, now) as work:
                    work.once(team_id, action_key(body, action))
                    item = change_status(
                        work.session, team_id=team_id, item_id=ref.item_id, slack_user_id=user_id, to=to, now=now
                    )
                    message = list_after_change(
                        work.session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now, changed=item
                    )
            except Conflict:
                # The list was out of date: show the current one, and let the edge say why nothing changed.
                with deps.sessions.begin() as session:
                    current = list_after_change(
                        session, team_id=team_id, slack_user_id=user_id, surface=ref.surface, now=now
                    )
                if current is None:  # clicked on the App Home
                    refresh_homes(deps.settings, deps.sessions, [(team_id, user_id)], now)
                refresh(client, origin(body, ref), current)
                raise
            refresh(client, origin(body, ref), message)

        return moved

    for action_id, to in MOVES.items():
        app.action(action_id)(move(to))

    @app.action(Action.ITEM_BLOCKED)
    def blocked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(ItemRef, action.get("value"))
        team_id, user_id = _ids(body)
        # A quick read only: views.open must come within the trigger's 3 seconds.
        with deps.sessions.begin() as session:
            item = item_for(session, team_id=team_id, item_id=ref.item_id, slack_user_id=user_id)
            ensure_open(item, slack_user_id=user_id, to=ItemStatus.BLOCKED)
            other = item.counterpart if item.owner.slack_user_id == user_id else item.owner
            view = blocked_modal(ref=origin(body, ref), text=item.text, other_user_id=other.slack_user_id)
        client.views_open(trigger_id=str(body["trigger_id"]), view=view.to_dict())

    @app.action(Action.ITEM_EDIT)
    def edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = decode(ItemRef, action.get("value"))
        team_id, user_id = _ids(body)
        with deps.sessions.begin() as session:
            item = item_for(session, team_id=team_id, item_id=ref.item_id, slack_user_id=user_id)
            tz = viewer_tz(session, team_id=team_id, slack_user_id=user_id)
            view = edit_modal(ref=origin(body, ref), text=item.text, due=item.due_date, tz=tz)
        client.views_open(trigger_id=str(body["trigger_id"]), view=view.to_dict())
