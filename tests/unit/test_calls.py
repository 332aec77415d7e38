"""The typed parse of interaction payloads: who, where, and the control's or form's context."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.domain.errors import NotFound
from bot.slack.calls import ActionCall, Clicked, ViewCall
from bot.slack.ids import Action
from bot.slack.submit import field_errors
from bot.slack.values import ItemRef, PrepRef, SnoozeRef, encode


def click(action: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "trigger_id": "trig",
        "actions": [action],
        **extra,
    }


def test_a_button_click_names_the_workspace_person_trigger_and_value() -> None:
    value = encode(ItemRef(item_id=7, surface="items"))
    action = {"action_id": Action.ITEM_DONE, "value": value, "action_ts": "1.2"}
    call = ActionCall.parse(click(action, response_url="https://hooks.slack.com/x"), action)

    assert (call.team_id, call.user_id, call.trigger_id, call.action_id) == ("T1", "U1", "trig", Action.ITEM_DONE)
    assert call.response_url == "https://hooks.slack.com/x"
    assert call.ref(ItemRef) == ItemRef(item_id=7, surface="items")
    assert call.key.startswith("action:U1:")


def test_a_menu_choice_is_the_value_and_the_app_home_has_no_response_url() -> None:
    value = encode(SnoozeRef(delivery_id=3, until="hour"))
    action = {"action_id": Action.SNOOZE, "selected_option": {"value": value}}
    call = ActionCall.parse(click(action), action)

    assert call.ref(SnoozeRef) == SnoozeRef(delivery_id=3, until="hour")
    assert call.response_url is None


@pytest.mark.parametrize(
    ("container", "clicked", "editable"),
    [
        (
            {"type": "message", "channel_id": "D1", "message_ts": "1.5"},
            Clicked("message", "D1", "1.5", ephemeral=False),
            True,
        ),
        (
            {"type": "message", "channel_id": "C1", "message_ts": "1.5", "is_ephemeral": True},
            Clicked("message", "C1", "1.5", ephemeral=True),
            False,
        ),
        ({"type": "view", "view_id": "V1"}, Clicked("view"), False),
        (None, Clicked(""), False),
    ],
)
def test_where_the_control_sat_decides_whether_its_message_can_be_edited_in_place(
    container: dict[str, Any] | None, clicked: Clicked, editable: bool
) -> None:
    action = {"action_id": Action.ITEM_DONE, "value": "{}"}
    call = ActionCall.parse(click(action, **({"container": container} if container else {})), action)

    assert call.clicked == clicked
    assert call.clicked.posted_message is editable


def test_a_tampered_value_is_refused_when_read() -> None:
    action = {"action_id": Action.PREP_EDIT, "value": '{"conversation_id": "x"}'}

    with pytest.raises(ValidationError):
        ActionCall.parse(click(action), action).ref(PrepRef)


def test_a_click_inside_a_modal_reads_the_form_and_one_outside_is_refused() -> None:
    view = {"id": "V1", "hash": "h1", "private_metadata": encode(PrepRef(conversation_id=4)), "state": {"values": {}}}
    action = {"action_id": Action.PREP_EDIT}

    form = ActionCall.parse(click(action, view=view), action).form()

    assert (form.id, form.hash, form.values) == ("V1", "h1", {})
    assert form.ref(PrepRef) == PrepRef(conversation_id=4)
    with pytest.raises(NotFound):
        ActionCall.parse(click(action), action).form()


def test_a_submission_without_team_falls_back_to_the_views_workspace() -> None:
    values = {"b": {"a": {"type": "plain_text_input", "value": "hi"}}}
    view = {"id": "V2", "hash": "h2", "team_id": "T2", "callback_id": "x", "state": {"values": values}}

    call = ViewCall.parse({"type": "view_submission", "user": {"id": "U2"}}, view)

    assert (call.team_id, call.user_id, call.view.id, call.view.hash) == ("T2", "U2", "V2", "h2")
    assert call.values == values
    assert call.key.startswith("view:V2:h2:")


def test_field_errors_are_keyed_by_the_forms_blocks() -> None:
    blocks = {"text": "item_text", "due": "item_due"}

    assert field_errors({"due": "In the past", "text": "Empty"}, blocks.__getitem__) == {
        "item_due": "In the past",
        "item_text": "Empty",
    }
