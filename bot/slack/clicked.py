"""Redraw the message whose button was clicked, once the click's change is saved."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks.common import Message

logger = logging.getLogger(__name__)


def replace_clicked(client: WebClient, body: dict[str, Any], message: Message) -> None:
    """Show `message` in place of the clicked message. The change is saved either way, so a Slack
    refusal (the message was deleted, or is too old to edit) is logged, not shown as a failure."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if not channel or not ts:
        return
    try:
        client.chat_update(channel=str(channel), ts=str(ts), **message.as_kwargs())
    except SlackApiError as error:
        logger.warning("could not redraw a clicked message: %s", error.response.get("error"))
