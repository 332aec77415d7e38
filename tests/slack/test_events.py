"""Events: App Home, uninstall and token revocation."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import Delivery, DeliveryKind, DeliveryState, Person, PersonStatus, Workspace
from bot.slack.ids import Action
from tests.support.fake_slack import FakeSlack
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")


def set_up(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())


def test_home_for_a_newcomer_offers_setup(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    response = slack.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "DHOME", "tab": "home"})

    assert response.status == 200
    view = fake_slack.home_views[EMPLOYEE]
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == [Action.OPEN_SETTINGS]
    assert buttons[0]["text"]["text"] == "Set up"


def test_home_for_someone_set_up_shows_the_next_one_on_one(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    set_up(slack, fake_slack)

    slack.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "DHOME", "tab": "home"})

    text = json.dumps(fake_slack.home_views[EMPLOYEE])
    assert f"<@{MANAGER}>" in text
    assert "15:30 (Europe/Berlin)" in text
    assert "waiting for them to confirm" in text


def test_messages_tab_does_not_publish(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "DHOME", "tab": "messages"})

    assert fake_slack.calls_to("views.publish") == []


def test_settings_button_on_home_opens_the_modal(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    set_up(slack, fake_slack)

    slack.click(EMPLOYEE, Action.OPEN_SETTINGS, view={"id": "VHOME", "type": "home"})

    assert fake_slack.last("views.open").params["view"]["blocks"][1]["element"]["initial_user"] == MANAGER


def test_uninstall_erases_the_workspace(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    set_up(slack, fake_slack)

    assert slack.event({"type": "app_uninstalled"}).status == 200
    # Slack may retry the event; erasing twice is harmless.
    assert slack.event({"type": "app_uninstalled"}, retry_num=1).status == 200

    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Workspace)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_revoked_bot_token_stops_sends(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    set_up(slack, fake_slack)

    slack.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}})

    with sessions.begin() as session:
        workspace = session.scalars(select(Workspace)).one()
        assert workspace.sends_blocked_reason == "tokens_revoked"
        # The calendar invite still waits its few minutes for a correction; everything else went.
        states = set(session.scalars(select(Delivery.state).where(Delivery.kind != DeliveryKind.CALENDAR_INVITE)))
    assert DeliveryState.PENDING not in states


def test_revoked_user_tokens_only_change_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up(slack, fake_slack)

    slack.event({"type": "tokens_revoked", "tokens": {"oauth": [EMPLOYEE], "bot": []}})

    with sessions.begin() as session:
        assert session.scalars(select(Workspace)).one().sends_blocked_reason is None


def test_a_time_zone_change_in_slack_is_followed(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up(slack, fake_slack)

    slack.event(
        {"type": "user_change", "user": {"id": EMPLOYEE, "name": "ana", "real_name": "Ana Silva", "tz": "Asia/Tokyo"}}
    )

    with sessions.begin() as session:
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert ana.tz == "Asia/Tokyo"


@pytest.mark.parametrize("tz", ["Mars/Phobos", None, "Europe/Berlin\u0000"])
def test_a_time_zone_slack_cannot_name_keeps_the_one_we_knew(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, tz: str | None
) -> None:
    set_up(slack, fake_slack)

    slack.event({"type": "user_change", "user": {"id": EMPLOYEE, "name": "ana", "real_name": "Ana Silva", "tz": tz}})

    with sessions.begin() as session:
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert ana.tz == "Europe/Berlin"


def test_a_deactivated_account_gets_nothing_more(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up(slack, fake_slack)
    with sessions.begin() as session:
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        pending = Delivery(
            team_id=mira.team_id,
            kind=DeliveryKind.NOTICE,
            idempotency_key="T0001:test:pending",
            recipient_id=mira.id,
            due_at=datetime(2026, 12, 1, tzinfo=UTC),
            payload={"template": "manager_declined"},
            created_at=datetime(2026, 11, 23, tzinfo=UTC),
            updated_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
        session.add(pending)

    slack.event({"type": "user_change", "user": {"id": MANAGER, "name": "mira", "deleted": True}})

    with sessions.begin() as session:
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        assert mira.status is PersonStatus.LEFT
        states = set(session.scalars(select(Delivery.state).where(Delivery.recipient_id == mira.id)))
    assert DeliveryState.PENDING not in states


def test_someone_the_bot_never_met_is_not_stored(slack: SignedSlack, sessions: SessionFactory) -> None:
    slack.event({"type": "user_change", "user": {"id": "USTRANGER", "name": "x", "tz": "UTC"}})

    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
