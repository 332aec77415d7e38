"""Several processes on one PostgreSQL database: every web process ticks (plans and relays) and every
delivery still goes out exactly once, nothing is planned twice, and no race ends in an error."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import SessionFactory, make_engine
from bot.domain.conversations import plan_conversation, series_for
from bot.domain.people import find_person
from bot.domain.workspaces import block_sends
from bot.models import DeliveryKind, DeliveryState, OneOnOneSeries
from bot.scheduling.planning_lock import Turn, take_turn
from bot.scheduling.relay import Relay
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.tick import tick
from bot.scheduling.token_checks import recheck_blocked
from bot.slack.client import web_client
from bot.slack.identity import TokenCheck, TokenState
from tests.conftest import TEST_DB_ENV, FakeClock, private_schema
from tests.support.fake_slack import FakeSlack
from tests.support.people import TEAM
from tests.support.scale_out import busy_workspace, conversations, planned, posts_per_channel, sent_per_channel, states

REPO = Path(__file__).resolve().parents[2]
PROCESSES = 4


def needs_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing here can race")


def errors_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def the_series(session: Session) -> OneOnOneSeries:
    employee = find_person(session, team_id=TEAM, slack_user_id="UEMP0000")
    assert employee is not None
    series = series_for(session, team_id=TEAM, employee=employee)
    assert series is not None
    return series


def wait_for_a_blocked_query(engine: Engine) -> None:
    """Return once some transaction waits on a lock (checked with its own connection), or fail."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
                return
        time.sleep(0.02)
    pytest.fail("the other process never reached the conflicting insert")


def all_at_once(jobs: list[Callable[[], RelayReport]]) -> list[RelayReport]:
    """Run `jobs` in threads released together; a job's exception is raised here."""
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], RelayReport]) -> RelayReport:
        start.wait(timeout=10)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [future.result(timeout=60) for future in [pool.submit(run, job) for job in jobs]]


@pytest.mark.postgres
def test_four_processes_ticking_at_once_send_every_delivery_exactly_once(
    engine: Engine,
    sessions: SessionFactory,
    settings: Settings,
    fake_slack: FakeSlack,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    needs_postgres(engine)
    notices = busy_workspace(sessions, fake_slack, clock.now, notices=300, pairs=40)
    # Every pair's first 1:1 is over: each planner wants to roll each series forward to its next one.
    clock.advance(days=1, hours=2, minutes=30)
    relays = [
        Relay(sessions, web_client(settings), owner=f"process-{n}", batch_size=10, clock=clock)
        for n in range(PROCESSES)
    ]

    def process(relay: Relay) -> Callable[[], RelayReport]:
        # What a web process's scheduler does: a few ticks, each planning (if it gets the turn) and relaying.
        def ticks() -> RelayReport:
            report = RelayReport()
            for _ in range(3):
                report.add(tick(sessions, relay, clock.now))
            return report

        return ticks

    with caplog.at_level(logging.INFO):
        reports = all_at_once([process(relay) for relay in relays])
        # Reminders planned after the last relay looked go out on the next tick, as in production.
        reports.append(relays[0].run_once(clock.now))

    assert errors_in(caplog) == []
    assert all(report.errors == [] for report in reports)
    assert states(sessions, notices) == {DeliveryState.SENT: 300}
    assert DeliveryState.CLAIMED not in states(sessions)
    assert conversations(sessions) == 80  # the held 1:1 and the next one, once each
    assert planned(sessions, DeliveryKind.RECAP_NUDGE) == 80  # a first nudge and a follow-up per held 1:1
    posts = posts_per_channel(fake_slack)
    assert posts == sent_per_channel(sessions)  # every recorded send is one post, and no post is unrecorded
    assert sum(report.sent for report in reports) == sum(posts.values())
    assert sum(1 for report in reports if report.sent) > 1  # the work was shared, not done by one process


@pytest.mark.postgres
def test_four_run_due_processes_at_once_send_every_delivery_exactly_once(
    engine: Engine,
    sessions: SessionFactory,
    database_url: str,
    fake_slack: FakeSlack,
) -> None:
    needs_postgres(engine)
    now = datetime.now(UTC) - timedelta(minutes=1)
    notices = busy_workspace(sessions, fake_slack, now, notices=200, pairs=20)
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-scale-test",
        "SLACK_SIGNING_SECRET": "scale-secret",
        "SLACK_API_URL": fake_slack.url,
        "LOG_LEVEL": "WARNING",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "run-due"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = []
    try:
        for process in processes:
            outputs.append((process.wait(timeout=120), *process.communicate()))
    finally:
        for process in processes:
            process.kill()

    for code, stdout, stderr in outputs:
        assert (code, stderr) == (0, ""), stdout + stderr
    delivered = [int(stdout.split()[1].rstrip(",")) for _code, stdout, _stderr in outputs]
    assert states(sessions, notices) == {DeliveryState.SENT: 200}
    assert DeliveryState.CLAIMED not in states(sessions)
    posts = posts_per_channel(fake_slack)
    assert posts == sent_per_channel(sessions)
    assert sum(delivered) == sum(posts.values())


@pytest.mark.postgres
def test_one_process_plans_at_a_time_and_the_others_skip_their_turn(engine: Engine, sessions: SessionFactory) -> None:
    needs_postgres(engine)
    with sessions.begin() as first:
        assert take_turn(first, Turn.PLANNING)
        with sessions.begin() as second:
            assert not take_turn(second, Turn.PLANNING)
            assert take_turn(second, Turn.TOKEN_CHECK)  # another pass has a turn of its own
    with sessions.begin() as later:
        assert take_turn(later, Turn.PLANNING)  # the turn ends with the transaction that took it


@pytest.mark.postgres
def test_a_conversation_another_process_creates_meanwhile_is_taken_not_doubled(
    engine: Engine, sessions: SessionFactory, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    needs_postgres(engine)
    busy_workspace(sessions, fake_slack, clock.now, notices=0, pairs=1)
    at = clock.now + timedelta(days=3)
    with sessions.begin() as first:
        mine = plan_conversation(first, series=the_series(first), at=at, now=clock.now)  # not committed yet
        with ThreadPoolExecutor(max_workers=1) as pool:

            def other_process() -> int:
                # Waits on the uncommitted row above, then finds the unique slot taken.
                with sessions.begin() as second:
                    return plan_conversation(second, series=the_series(second), at=at, now=clock.now).id

            waiting = pool.submit(other_process)
            wait_for_a_blocked_query(engine)
            first.commit()
            assert waiting.result(timeout=20) == mine.id


def test_a_blocked_token_is_checked_by_one_process_while_another_is_asking_slack(
    sessions: SessionFactory, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    busy_workspace(sessions, fake_slack, clock.now, notices=0, pairs=0)
    with sessions.begin() as session:
        block_sends(session, team_id=TEAM, reason="token_revoked", now=clock.now, confirmed=False)
    asked: list[str] = []

    def second_process_check() -> TokenCheck:
        asked.append("second")
        return TokenCheck(TokenState.REFUSED, "token_revoked")

    def first_process_check() -> TokenCheck:
        # While the first process waits for auth.test, the second one ticks.
        asked.append("first")
        assert recheck_blocked(sessions, second_process_check, clock.now) == []
        return TokenCheck(TokenState.REFUSED, "token_revoked")

    assert recheck_blocked(sessions, first_process_check, clock.now) == []
    assert asked == ["first"]


@pytest.mark.postgres
def test_processes_starting_together_on_an_empty_database_migrate_one_at_a_time(engine: Engine) -> None:
    needs_postgres(engine)
    with private_schema(os.environ[TEST_DB_ENV]) as empty:
        # Separate processes: Alembic keeps its migration context in a module global.
        upgrades = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "db", "upgrade"],
                env={**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": empty, "LOG_LEVEL": "WARNING"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        try:
            outcomes = [(process.wait(timeout=120), process.communicate()[1]) for process in upgrades]
        finally:
            for process in upgrades:
                process.kill()
        migrated = make_engine(empty)
        with migrated.connect() as connection:
            heads = connection.scalars(text("SELECT version_num FROM alembic_version")).all()
        migrated.dispose()
    # The later ones wait for the first, then find the schema at head.
    assert [code for code, _stderr in outcomes] == [0, 0, 0], outcomes
    assert len(heads) == 1
