"""Signed but odd payloads (a forged or broken client, or Slack changing a shape) get a 400 or a
clear message, never a traceback: the watched server log fails any test here that logs one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.db import SessionFactory
from bot.slack.ids import Action, Block
from bot.slack.values import ItemRef, SeriesRef, encode
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import JSON, SignedSlack, datepicker


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    add_people(fake_slack)


def errors_of(body: str | None) -> dict[str, Any]:
    payload = json.loads(body or "{}")
    assert payload.get("response_action") == "errors", payload
    return dict(payload["errors"])


@pytest.mark.parametrize(
    "broken",
    [
        {Block.SETUP_MANAGER: "x"},
        {Block.SETUP_MANAGER: [1, 2]},
        {Block.SETUP_MANAGER: {Action.SETUP_MANAGER: None}},
        {Block.SETUP_DATE: {Action.SETUP_DATE: {"selected_date": {"a": 1}}}},
        {Block.SETUP_DATE: {Action.SETUP_DATE: datepicker("not a date")}},
    ],
)
def test_odd_form_values_are_field_errors(slack: SignedSlack, fake_slack: FakeSlack, broken: dict[str, Any]) -> None:
    view = open_setup(slack, fake_slack)

    response = slack.submit_view(EMPLOYEE, view, {**setup_values(), **broken})

    assert errors_of(response.body)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "user_change", "user": "C0001"},
        {"type": "user_change", "user": {"id": 7}},
        {"type": "app_home_opened", "user": {"id": EMPLOYEE}, "tab": "home"},
        {"type": "tokens_revoked", "tokens": "x"},
        {"type": "tokens_revoked", "tokens": {"bot": "UBOT"}},
    ],
)
def test_odd_event_shapes_get_400(slack: SignedSlack, fake_slack: FakeSlack, event: dict[str, Any]) -> None:
    fake_slack.clear_calls()
    body = json.dumps(
        {
            "team_id": "T0001",
            "api_app_id": "A0001",
            "event": {"event_ts": "1.0", **event},
            "type": "event_callback",
            "event_id": "EvODD",
            "event_time": 1,
        }
    )

    slack.dispatch(body, JSON, expect=400)

    assert fake_slack.calls == []


def test_a_form_button_clicked_outside_its_form_is_explained(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    message = {"ts": "1.000100", "channel": "D" + EMPLOYEE, "text": "an old message"}

    slack.click(EMPLOYEE, Action.RECAP_ADD_ROW, "add", message=message)

    assert "no longer open" in fake_slack.responses[-1]["text"]


@pytest.mark.parametrize("value", [json.dumps({"item_id": 2**70}), json.dumps({"item_id": -1}), "x", "{}"])
def test_an_item_button_with_an_impossible_id_is_out_of_date(
    slack: SignedSlack, fake_slack: FakeSlack, value: str
) -> None:
    set_up_pair(slack, fake_slack)
    message = {"ts": "1.000100", "channel": "D" + EMPLOYEE, "text": "a list"}

    slack.click(EMPLOYEE, Action.ITEM_DONE, value, message=message)

    assert "out of date" in fake_slack.responses[-1]["text"]


def test_an_answer_saved_but_its_message_gone_is_not_a_failure(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack, confirm=False)
    question = next(m for m in fake_slack.messages(channel="D" + MANAGER) if "blocks" in m)
    value = next(
        e["value"]
        for b in question["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.MANAGER_CONFIRM
    )
    assert SeriesRef.model_validate_json(value)
    gone = {"ts": "9.000900", "channel": "D" + MANAGER, "text": "deleted meanwhile"}

    slack.click(MANAGER, Action.MANAGER_CONFIRM, value, message=gone)

    assert "went wrong" not in json.dumps(fake_slack.responses)
    assert "confirmed" in fake_slack.messages(channel="D" + EMPLOYEE)[-1]["text"]


def test_slack_not_finding_the_person_is_told_plainly(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.command("UNOBODY", "digest")

    assert "went wrong" not in fake_slack.responses[-1]["text"]


def test_an_item_ref_that_is_ours_still_decodes() -> None:
    assert ItemRef.model_validate_json(encode(ItemRef(item_id=2**63 - 1))).item_id == 2**63 - 1
