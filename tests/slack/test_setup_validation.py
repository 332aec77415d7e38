"""Setup input errors come back on the offending field, and settings reopen prefilled."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import Delivery, OneOnOneSeries
from bot.slack.ids import Block
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UGONE", name="gone", real_name="Former Colleague", deleted=True)
    fake_slack.add_user("UAPP", name="someapp", real_name="Some App", is_bot=True)


def errors_of(body: str | None) -> dict[str, Any]:
    import json

    payload = json.loads(body or "{}")
    assert payload.get("response_action") == "errors", payload
    return dict(payload["errors"])


@pytest.mark.parametrize(
    ("values", "block", "phrase"),
    [
        (setup_values(manager=None), Block.SETUP_MANAGER, "Pick the person"),
        (setup_values(manager=EMPLOYEE), Block.SETUP_MANAGER, "That's you"),
        (setup_values(manager="UAPP"), Block.SETUP_MANAGER, "is an app"),
        (setup_values(manager="UGONE"), Block.SETUP_MANAGER, "no longer in this workspace"),
        (setup_values(day=None), Block.SETUP_DATE, "Pick the date"),
        (setup_values(at=None), Block.SETUP_TIME, "Pick the time"),
        (setup_values(day="2026-11-01"), Block.SETUP_DATE, "already passed"),
        (setup_values(day="2028-01-10"), Block.SETUP_DATE, "within the next 12 months"),
    ],
)
def test_bad_setup_input_is_answered_on_the_field(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    values: dict[str, Any],
    block: str,
    phrase: str,
) -> None:
    view = open_setup(slack, fake_slack)

    response = slack.submit_view(EMPLOYEE, view, values)

    assert response.status == 200
    errors = errors_of(response.body)
    assert phrase in errors[block]
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(OneOnOneSeries)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_slack_lookup_failure_is_a_field_error_not_silence(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    view = open_setup(slack, fake_slack)
    fake_slack.fail_next("users.info", error="internal_error", status=500, times=4)

    response = slack.submit_view(EMPLOYEE, view, setup_values())

    assert "try again" in errors_of(response.body)[Block.SETUP_MANAGER]


def test_settings_reopens_prefilled_and_same_manager_is_not_asked_again(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values(cadence="biweekly", length="45"))
    manager_messages_before = len(fake_slack.messages(channel="D" + MANAGER))

    view = open_setup(slack, fake_slack, "settings")

    elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert elements[Block.SETUP_MANAGER]["initial_user"] == MANAGER
    assert elements[Block.SETUP_DATE]["initial_date"] == "2026-12-08"
    assert elements[Block.SETUP_TIME]["initial_time"] == "15:30"
    assert elements[Block.SETUP_TIME]["timezone"] == "Europe/Berlin"
    assert elements[Block.SETUP_CADENCE]["initial_option"]["value"] == "biweekly"
    assert elements[Block.SETUP_LENGTH]["initial_option"]["value"] == "45"

    response = slack.submit_view(EMPLOYEE, view, setup_values(at="16:00", cadence="biweekly", length="45"))

    assert response.status == 200
    with sessions.begin() as session:
        series = session.scalars(select(OneOnOneSeries)).one()
        assert series.next_meeting_at.isoformat() == "2026-12-08T15:00:00+00:00"
    assert len(fake_slack.messages(channel="D" + MANAGER)) == manager_messages_before
    # The employee still hears that the change was saved.
    assert len(fake_slack.messages(channel="D" + EMPLOYEE)) == 2


def test_double_submit_of_the_same_view_sends_nothing_twice(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_setup(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, setup_values())
    slack.submit_view(EMPLOYEE, view, setup_values())

    assert len(fake_slack.messages(channel="D" + MANAGER)) == 1
    assert len(fake_slack.messages(channel="D" + EMPLOYEE)) == 1
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 3  # with Ana's calendar invite


def test_a_slow_slack_still_gets_its_answer_within_three_seconds(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_setup(slack, fake_slack)
    # users.info hangs for 5 s: the lookups before ack give up in time and the form says so.
    fake_slack.slow_next("users.info", 5.0, times=2)

    response = slack.submit_view(EMPLOYEE, view, setup_values())

    assert "try again" in errors_of(response.body)[Block.SETUP_MANAGER]
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(OneOnOneSeries)) == 0


def test_a_manager_from_another_workspace_is_refused(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    fake_slack.add_user("UOTHER", name="other", real_name="Someone Else", team_id="T0OTHER")
    view = open_setup(slack, fake_slack)

    response = slack.submit_view(EMPLOYEE, view, setup_values(manager="UOTHER"))

    assert "isn't a member of this workspace" in errors_of(response.body)[Block.SETUP_MANAGER]
    assert fake_slack.messages(channel="DUOTHER") == []
