"""Read values out of submitted view state, tolerant of fields left empty, strict about what could harm:
user ids must look like Slack's before they become mentions, and typed text loses NUL and control bytes
(PostgreSQL refuses NUL in text; nobody means to type them)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bot.domain.errors import NotAllowed

State = dict[str, dict[str, dict[str, Any]]]

# A Slack user id: U… for people in the workspace, W… on Enterprise Grid.
USER_ID = re.compile(r"[UW][A-Z0-9]+")
USER_ID_MAX = 32  # people.slack_user_id is VARCHAR(32)
NOT_A_USER = "That isn't a person I can find in Slack. Pick someone from the list and try again."
# C0 controls and DEL, except tab, newline and carriage return, which typed text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ForgedUserId(NotAllowed):
    """A picker or payload carried something that is not a Slack user id (a forged request)."""

    def __init__(self) -> None:
        super().__init__(NOT_A_USER)


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= USER_ID_MAX and USER_ID.fullmatch(value) is not None


def user_id(value: object) -> str:
    """`value` if it is a Slack user id; otherwise the request is refused."""
    if not is_user_id(value):
        raise ForgedUserId()
    return str(value)


def clean_text(value: str) -> str:
    """Typed or profile text without NUL and other control bytes."""
    return _CONTROL.sub("", value)


def _element(state: State, block_id: str, action_id: str) -> dict[str, Any]:
    """The submitted element, or {} for anything missing or not shaped like Slack's (empty fields
    arrive as null; a forged body may put anything there)."""
    block = state.get(block_id) if isinstance(state, dict) else None
    element = block.get(action_id) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def selected_user(state: State, block_id: str, action_id: str) -> str | None:
    value = _element(state, block_id, action_id).get("selected_user")
    return user_id(value) if value else None


def selected_conversation(state: State, block_id: str, action_id: str) -> str | None:
    """A conversations_select's channel id; anything not shaped like a channel id counts as none."""
    value = _text(_element(state, block_id, action_id).get("selected_conversation"))
    return value if value is not None and re.fullmatch(r"[CG][A-Z0-9]{2,31}", value) else None


def selected_option(state: State, block_id: str, action_id: str) -> str | None:
    option = _element(state, block_id, action_id).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return _text(value)


def selected_date(state: State, block_id: str, action_id: str) -> date | None:
    value = _text(_element(state, block_id, action_id).get("selected_date"))
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def selected_time(state: State, block_id: str, action_id: str) -> time | None:
    value = _text(_element(state, block_id, action_id).get("selected_time"))
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def text_value(state: State, block_id: str, action_id: str) -> str:
    value = _element(state, block_id, action_id).get("value")
    return clean_text(value) if isinstance(value, str) else ""


def selected_users(state: State, block_id: str, action_id: str) -> list[str]:
    picked = _element(state, block_id, action_id).get("selected_users") or []
    return [user_id(u) for u in picked] if isinstance(picked, list) else [user_id(picked)]


def checked_values(state: State, block_id: str, action_id: str) -> set[str]:
    options = _element(state, block_id, action_id).get("selected_options")
    return {str(o.get("value")) for o in options if isinstance(o, dict)} if isinstance(options, list) else set()


def selected_radio(state: State, block_id: str, action_id: str) -> str | None:
    return selected_option(state, block_id, action_id)
