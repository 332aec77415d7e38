"""The long-running process plans every few minutes and delivers on every tick."""

from __future__ import annotations

from datetime import date, time

import pytest
from slack_bolt import App
from sqlalchemy import Engine, func, select

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, save_setup
from bot.models import Cadence, Delivery, DeliveryKind
from bot.runtime import ANALYZE_EVERY, SLACK_CHECK_EVERY, Runtime
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack


def reminders(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return (
            session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.kind == DeliveryKind.PREP_REMINDER)
            )
            or 0
        )


def add_pair(sessions: SessionFactory, n: int, clock: FakeClock) -> None:
    form = SetupInput(
        Profile(f"UE{n}", f"Employee {n}", "Europe/Berlin"),
        Profile(f"UM{n}", f"Manager {n}", "America/New_York"),
        date(2026, 12, 3),
        time(15, 30),
        Cadence.MONTHLY,
        30,
    )
    with sessions.begin() as session:
        save_setup(session, team_id="T0001", form=form, submission_id=f"s{n}", now=clock.now)


def test_every_tick_plans_what_changed_since_the_last_one(
    settings: Settings,
    engine: Engine,
    sessions: SessionFactory,
    relay: Relay,
    app: App,
    clock: FakeClock,
    fake_slack: FakeSlack,
) -> None:
    for n in (1, 2):
        fake_slack.add_user(f"UE{n}", tz="Europe/Berlin")
        fake_slack.add_user(f"UM{n}", tz="America/New_York")
    runtime = Runtime(settings, clock, engine, sessions, relay, app)
    add_pair(sessions, 1, clock)

    runtime.tick()
    assert reminders(sessions) == 1

    clock.advance(seconds=30)
    runtime.tick()
    assert reminders(sessions) == 1  # nothing changed: nothing new

    add_pair(sessions, 2, clock)
    clock.advance(seconds=30)
    runtime.tick()
    assert reminders(sessions) == 2  # the new pair's reminder, at the very next tick


def stat_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(connection.exec_driver_sql("SELECT * FROM sqlite_stat1").all())


def test_sqlite_statistics_are_refreshed_once_a_day(
    settings: Settings, engine: Engine, sessions: SessionFactory, relay: Relay, app: App, clock: FakeClock
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    runtime = Runtime(settings, clock, engine, sessions, relay, app)
    add_pair(sessions, 1, clock)
    runtime.tick()
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")

    clock.advance(seconds=3600)
    runtime.tick()
    assert stat_rows(engine) == 0  # refreshed at start: not again within the day

    clock.set(clock.now + ANALYZE_EVERY)
    runtime.tick()
    assert stat_rows(engine) > 0


def test_health_notices_a_slack_outage_that_began_after_startup(
    settings: Settings,
    engine: Engine,
    sessions: SessionFactory,
    relay: Relay,
    app: App,
    clock: FakeClock,
    fake_slack: FakeSlack,
) -> None:
    from bot.slack.client import web_client
    from bot.slack.identity import SlackIdentity

    identity = SlackIdentity(web_client(settings), clock)
    identity.check()
    runtime = Runtime(settings, clock, engine, sessions, relay, app, identity)
    runtime.tick()
    assert runtime.health()()[1]["status"] == "ok"

    fake_slack.fail_next("auth.test", "internal_error", status=500, times=100)
    clock.set(clock.now + SLACK_CHECK_EVERY)
    runtime.tick()
    assert runtime.health()()[1]["status"] == "degraded"

    fake_slack.clear_failures()
    clock.set(clock.now + SLACK_CHECK_EVERY)
    runtime.tick()
    assert runtime.health()()[1]["status"] == "ok"
