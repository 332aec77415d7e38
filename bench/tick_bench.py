"""How long one tick takes as the number of pairs grows, and how fast the relay drains the outbox.

Usage: .venv/bin/python -m bench.tick_bench [--pairs 200 1000] [--database-url URL]
Prints one line per size: planning time (first pass, which queues, and a second, idle pass),
relay throughput against a local fake Slack, and peak memory. SQLite in a temp file by default.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import text

from bot.db import make_engine, make_sessions
from bot.domain.people import Profile
from bot.domain.schedule import plan
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.migrate import upgrade
from bot.models import Base, Cadence
from bot.scheduling.relay import Relay
from tests.support.fake_slack import FakeSlack

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # a Monday, inside working hours in Berlin and New York


def populate(sessions, pairs: int, fake: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        for n in range(pairs):
            employee = Profile(f"UE{n:05d}", f"Employee {n}", "Europe/Berlin")
            manager = Profile(f"UM{n // 6:05d}", f"Manager {n // 6}", "America/New_York")
            form = SetupInput(
                employee, manager, date(2026, 11, 25) + timedelta(days=n % 10), clock_time(15, 30), Cadence.MONTHLY, 30
            )
            result = save_setup(session, team_id="T0001", form=form, submission_id=f"bench-{n}", now=NOW)
            confirm_manager(
                session,
                team_id="T0001",
                series_id=result.series.id,
                manager_id=result.manager.id,
                actor_slack_id=manager.slack_user_id,
                now=NOW,
            )
            fake.add_user(employee.slack_user_id, tz="Europe/Berlin")
            fake.add_user(manager.slack_user_id, tz="America/New_York")


def run(pairs: int, database_url: str | None) -> str:
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        if database_url:
            with engine.begin() as connection:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(url)
        sessions = make_sessions(engine)
        populate(sessions, pairs, fake)
        tracemalloc.start()
        started = time.perf_counter()
        with sessions.begin() as session:
            queued = plan(session, now=NOW).queued
        first = time.perf_counter() - started
        started = time.perf_counter()
        with sessions.begin() as session:
            plan(session, now=NOW)
        idle = time.perf_counter() - started
        relay = Relay(sessions, WebClient(token="xoxb-bench", base_url=fake.url), owner="bench")
        started = time.perf_counter()
        sent = relay.run_once(NOW + timedelta(days=12)).sent
        draining = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        engine.dispose()
    return (
        f"pairs={pairs:>5}  plan: first {first * 1000:7.0f} ms ({queued} queued), idle {idle * 1000:6.0f} ms  "
        f"relay: {sent} sent in {draining:5.1f} s ({sent / draining if draining else 0:5.0f}/s)  "
        f"peak python memory {peak / 2**20:5.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of SQLite")
    args = parser.parse_args()
    for pairs in args.pairs:
        print(run(pairs, args.database_url), flush=True)


if __name__ == "__main__":
    main()
