"""Token lifecycle end to end: uninstall, a late tokens_revoked, reinstall, setup, and the prep
reminder that must still arrive; a revoked token holds deliveries instead of dropping them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from bot.app import create_app
from bot.config import Settings
from bot.db import SessionFactory
from bot.models import Delivery, DeliveryKind, DeliveryState, Workspace
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.client import web_client
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import Front, TrackingExecutor
from tests.support.setup_flow import EMPLOYEE, MANAGER, open_setup, setup_values
from tests.support.signed import SignedSlack

# The 1:1 is Tuesday 8 Dec, 15:30 in Berlin; the prep reminder is due two working days before, at
# 10:00 Berlin time.
PREP_DUE = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
REVOKED = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")


def set_up(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())


def prep_reminders(sessions: SessionFactory) -> list[tuple[DeliveryState, str | None]]:
    with sessions.begin() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.PREP_REMINDER))
        return [(d.state, d.last_error) for d in rows]


def workspaces(sessions: SessionFactory) -> list[tuple[str, str | None]]:
    with sessions.begin() as session:
        return [(w.team_id, w.sends_blocked_reason) for w in session.scalars(select(Workspace))]


def prep_posts(fake_slack: FakeSlack) -> list[str | None]:
    """The tokens chat.postMessage calls used to bring Ana her prep reminder."""
    return [
        c.token
        for c in fake_slack.calls_to("chat.postMessage")
        if c.params.get("channel") == f"D{EMPLOYEE}" and "Prep now" in str(c.params.get("blocks"))
    ]


def test_a_late_tokens_revoked_does_not_bring_an_uninstalled_workspace_back(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up(slack, fake_slack)

    assert slack.event({"type": "app_uninstalled"}).status == 200
    assert slack.event(REVOKED).status == 200

    assert workspaces(sessions) == []


def test_uninstall_then_reinstall_then_setup_and_the_prep_reminder_arrives(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    settings: Settings,
    clock: FakeClock,
    engine: Engine,
    front: tuple[Front, str],
    listener_pool: TrackingExecutor,
) -> None:
    set_up(slack, fake_slack)
    # Uninstalling revokes the token, and Slack sends both events, in either order.
    slack.event({"type": "app_uninstalled"})
    fake_slack.revoke_token(settings.slack_bot_token.get_secret_value())
    slack.event(REVOKED)

    # Reinstalled: the operator restarts the bot with the new token, and Ana sets up again.
    fake_slack.issue_tokens("xoxb-reinstalled")
    reinstalled = settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-reinstalled")})
    relay = Relay(sessions, web_client(reinstalled), owner="after-reinstall", clock=clock)
    app = create_app(reinstalled, sessions, clock, relay=relay, listener_executor=listener_pool)
    plug, url = front
    with plug.serving(make_wsgi_app(app, engine)):  # the restarted process, over real HTTP
        again = SignedSlack(app, SIGNING_SECRET, team_id=TEAM_ID, response_url=fake_slack.response_url, http_url=url)
        set_up(again, fake_slack)
    tick(sessions, relay, clock.now)

    tick(sessions, relay, PREP_DUE)

    assert workspaces(sessions) == [(TEAM_ID, None)]
    assert prep_reminders(sessions) == [(DeliveryState.SENT, None)]
    assert prep_posts(fake_slack) == ["xoxb-reinstalled"]


def test_a_tokens_revoked_about_a_token_that_still_works_is_lifted_by_the_next_check(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack)
    slack.event(REVOKED)  # e.g. a late retry about a token replaced since
    assert workspaces(sessions) == [(TEAM_ID, "tokens_revoked")]

    tick(sessions, relay, clock.now)
    tick(sessions, relay, PREP_DUE)

    assert len(fake_slack.calls_to("auth.test")) >= 1
    assert workspaces(sessions) == [(TEAM_ID, None)]
    assert prep_reminders(sessions) == [(DeliveryState.SENT, None)]


def test_a_revoked_token_holds_the_reminder_and_says_so(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    settings: Settings,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_up(slack, fake_slack)
    tick(sessions, relay, clock.advance(days=2))  # the prep reminder is planned
    assert prep_reminders(sessions) == [(DeliveryState.PENDING, None)]
    fake_slack.revoke_token(settings.slack_bot_token.get_secret_value())
    slack.event(REVOKED)

    with caplog.at_level(logging.WARNING):
        report = tick(sessions, relay, PREP_DUE)

    assert report.sent == 0
    assert workspaces(sessions) == [(TEAM_ID, "token_revoked")]  # auth.test's own word now
    assert prep_reminders(sessions) == [(DeliveryState.PENDING, None)]
    assert f"workspace {TEAM_ID} is still blocked: auth.test says token_revoked" in caplog.text
    with sessions.begin() as session:
        cancelled = select(func.count()).select_from(Delivery).where(Delivery.state == DeliveryState.CANCELLED)
        assert session.scalar(cancelled) == 0
