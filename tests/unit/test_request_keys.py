"""Request keys: the same request gives the same key, any other request another; events' times and teams."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack.request_keys import action_key, event_at, event_key, event_team, view_key

VIEW = {"id": "V1", "hash": "1700000000.abc", "state": {"values": {"b": {"a": {"value": "x"}}}}}
CLICK = {"action_id": "item_done", "block_id": "b1", "value": "{}", "action_ts": "1700000000.000100"}


def test_a_view_key_changes_with_the_version_and_what_was_typed() -> None:
    assert view_key(VIEW) == view_key(dict(VIEW))
    assert view_key({**VIEW, "hash": "1700000001.def"}) != view_key(VIEW)
    assert view_key({**VIEW, "id": "V2"}) != view_key(VIEW)
    assert view_key({**VIEW, "state": {"values": {"b": {"a": {"value": "y"}}}}}) != view_key(VIEW)


def test_an_action_key_is_one_click_by_one_person() -> None:
    body = {"user": {"id": "UANA"}}
    assert action_key(body, CLICK) == action_key({"user": {"id": "UANA"}}, dict(CLICK))
    assert action_key(body, {**CLICK, "action_ts": "1700000000.000200"}) != action_key(body, CLICK)
    assert action_key({"user": {"id": "UMIRA"}}, CLICK) != action_key(body, CLICK)
    assert action_key(body, {**CLICK, "value": '{"i": 2}'}) != action_key(body, CLICK)


def test_an_event_key_is_its_event_id_and_never_shared_by_events_without_one() -> None:
    assert event_key({"event_id": "Ev1", "event_time": 1}) == event_key({"event_id": "Ev1", "event_time": 2})
    assert event_key({"event": {"type": "a"}}) != event_key({"event": {"type": "b"}})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"event": {"event_ts": "1700000000.250000"}, "event_time": 1600000000}, 1700000000.25),
        ({"event": {}, "event_time": 1600000000}, 1600000000.0),
        ({"event": {"event_ts": "soon"}, "event_time": "1600000000"}, 1600000000.0),
    ],
)
def test_event_at_prefers_the_events_own_ts(body: dict[str, Any], expected: float) -> None:
    assert event_at(body) == datetime.fromtimestamp(expected, UTC)


@pytest.mark.parametrize("body", [{}, {"event": {"event_ts": None}, "event_time": "nan"}, {"event_time": 1e300}])
def test_event_at_is_none_when_slack_gave_no_usable_time(body: dict[str, Any]) -> None:
    assert event_at(body) is None


def test_an_event_without_a_workspace_is_named_in_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)

    assert event_team({"team_id": "T1"}) == "T1"
    assert event_team({"enterprise_id": "E1", "event": {"type": "app_uninstalled"}}) is None
    assert event_team({"event": {"type": "user_change"}}) is None

    assert [r.getMessage() for r in caplog.records] == [
        "ignored app_uninstalled from Enterprise Grid organization E1: org-wide installs are not supported",
        "ignored user_change: it names no workspace (team_id)",
    ]
