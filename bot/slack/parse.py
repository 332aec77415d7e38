"""Read values out of submitted view state, tolerant of fields left empty."""

from __future__ import annotations

from datetime import date, time
from typing import Any

State = dict[str, dict[str, dict[str, Any]]]


def _element(state: State, block_id: str, action_id: str) -> dict[str, Any]:
    return state.get(block_id, {}).get(action_id, {}) or {}


def selected_user(state: State, block_id: str, action_id: str) -> str | None:
    value = _element(state, block_id, action_id).get("selected_user")
    return str(value) if value else None


def selected_option(state: State, block_id: str, action_id: str) -> str | None:
    option = _element(state, block_id, action_id).get("selected_option") or {}
    value = option.get("value")
    return str(value) if value else None


def selected_date(state: State, block_id: str, action_id: str) -> date | None:
    value = _element(state, block_id, action_id).get("selected_date")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def selected_time(state: State, block_id: str, action_id: str) -> time | None:
    value = _element(state, block_id, action_id).get("selected_time")
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def text_value(state: State, block_id: str, action_id: str) -> str:
    value = _element(state, block_id, action_id).get("value")
    return str(value) if value else ""


def selected_users(state: State, block_id: str, action_id: str) -> list[str]:
    return [str(u) for u in _element(state, block_id, action_id).get("selected_users") or []]


def checked_values(state: State, block_id: str, action_id: str) -> set[str]:
    return {str(o.get("value")) for o in _element(state, block_id, action_id).get("selected_options") or []}


def selected_radio(state: State, block_id: str, action_id: str) -> str | None:
    return selected_option(state, block_id, action_id)
