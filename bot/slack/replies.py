"""Answer a click where it came from: redraw the clicked message, reply ephemerally through its
response_url or by direct message from the App Home (which has none), or redraw an action-item list."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack.blocks.common import Message
from bot.slack.calls import ActionCall
from bot.slack.response_urls import ResponseUrls
from bot.slack.values import ItemRef

logger = logging.getLogger(__name__)


def post_ephemeral(response_url: str, message: Message, *, replace: bool) -> None:
    response = WebhookClient(response_url).send(
        response_type="ephemeral", replace_original=replace, **message.as_kwargs()
    )
    if response.status_code != 200:
        # Response URLs expire after 30 minutes; the change itself is saved either way.
        logger.warning("response_url answered %s: %s", response.status_code, response.body)


def replace_clicked(client: WebClient, call: ActionCall, message: Message) -> None:
    """Show `message` in place of the clicked message. The change is saved either way, so a Slack
    refusal (the message was deleted, or is too old to edit) is logged, not shown as a failure."""
    channel, ts = call.clicked.channel, call.clicked.ts
    if channel is None or ts is None:
        return
    try:
        client.chat_update(channel=channel, ts=ts, **message.as_kwargs())
    except SlackApiError as error:
        logger.warning("could not redraw a clicked message: %s", error.response.get("error"))


def reply_to_click(client: WebClient, call: ActionCall, message: Message) -> None:
    """From a message, an ephemeral reply; from App Home (no response_url), a direct message."""
    if call.response_url:
        post_ephemeral(call.response_url, message, replace=False)
    else:
        client.chat_postMessage(channel=call.user_id, **message.as_kwargs())


def origin(call: ActionCall, ref: ItemRef) -> ItemRef:
    """`ref` plus where the clicked message lives: channel/ts for a posted one, a response_url for an ephemeral."""
    if call.clicked.posted_message:
        return ItemRef(item_id=ref.item_id, surface=ref.surface, channel=call.clicked.channel, ts=call.clicked.ts)
    return ItemRef(item_id=ref.item_id, surface=ref.surface, response_url=call.response_url)


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
