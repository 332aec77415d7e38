"""Fake Slack Web API methods: auth, users, conversations, chat and apps."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from tests.support import blockkit_checks
from tests.support.fake_slack_records import BASE_EPOCH, SlackError
from tests.support.fake_slack_state import FakeSlackState

Params = dict[str, Any]
Handler = Callable[[FakeSlackState, Params, "str | None"], dict[str, Any]]


def require_str(params: Params, key: str, error: str) -> str:
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise SlackError(error)
    return value


def check_dm_user(state: FakeSlackState, user_id: str) -> None:
    user = state.user(user_id)
    if user is None:
        raise SlackError("user_not_found")
    if user["deleted"]:
        raise SlackError("user_disabled")
    if user["is_bot"]:
        raise SlackError("cannot_dm_bot")


def resolve_target(state: FakeSlackState, channel: str) -> str:
    """The channel id a post to ``channel`` lands in, or the error Slack would answer."""
    if (injected := state.channel_failure(channel)) is not None:
        raise SlackError(injected)
    known = state.channel(channel)
    if known is not None:
        if known["is_archived"]:
            raise SlackError("is_archived")
        if not known["is_member"]:
            raise SlackError("not_in_channel")
        return channel
    members = state.dm_members(channel)
    if members is None and state.user(channel) is not None:
        members = [channel]
    if members is None:
        raise SlackError("channel_not_found")
    for user_id in members:
        user = state.user(user_id)
        if user is None or user["deleted"]:
            raise SlackError("is_archived")
        if user["is_bot"]:
            raise SlackError("cannot_dm_bot")
    dm_id = state.canonical_channel(channel)
    state.register_dm(dm_id, members)
    return dm_id


def check_content(state: FakeSlackState, params: Params) -> None:
    """``no_text`` without text/blocks/attachments, then the Block Kit limits (when strict)."""
    text, blocks = params.get("text"), params.get("blocks")
    if not text and not blocks and not params.get("attachments"):
        raise SlackError("no_text")
    if not state.strict:
        return
    if (problem := blockkit_checks.classify_message(text, blocks)) is not None:
        raise SlackError(problem[0], problem[1], violation=True)


def message_object(state: FakeSlackState, stored: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {
        "type": "message",
        "user": state.bot_user_id,
        "bot_id": state.bot_id,
        "app_id": state.app_id,
        "team": state.team_id,
        "text": stored["text"],
        "ts": stored["ts"],
    }
    if stored["blocks"]:
        message["blocks"] = stored["blocks"]
    if stored["thread_ts"]:
        message["thread_ts"] = stored["thread_ts"]
    if stored.get("files"):
        message["files"] = [dict(f) for f in stored["files"]]
    if stored["updated"]:
        message["edited"] = {"user": state.bot_user_id, "ts": stored["edited_ts"]}
    return message


def find_message(state: FakeSlackState, params: Params) -> dict[str, Any]:
    channel = state.canonical_channel(require_str(params, "channel", "channel_not_found"))
    ts = require_str(params, "ts", "message_not_found")
    for message in state.store.messages:
        if message["channel"] == channel and message["ts"] == ts:
            return message
    raise SlackError("message_not_found")


# -- auth / users / apps ---------------------------------------------------------------------------


def auth_test(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    bot = state.user(state.bot_user_id) or {}
    return {
        "url": "https://career-prep-test.slack.com/",
        "team": state.team_name,
        "user": bot.get("name", "career-prep"),
        "team_id": state.team_id,
        "user_id": state.bot_user_id,
        "bot_id": state.bot_id,
        "is_enterprise_install": False,
    }


def users_info(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    user = state.user(require_str(params, "user", "user_not_found"))
    if user is None:
        raise SlackError("user_not_found")
    return {"user": user}


def users_list(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    return {"members": state.users(), "cache_ts": BASE_EPOCH, "response_metadata": {"next_cursor": ""}}


def apps_connections_open(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    if token is None or not token.startswith("xapp-"):
        raise SlackError("not_allowed_token_type")
    socket_url = getattr(state, "socket_url", None)  # FakeSlack, once its Socket Mode server is started
    return {"url": (socket_url() if socket_url else None) or "ws://127.0.0.1:1/"}


# -- conversations ---------------------------------------------------------------------------------


MPIM_MAX_USERS = 8


def conversations_open(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    users = params.get("users")
    user_ids = users if isinstance(users, list) else [u.strip() for u in str(users or "").split(",") if u.strip()]
    if not user_ids:
        channel = params.get("channel")
        if isinstance(channel, str) and state.dm_members(channel) is not None:
            return {"no_op": True, "already_open": True, "channel": {"id": channel}}
        raise SlackError("users_list_not_supplied" if not channel else "channel_not_found")
    if len(user_ids) > MPIM_MAX_USERS:
        raise SlackError("too_many_users")  # a group DM holds at most 8 people besides the app
    for user_id in user_ids:
        check_dm_user(state, user_id)
    if len(user_ids) == 1:
        channel_id = f"D{user_ids[0]}"
    else:
        channel_id = "G" + hashlib.sha1(",".join(sorted(user_ids)).encode()).hexdigest()[:10].upper()
    already = state.register_dm(channel_id, user_ids)
    return {"no_op": already, "already_open": already, "channel": {"id": channel_id}}


def conversations_info(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    channel_id = require_str(params, "channel", "channel_not_found")
    if (channel := state.channel(channel_id)) is not None:
        return {"channel": channel}
    members = state.dm_members(channel_id)
    if members is None:
        raise SlackError("channel_not_found")
    if len(members) > 1:
        return {"channel": {"id": channel_id, "is_mpim": True, "is_im": False, "created": BASE_EPOCH}}
    user = state.user(members[0]) or {}
    return {
        "channel": {
            "id": channel_id,
            "created": BASE_EPOCH,
            "is_im": True,
            "is_org_shared": False,
            "user": members[0],
            "is_user_deleted": bool(user.get("deleted")),
            "priority": 0,
        }
    }


def conversations_list(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    """Channels of the requested types; as in Slack, private ones only when the bot is a member."""
    types = {t.strip() for t in str(params.get("types") or "public_channel").split(",")}
    skip_archived = str(params.get("exclude_archived", "false")).lower() in ("true", "1")
    with state.lock:
        channels = list(state._channels.values())  # the fake state keeps no public list of channels
    listed = [
        dict(c)
        for c in channels
        if ("private_channel" if c["is_private"] else "public_channel") in types
        and (c["is_member"] or not c["is_private"])
        and not (skip_archived and c["is_archived"])
    ]
    return {"channels": listed, "response_metadata": {"next_cursor": ""}}


def conversations_join(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    channel_id = require_str(params, "channel", "channel_not_found")
    channel = state.channel(channel_id)
    if channel is None:
        raise SlackError("channel_not_found")
    if channel["is_archived"]:
        raise SlackError("is_archived")
    if channel["is_private"]:
        raise SlackError("method_not_supported_for_channel_type")
    answer: dict[str, Any] = {"channel": channel}
    if channel["is_member"]:
        answer["warning"] = "already_in_channel"
        answer["response_metadata"] = {"warnings": ["already_in_channel"]}
    channel["is_member"] = True
    return answer


# -- chat ------------------------------------------------------------------------------------------


def chat_post_message(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    channel = resolve_target(state, require_str(params, "channel", "channel_not_found"))
    check_content(state, params)
    stored = {
        "channel": channel,
        "ts": state.next_ts(),
        "text": params.get("text") or "",
        "blocks": params.get("blocks") or [],
        "thread_ts": params.get("thread_ts"),
        "updated": False,
        "edited_ts": None,
        "user": state.bot_user_id,
        "attachments": params.get("attachments"),
        "metadata": params.get("metadata"),
        "posted_at": time.time(),
    }
    state.store.messages.append(stored)
    return {"channel": channel, "ts": stored["ts"], "message": message_object(state, stored)}


def chat_update(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    message = find_message(state, params)
    if (injected := state.channel_failure(message["channel"])) is not None:
        raise SlackError(injected)
    check_content(state, params)
    if "text" in params:
        message["text"] = params["text"] or ""
    if "blocks" in params:
        message["blocks"] = params["blocks"] or []
    message["updated"] = True
    message["edited_ts"] = state.next_ts()
    return {
        "channel": message["channel"],
        "ts": message["ts"],
        "text": message["text"],
        "message": message_object(state, message),
    }


def chat_delete(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    """As Slack with a bot token: only the bot's own messages can go; a person's gets cant_delete_message."""
    message = find_message(state, params)
    if (injected := state.channel_failure(message["channel"])) is not None:
        raise SlackError(injected)
    if message["user"] != state.bot_user_id:
        raise SlackError("cant_delete_message")
    state.store.messages.remove(message)
    return {"channel": message["channel"], "ts": message["ts"]}


def chat_post_ephemeral(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    channel = resolve_target(state, require_str(params, "channel", "channel_not_found"))
    user = state.user(require_str(params, "user", "user_not_found"))
    if user is None or user["deleted"]:
        raise SlackError("user_not_found")
    check_content(state, params)
    ts = state.next_ts()
    state.store.ephemerals.append(
        {
            "channel": channel,
            "user": user["id"],
            "text": params.get("text") or "",
            "blocks": params.get("blocks") or [],
            "thread_ts": params.get("thread_ts"),
            "ts": ts,
        }
    )
    return {"message_ts": ts}


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "apps.connections.open": apps_connections_open,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.list": conversations_list,
    "conversations.join": conversations_join,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
}
