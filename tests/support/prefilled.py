"""A modal's state as Slack would submit it untouched: each input's initial value, so a test can check
that a form reads back exactly what it was built with."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def _submitted(element: Json) -> Json:
    kind = element["type"]
    value: Json = {"type": kind}
    if kind == "plain_text_input":
        value["value"] = element.get("initial_value")
    elif kind in ("static_select", "radio_buttons"):
        value["selected_option"] = element.get("initial_option")
    elif kind == "checkboxes":
        value["selected_options"] = element.get("initial_options") or []
    elif kind == "multi_users_select":
        value["selected_users"] = element.get("initial_users") or []
    elif kind == "users_select":
        value["selected_user"] = element.get("initial_user")
    elif kind == "datepicker":
        value["selected_date"] = element.get("initial_date")
    elif kind == "timepicker":
        value["selected_time"] = element.get("initial_time")
    elif kind == "conversations_select":
        value["selected_conversation"] = element.get("initial_conversation")
    return value


def untouched(view: Json) -> dict[str, dict[str, Json]]:
    """`view.state.values` for a submission of `view` (a built view's dict) as it was opened."""
    return {
        block["block_id"]: {block["element"]["action_id"]: _submitted(block["element"])}
        for block in view["blocks"]
        if block["type"] == "input"
    }


def input_blocks(view: Json) -> list[str]:
    return [block["block_id"] for block in view["blocks"] if block["type"] == "input"]
