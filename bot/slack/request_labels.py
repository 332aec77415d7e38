"""What metrics and log lines may say about a Slack request: which listener it is for, from a closed set of
ids (never the text typed after the command), its workspace, and a stable id that is no secret."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.slack.ids import COMMAND, SUBCOMMAND_NAMES, Action, Callback, Event

OTHER = "other"
# The command with no word after it (it opens the prep form).
DEFAULT = "default"
_ACTIONS = frozenset(a.value for a in Action)
_CALLBACKS = frozenset(c.value for c in Callback)
_EVENTS = frozenset(e.value for e in Event)
_TEAM_ID = re.compile(r"^[TE][A-Z0-9]{1,31}$")
# Interaction payload types Bolt routes by a callback id, and those routed by an action id.
_BY_CALLBACK = frozenset(("view_submission", "view_closed", "shortcut", "message_action"))
_BY_ACTION = frozenset(("block_actions", "block_suggestion"))


@dataclass(frozen=True)
class Listener:
    """The kind of request (command, block_actions, view_submission, event, …) and the listener's id."""

    kind: str
    name: str


def listener_of(body: Mapping[str, Any]) -> Listener:
    """Which listener `body` is for; "other" for anything the bot registers no listener for."""
    if "command" in body:
        return Listener("command", _subcommand(body) if body.get("command") == COMMAND else OTHER)
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        return Listener("event", _known(event_type, _EVENTS))
    if kind in _BY_ACTION:
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else body
        return Listener(str(kind), _known(first.get("action_id"), _ACTIONS))
    if kind in _BY_CALLBACK:
        view = body.get("view")
        callback = view.get("callback_id") if isinstance(view, dict) else body.get("callback_id")
        return Listener(str(kind), _known(callback, _CALLBACKS))
    if kind == "url_verification":
        return Listener("url_verification", OTHER)
    return Listener(OTHER, OTHER)


def team_of(body: Mapping[str, Any]) -> str | None:
    """The workspace a request comes from, when it says so plainly."""
    team = body.get("team")
    user = body.get("user")
    for candidate in (
        body.get("team_id"),
        team.get("id") if isinstance(team, dict) else None,
        user.get("team_id") if isinstance(user, dict) else None,
    ):
        if isinstance(candidate, str) and _TEAM_ID.match(candidate):
            return candidate
    return None


def request_id(body: Mapping[str, Any], headers: Mapping[str, Sequence[str] | str]) -> str:
    """A short id for one request, the same on every log line about it. It is a hash, so a trigger id
    (which could open a modal for a few seconds) never reaches a log. An event keeps its id through
    Slack's retries, so a retry is easy to match with the first try."""
    source = body.get("event_id") or body.get("trigger_id") or _header(headers, "x-slack-signature")
    if not source:
        source = repr(sorted((str(k), repr(v)) for k, v in body.items()))
    return hashlib.sha256(str(source).encode()).hexdigest()[:16]


def _subcommand(body: Mapping[str, Any]) -> str:
    words = str(body.get("text") or "").split(maxsplit=1)
    if not words:
        return DEFAULT
    return words[0].lower() if words[0].lower() in SUBCOMMAND_NAMES else OTHER


def _known(value: object, known: frozenset[str]) -> str:
    return value if isinstance(value, str) and value in known else OTHER


def _header(headers: Mapping[str, Sequence[str] | str], name: str) -> str:
    values = headers.get(name)
    if isinstance(values, str):
        return values
    return str(values[0]) if values else ""
