"""What a verified Slack request must look like before Bolt reads it: parsed correctly, and carrying
every field the listeners (and Bolt's own argument builder) rely on, well typed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from bot.domain.errors import NotFound
from bot.slack.parse import is_user_id

NOT_IN_A_FORM = "This button belongs to a form that is no longer open. Run the command again to get a fresh one."


def parse(raw: str, content_type: str | None) -> dict[str, Any]:
    """The request body as a dict; ValueError for anything that is not a JSON object or a form.

    Unlike Bolt's parser, a slash command whose text merely mentions "payload" stays a command."""
    if content_type == "application/json" or raw.startswith("{"):
        parsed: object = json.loads(raw) if raw else {}
    else:
        params = dict(parse_qsl(raw, keep_blank_values=True))
        parsed = json.loads(params["payload"]) if "payload" in params else params
    if not isinstance(parsed, dict):
        raise ValueError("the body is not a JSON object")
    return parsed


def malformed(body: dict[str, Any]) -> str | None:
    """Why a verified body can't be served (a field listeners rely on is missing or mistyped), or None."""
    if body.get("command") is not None:
        return _missing(body, {"team_id": str, "user_id": str, "text": str, "trigger_id": str}) or _user(
            body.get("user_id")
        )
    kind = body.get("type")
    if kind in ("block_actions", "view_submission", "view_closed"):
        user = body.get("user")
        if not isinstance(user, dict) or _user(user.get("id")) is not None:
            return "user.id"
        if not isinstance(body.get("team"), dict) and not isinstance((body.get("view") or {}).get("team_id"), str):
            return "team"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(_action_ok(a) for a in actions):
            return "actions"
        if not isinstance(body.get("trigger_id"), str):  # Slack sends one with every click; forms open with it
            return "trigger_id"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict):
            return "view"
        problem = _missing(view, {"id": str, "callback_id": str, "type": str})
        if problem is None and kind == "view_submission":
            state = view.get("state")
            if not isinstance(state, dict) or not isinstance(state.get("values"), dict):
                problem = "view.state.values"
        if problem is None and not isinstance(view.get("private_metadata", ""), str):
            problem = "view.private_metadata"
        return problem
    if kind == "event_callback":
        return _event_problem(body.get("event"))
    return None


def _event_problem(event: object) -> str | None:
    """The fields the subscribed events' listeners read, shaped as Slack sends them."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return "event"
    kind = event["type"]
    if kind == "user_change":
        user = event.get("user")
        if not isinstance(user, dict) or _user(user.get("id")) is not None:
            return "event.user"
    if kind == "app_home_opened" and _user(event.get("user")) is not None:
        return "event.user"
    if kind == "tokens_revoked":
        tokens = event.get("tokens", {})
        if not isinstance(tokens, dict) or not all(isinstance(tokens.get(k, []), list) for k in ("bot", "oauth")):
            return "event.tokens"
    return None


def _missing(data: dict[str, Any], fields: dict[str, type]) -> str | None:
    for name, kind in fields.items():
        if not isinstance(data.get(name), kind):
            return name
    return None


def _user(value: object) -> str | None:
    return None if is_user_id(value) else "user_id"


def _action_ok(action: object) -> bool:
    return isinstance(action, dict) and isinstance(action.get("action_id"), str)


def form_view(body: dict[str, Any]) -> dict[str, Any]:
    """The modal a button sits in; a click that comes from anywhere else is refused plainly."""
    view = body.get("view")
    if not isinstance(view, dict) or not isinstance(view.get("id"), str):
        raise NotFound(NOT_IN_A_FORM)
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    return {**view, "state": {"values": values if isinstance(values, dict) else {}}}
