"""`/career-prep digest [#channel|dm] [weekly|every 2 weeks] [day] [hour] [org]`, `digest off`, `digest`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.digest_subscriptions import DigestChoice, check_allowed, stop_digest, subscribe, subscriptions_of
from bot.domain.errors import InvalidInput
from bot.models import DigestScope
from bot.slack.blocks.digest_replies import channel_problem, overview, stopped, subscribed
from bot.slack.calls import CommandCall
from bot.slack.ids import COMMAND
from bot.slack.profiles import profile_from_user

# Slack sends a channel typed in an escaped command as <#C0123|name> (the name may be empty).
_CHANNEL_REF = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL_NAME = re.compile(r"^#([a-z0-9][a-z0-9._\-]{0,79})$")
_HOUR = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm|h)?$")
_EVERY_TWO = re.compile(r"\b(?:every\s+(?:2|two|other)\s+weeks?|bi-?weekly|fortnightly)\b")
_EVERY_ONE = re.compile(r"\b(?:every\s+week|weekly)\b")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FILLER = frozenset({"on", "at", "to", "in", "the", "every", "digest"})
_LIST_PAGES = 20
EXAMPLE = f"`{COMMAND} digest #channel every 2 weeks friday 15:00`"


@dataclass(frozen=True)
class DigestArgs:
    """The command's words, parsed; `channel_id`/`channel_name` both None means the DM."""

    action: str  # "show", "off" or "subscribe"
    scope: DigestScope = DigestScope.TEAM
    channel_id: str | None = None
    channel_name: str | None = None
    interval_weeks: int | None = None
    weekday: int | None = None
    hour: int | None = None


def _weekday(word: str) -> int | None:
    word = word.removesuffix("s") if len(word) > 4 else word
    return next((i for i, day in enumerate(_DAYS) if len(word) >= 3 and day.startswith(word)), None)


def _hour(word: str) -> int | None:
    match = _HOUR.match(word)
    if match is None:
        return None
    hour, minutes, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minutes:
        raise InvalidInput({"hour": "Digests go out on the hour: pick a time like `9`, `09:00` or `3pm`."})
    if suffix in ("am", "pm") and not 1 <= hour <= 12:
        raise InvalidInput({"hour": f"`{word}` isn't a time of day."})
    return hour % 12 + (12 if suffix == "pm" else 0) if suffix in ("am", "pm") else hour


def parse_digest(text: str) -> DigestArgs:
    """Read the words after `digest`; raises InvalidInput for anything it cannot place."""
    refs = _CHANNEL_REF.findall(text)
    rest = _CHANNEL_REF.sub(" ", text).lower()
    interval = 2 if _EVERY_TWO.search(rest) else 1 if _EVERY_ONE.search(rest) else None
    rest = _EVERY_ONE.sub(" ", _EVERY_TWO.sub(" ", rest))
    words = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", rest).split()
    found: dict[str, Any] = {"channel_id": refs[0][0], "channel_name": refs[0][1] or None} if refs else {}
    flags: set[str] = set()
    for word in words:
        if word in ("off", "stop"):
            flags.add("off")
        elif word in ("org", "workspace"):
            found["scope"] = DigestScope.ORG
        elif word in ("dm", "me", "team") or word in _FILLER:
            flags.add("dm" if word in ("dm", "me") else word)
        elif (name := _CHANNEL_NAME.match(word)) is not None:
            refs.append(("", name.group(1)))
            found["channel_name"] = name.group(1)
        elif (day := _weekday(word)) is not None:
            found["weekday"] = day
        elif (hour := _hour(word)) is not None:
            found["hour"] = hour
        else:
            raise InvalidInput(
                {"digest": f"I didn't understand `{word[:30]}`. Try {EXAMPLE}, or `{COMMAND} digest off`."}
            )
    if len(refs) > 1 or (refs and "dm" in flags):
        raise InvalidInput({"digest": "Pick one place for the digest: a single channel, or `dm`."})
    if "off" in flags:
        return DigestArgs("off", scope=found.get("scope", DigestScope.TEAM))
    if not text.strip():
        return DigestArgs("show")
    return DigestArgs("subscribe", interval_weeks=interval, **found)


def channel_check(client: WebClient, args: DigestArgs) -> tuple[str | None, str | None]:
    """The channel's id and, if the bot can't post there, why (conversations.info / .list)."""
    if args.channel_id is not None:
        try:
            info = client.conversations_info(channel=args.channel_id)["channel"]
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return args.channel_id, "not_found"
            raise
    else:
        info = _find_by_name(client, str(args.channel_name))
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


def digest_command(call: CommandCall) -> None:
    args = parse_digest(call.args)
    if args.action == "subscribe":
        _subscribe(call, args)
        return
    with call.deps.sessions.begin() as session:
        if args.action == "off":
            view = stop_digest(
                session, team_id=call.team_id, slack_user_id=call.user_id, scope=args.scope, now=call.deps.clock()
            )
            message = stopped(view, args.scope)
        else:
            message = overview(subscriptions_of(session, team_id=call.team_id, slack_user_id=call.user_id))
    call.reply(message)


def _subscribe(call: CommandCall, args: DigestArgs) -> None:
    """Who may, then whether the bot can post there (told at once if not), then save."""
    user = call.client.users_info(user=call.user_id)["user"]
    admin = bool(user.get("is_admin") or user.get("is_owner"))  # read at command time: roles change
    with call.deps.sessions.begin() as session:
        check_allowed(
            session, team_id=call.team_id, scope=args.scope, slack_user_id=call.user_id, workspace_admin=admin
        )
    channel_id, problem = channel_check(call.client, args) if args.channel_id or args.channel_name else (None, None)
    if problem is not None:
        call.reply(channel_problem(problem, channel_id=channel_id, channel_name=args.channel_name))
        return
    choice = DigestChoice(args.scope, channel_id, args.interval_weeks, args.weekday, args.hour)
    with call.deps.sessions.begin() as session:
        view = subscribe(
            session,
            team_id=call.team_id,
            profile=profile_from_user(user),
            workspace_admin=admin,
            choice=choice,
            now=call.deps.clock(),
        )
    call.reply(subscribed(view))
