"""Exactly once under faults, with real processes: `career-prep run-due` sends a queue of DMs to a fake
Slack and is `kill -9`ed at random moments, or loses replies to its posts; then it is run until nothing
is left. Prints, per scenario: messages owed, sent, duplicated (posted more than once, counted by the
delivery id each post carries as metadata), lost (never posted), failed rows, and the look-ups made.

Usage: .venv/bin/python -m bench.fault_bench [--deliveries 300] [--kills 15] [--database-url URL] [--quick]

Between two runs the bench does what waiting would do, so it finishes in seconds instead of minutes:
the leases of a killed process are expired (as 5 minutes would), and retries waiting out a backoff are
made due. Only one `run-due` process runs at a time, so no live lease is ever cut short.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine

from bot.db import make_engine, make_sessions
from bot.domain.people import Profile, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.migrate import upgrade
from bot.models import Base, Delivery, DeliveryKind, DeliveryState
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_history import posts_per_delivery
from tests.support.outbox_rows import queue_stored_row

TEAM = "T0001"
TOKEN = "xoxb-fault-bench"


@dataclass
class Figures:
    owed: int
    sent: int
    duplicates: int
    lost: int
    failed: int
    history_calls: int
    posts: int
    runs: int
    kills: int
    replies_lost: int
    seconds: float

    def line(self, name: str) -> str:
        return (
            f"{name:<26} owed {self.owed:>4}  sent {self.sent:>4}  "
            f"duplicates {self.duplicates:>3}  lost {self.lost:>3}  "
            f"failed {self.failed:>3}  posts {self.posts:>4}  history look-ups {self.history_calls:>3}  "
            f"runs {self.runs:>3}  kills {self.kills:>3}  replies lost {self.replies_lost:>3}  {self.seconds:.1f} s"
        )


def queue(engine: Engine, fake: FakeSlack, count: int) -> None:
    """`count` notices to `count` people, due now; they answer the recipient's own action, so they go
    at once whatever the hour."""
    now = datetime.now(UTC)
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        ensure_workspace(session, team_id=TEAM, now=now)
        for n in range(count):
            user = f"UB{n:05d}"
            fake.add_user(user, tz="UTC")
            person = upsert_person(session, team_id=TEAM, profile=Profile(user, f"Person {n}", "UTC"), now=now)
            queue_stored_row(
                session,
                team_id=TEAM,
                kind=DeliveryKind.NOTICE,
                key=f"fault-bench:{n}",
                due_at=now,
                now=now,
                recipient=person,
                stored={"template": "manager_declined", "manager_name": "Mira Chen", "immediate": True},
            )


def fast_forward(engine: Engine) -> None:
    """What waiting would do: a dead process's leases run out, and backoffs end."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            update(Delivery)
            .where(Delivery.state == DeliveryState.CLAIMED)
            .values(lease_expires_at=now - timedelta(seconds=1))
        )
        connection.execute(
            update(Delivery).where(Delivery.state == DeliveryState.PENDING).values(due_at=now - timedelta(seconds=1))
        )


def left_to_send(engine: Engine) -> int:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.id).where(Delivery.state.in_([DeliveryState.PENDING, DeliveryState.CLAIMED]))
        )
        return len(list(rows))


def run_due(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bot", "run-due"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fresh_database(url: str | None, tmp: Path) -> tuple[str, Engine]:
    if url is not None:  # a PostgreSQL database to start afresh
        old = make_engine(url)
        with old.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        old.dispose()
    url = url or f"sqlite:///{tmp / 'fault_bench.db'}"
    upgrade(url)  # before the engine connects: on SQLite a migration may rebuild the file
    return url, make_engine(url)


def scenario(
    *, deliveries: int, kills: int, database_url: str | None, faults: Callable[[FakeSlack], None], seed: int
) -> Figures:
    chance = random.Random(seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        fake.ts_clock = time.time  # as Slack: a message's ts is when it was posted
        fake.slow_next("chat.postMessage", 0.005, times=deliveries * 10)  # a post takes a few ms
        url, engine = fresh_database(database_url, Path(tmp))
        queue(engine, fake, deliveries)
        faults(fake)
        env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "bench"}
        env |= {"SLACK_API_URL": fake.url, "LOG_LEVEL": "ERROR"}
        runs = killed = 0
        while killed < kills and (left := left_to_send(engine)) > 0:
            process = run_due(env)
            runs += 1
            # Killed once it has made a random number of posts, at a random moment around the last one.
            target = len(fake.calls_to("chat.postMessage")) + chance.randint(1, max(1, left // (kills - killed + 1)))
            while process.poll() is None and len(fake.calls_to("chat.postMessage")) < target:
                time.sleep(0.001)
            time.sleep(chance.uniform(0, 0.01))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait()
            fast_forward(engine)
        for _ in range(50):
            if left_to_send(engine) == 0:
                break
            fast_forward(engine)
            run_due(env).wait()
            runs += 1
        return measure(engine, fake, deliveries, runs, killed, time.monotonic() - started)


def measure(engine: Engine, fake: FakeSlack, owed: int, runs: int, killed: int, seconds: float) -> Figures:
    with make_sessions(engine).begin() as session:
        states = [d.state for d in session.scalars(select(Delivery))]
    per_delivery = posts_per_delivery(fake)
    figures = Figures(
        owed=owed,
        sent=states.count(DeliveryState.SENT),
        duplicates=sum(n - 1 for n in per_delivery.values() if n > 1),
        lost=owed - len(per_delivery),
        failed=states.count(DeliveryState.FAILED),
        history_calls=len(fake.calls_to("conversations.history")),
        posts=len(fake.calls_to("chat.postMessage")),
        runs=runs,
        kills=killed,
        replies_lost=fake.faults.lost,
        seconds=seconds,
    )
    engine.dispose()
    return figures


def lose_some(fake: FakeSlack) -> None:
    fake.faults.lose_replies(rate=0.05)


def lose_all_for_a_while(fake: FakeSlack) -> None:
    now = datetime.now(UTC)
    fake.faults.lose_replies(start=now, end=now + timedelta(seconds=8))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--kills", type=int, default=15)
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL (its tables are dropped); SQLite in a temp file by default"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 40 deliveries, 3 kills")
    args = parser.parse_args(argv)
    deliveries, kills = (40, 3) if args.quick else (args.deliveries, args.kills)
    common = {"deliveries": deliveries, "database_url": args.database_url, "seed": 11}
    print(f"{deliveries} DMs through `career-prep run-due` against a fake Slack ({args.database_url or 'SQLite'})")
    print(scenario(kills=kills, faults=lambda fake: None, **common).line(f"kill -9 x{kills}"))
    print(scenario(kills=0, faults=lose_some, **common).line("5 % of replies lost"))
    print(scenario(kills=0, faults=lose_all_for_a_while, **common).line("all replies lost for 8 s"))
    print(scenario(kills=kills, faults=lose_some, **common).line(f"kill -9 x{kills} + 5 % lost"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
