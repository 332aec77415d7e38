"""Whether the bot can post in a channel someone named, read with conversations.info / .list."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

_LIST_PAGES = 20


def channel_check(
    client: WebClient, *, channel_id: str | None, channel_name: str | None
) -> tuple[str | None, str | None]:
    """The channel's id and, if the bot can't post there, why (conversations.info / .list): by id
    when Slack gave one, else by name."""
    if channel_id is not None:
        try:
            info = client.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return channel_id, "not_found"
            raise
    else:
        info = _find_by_name(client, str(channel_name))
        if info is None:
            return None, "not_found"
    if info.get("is_im") or info.get("is_mpim"):
        return str(info["id"]), "not_a_channel"
    if info.get("is_archived"):
        return str(info["id"]), "archived"
    if not info.get("is_member"):
        return str(info["id"]), "not_member"
    return str(info["id"]), None


def _find_by_name(client: WebClient, name: str) -> dict[str, Any] | None:
    cursor: str | None = None
    for _ in range(_LIST_PAGES):
        page = client.conversations_list(
            types="public_channel,private_channel", exclude_archived=False, limit=1000, cursor=cursor
        )
        for channel in page.get("channels") or []:
            if name in (channel.get("name"), channel.get("name_normalized")):
                return dict(channel)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return None
    return None
