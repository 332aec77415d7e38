"""Slack down while the bot starts: requests get a clean answer (no reinstall advice, no 500),
and /healthz says Slack is unreachable and which workspace is blocked, and why."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_bolt import App, BoltContext
from sqlalchemy import Engine

from bot.app import SLACK_UNREACHABLE, create_app
from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.workspaces import block_sends, ensure_workspace
from bot.health import Health
from bot.scheduling.relay import Relay
from bot.slack.client import web_client
from bot.slack.identity import SlackIdentity
from bot.web import make_wsgi_app
from tests.conftest import SIGNING_SECRET, TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import TrackingExecutor
from tests.support.setup_flow import EMPLOYEE
from tests.support.signed import SignedSlack


def test_a_request_while_slack_never_answered_gets_a_clean_answer_then_works(
    settings: Settings,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    listener_pool: TrackingExecutor,
) -> None:
    fake_slack.add_user(EMPLOYEE, tz="Europe/Berlin")
    fake_slack.fail_next("auth.test", "internal_error", status=500, times=1000)
    app = create_app(settings, sessions, clock, relay=relay, listener_executor=listener_pool)  # does not raise
    slack = SignedSlack(app, SIGNING_SECRET, team_id=TEAM_ID, response_url=fake_slack.response_url)
    teams: list[str | None] = []

    @app.middleware
    def remember_team(context: BoltContext, next: Callable[[], None]) -> None:
        teams.append(context.authorize_result.team_id if context.authorize_result else None)
        next()

    with caplog.at_level(logging.INFO):
        during = slack.command(EMPLOYEE, "")

    assert (during.status, during.body) == (200, SLACK_UNREACHABLE)
    assert fake_slack.calls_to("views.open") == []
    assert not [r for r in caplog.records if r.exc_info]

    # Requests within a few seconds share that answer (no auth.test each while Slack is down).
    assert slack.command(EMPLOYEE, "").body == SLACK_UNREACHABLE
    assert len(fake_slack.calls_to("auth.test")) == 1  # create_app's: both requests reused its answer

    fake_slack.clear_failures()
    clock.advance(seconds=6)
    assert slack.command(EMPLOYEE, "").status == 200
    assert len(fake_slack.calls_to("views.open")) == 1
    # Listeners still learn the bot's own team from auth.test (the edge refuses other teams with it).
    assert teams == [TEAM_ID]


def get_health(
    bolt: App, engine: Engine, sessions: SessionFactory, identity: SlackIdentity
) -> tuple[str, dict[str, Any]]:
    app = make_wsgi_app(bolt, engine, health=Health(engine, sessions, identity))
    seen: list[str] = []
    body = b"".join(
        app({"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, lambda status, headers: seen.append(status))
    )
    return seen[0], json.loads(body)


def test_health_is_degraded_while_slack_is_unreachable_or_a_workspace_is_blocked(
    settings: Settings,
    engine: Engine,
    sessions: SessionFactory,
    clock: FakeClock,
    fake_slack: FakeSlack,
    app: App,
) -> None:
    bolt = app
    identity = SlackIdentity(web_client(settings), clock)
    fake_slack.fail_next("auth.test", "internal_error", status=500)
    identity.check()

    status, body = get_health(bolt, engine, sessions, identity)
    assert status == "200 OK"
    assert body["status"] == "degraded"
    assert body["slack"] == {
        "reachable": False,
        "problem": "Slack answered HTTP 500",
        "checked_at": clock.now.isoformat(),
    }
    assert body["problems"] == ["Slack unreachable: Slack answered HTTP 500"]

    identity.check()
    since = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with sessions.begin() as session:
        ensure_workspace(session, team_id=TEAM_ID, now=since)
        block_sends(session, team_id=TEAM_ID, reason="invalid_auth", now=since, confirmed=True)
    status, body = get_health(bolt, engine, sessions, identity)
    assert (status, body["status"], body["slack"]["reachable"]) == ("200 OK", "degraded", True)
    assert body["blocked_workspaces"] == [
        {"team_id": TEAM_ID, "reason": "invalid_auth", "since": since.isoformat(), "held_deliveries": 0}
    ]
    assert body["problems"] == [f"workspace {TEAM_ID} blocked: invalid_auth"]


def test_health_is_ok_when_slack_answers_and_nothing_is_blocked(
    settings: Settings,
    engine: Engine,
    sessions: SessionFactory,
    clock: FakeClock,
    fake_slack: FakeSlack,
    app: App,
) -> None:
    bolt = app
    identity = SlackIdentity(web_client(settings), clock)
    identity.check()

    status, body = get_health(bolt, engine, sessions, identity)

    assert (status, body["status"], body["database"], body["blocked_workspaces"]) == ("200 OK", "ok", True, [])
