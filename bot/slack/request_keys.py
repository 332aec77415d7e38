"""What identifies one Slack request, so a replay or a retry is handled once; when an event happened;
and the decorator that answers a replay without acting on it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, ParamSpec

logger = logging.getLogger(__name__)
P = ParamSpec("P")


def view_key(view: dict[str, Any]) -> str:
    """One submission of one version of a modal: its id, Slack's hash (new whenever the view changes)
    and what was typed. A replay, or a second click on Submit, repeats all three."""
    values = json.dumps((view.get("state") or {}).get("values"), sort_keys=True)
    return f"view:{view.get('id')}:{view.get('hash')}:{values}"


def action_key(body: dict[str, Any], action: dict[str, Any]) -> str:
    """One click: the user and the whole action, which carries Slack's action_ts (new on every click)
    besides the control's ids and value."""
    user = (body.get("user") or {}).get("id")
    return f"action:{user}:{json.dumps(action, sort_keys=True)}"


def command_key(body: dict[str, Any]) -> str:
    """One slash command: Slack gives every invocation its own trigger_id."""
    return f"command:{body.get('user_id')}:{body.get('trigger_id')}"


def event_key(body: dict[str, Any]) -> str:
    """One event, whatever the number of retries (X-Slack-Retry-Num) Slack sends of it."""
    event_id = body.get("event_id")
    return f"event:{event_id}" if event_id else "event:" + json.dumps(body, sort_keys=True)


def event_team(body: dict[str, Any]) -> str | None:
    """The workspace an event is for, or None (logged) for an org-wide Enterprise Grid event."""
    team_id = body.get("team_id")
    if team_id:
        return str(team_id)
    event_type = (body.get("event") or {}).get("type")
    if body.get("enterprise_id"):
        logger.warning(
            "ignored %s from Enterprise Grid organization %s: org-wide installs are not supported",
            event_type,
            body.get("enterprise_id"),
        )
    else:
        logger.warning("ignored %s: it names no workspace (team_id)", event_type)
    return None


def event_at(body: dict[str, Any]) -> datetime | None:
    """When the event happened in Slack: the event's ts (to the microsecond), else the envelope's time."""
    for raw in ((body.get("event") or {}).get("event_ts"), body.get("event_time")):
        try:
            return datetime.fromtimestamp(float(str(raw)), UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    return None
