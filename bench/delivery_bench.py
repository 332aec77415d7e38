"""Delivery throughput under Slack's rate limits, through real processes.

Usage: .venv/bin/python -m bench.delivery_bench [--quick] [--messages 10000] [--people 2000] [--cap 20]
                                                [--mode run-due serve]

Queues MESSAGES direct messages (to PEOPLE people, so channels repeat) due now in a fresh SQLite
database, then sends them with real `career-prep` processes against a local fake Slack that enforces
about one post a second per channel and a workspace cap of CAP posts a second (HTTP 429 with
Retry-After, as Slack answers), and fails 2 % of posts with HTTP 500:

- run-due: `career-prep run-due` started again and again until the outbox is empty;
- serve: one `career-prep serve`, its in-process scheduler doing the sending.

For each mode it prints what was sent, duplicates (the same message text twice in one channel: every
message carries its own number), lost (not sent when the run ended), 429s and 500s, elapsed time, and
the achieved share of the allowed rate, where allowed = what the caps permit for this mix
(max(MESSAGES / CAP, per-person messages - 1) seconds). The share is given for all messages (first post
to last, retries after 500s included) and for the first MESSAGES x 98 % posts (the steady rate,
without the tail of retries that the relay's backoff schedules). `--quick`: 1,000 messages to 200
people under a cap of 50 a second.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bot.clock import system_clock
from bot.db import make_engine, make_sessions
from bot.migrate import upgrade
from bot.models import Delivery, DeliveryState
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_limits import PostLimits
from tests.support.notices import queue_notices

TEAM = "T0001"
SERVER_ERRORS = 0.02
DEADLINE_SECONDS = 3600


@dataclass(frozen=True)
class Figures:
    mode: str
    sent: int
    duplicates: int
    lost: int
    refused: int
    refused_for_channel: int
    errors: int
    elapsed: float  # first post to last
    from_start: float  # process start to last post
    share: float
    steady_share: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(fake: FakeSlack, database_url: str, cap: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "RELAY_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET="bench-secret",
        SLACK_API_URL=fake.url,
        DATABASE_URL=database_url,
        SLACK_POSTS_PER_MINUTE=str(cap * 60),
        LOG_LEVEL="WARNING",
    )
    return env


def left_to_send(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with make_sessions(engine).begin() as session:
            waiting = (DeliveryState.PENDING, DeliveryState.CLAIMED)
            return int(session.scalar(select(func.count()).where(Delivery.state.in_(waiting))) or 0)
    finally:
        engine.dispose()


def run_due_loop(env: dict[str, str], database_url: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while left_to_send(database_url) and time.monotonic() < deadline:
        command = [sys.executable, "-m", "bot", "run-due"]
        subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, timeout=DEADLINE_SECONDS)


def serve(env: dict[str, str], database_url: str) -> None:
    command = [sys.executable, "-m", "bot", "serve", "--port", str(free_port())]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        while left_to_send(database_url) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def measure(mode: str, *, messages: int, people: int, cap: int) -> Figures:
    per_person = messages // people
    users = [f"UB{n:05d}" for n in range(people)]
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        for user in users:
            fake.add_user(user, tz="UTC")
        database_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(database_url)
        engine = make_engine(database_url)
        now = system_clock()
        with make_sessions(engine).begin() as session:
            queue_notices(
                session, team_id=TEAM, users=users, per_person=per_person, due_at=now, now=now, immediate=True
            )
        engine.dispose()
        limits = fake.limit_posts(PostLimits(channel_interval=1.0, per_second=cap, server_errors=SERVER_ERRORS))
        started = time.monotonic()
        (run_due_loop if mode == "run-due" else serve)(environment(fake, database_url, cap), database_url)
        posted = Counter((m["channel"], m["text"]) for m in fake.messages())
        lost = left_to_send(database_url) + (messages - len(posted))
        times = sorted(post.at for post in limits.posts)
    allowed_seconds = max(messages / cap, per_person - 1.0)
    elapsed = (times[-1] - times[0] + 1.0 / cap) if times else float("inf")
    steady = times[: int(messages * (1 - SERVER_ERRORS))]
    steady_elapsed = (steady[-1] - steady[0] + 1.0 / cap) if steady else float("inf")
    return Figures(
        mode=mode,
        sent=len(times),
        duplicates=sum(count - 1 for count in posted.values()),
        lost=lost,
        refused=limits.refused,
        refused_for_channel=limits.refused_for_channel,
        errors=limits.errors,
        elapsed=elapsed,
        from_start=(times[-1] - started) if times else float("inf"),
        share=(len(times) / elapsed) / (messages / allowed_seconds),
        steady_share=(len(steady) / steady_elapsed) / (messages / allowed_seconds),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 messages to 200 people, cap 50/s")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--cap", type=int, default=20, help="the fake's workspace cap, posts a second")
    parser.add_argument("--mode", nargs="+", choices=["run-due", "serve"], default=["run-due", "serve"])
    args = parser.parse_args()
    messages, people, cap = (1_000, 200, 50) if args.quick else (args.messages, args.people, args.cap)
    print(
        f"{messages} DMs to {people} people ({messages // people} each); fake Slack: 1 post/s per channel, "
        f"{cap} posts/s per workspace, {SERVER_ERRORS:.0%} HTTP 500; allowed rate {cap}/s"
    )
    print("mode      sent  dupes  lost  429s (channel)  500s  elapsed  from start  share (all)  share (steady 98 %)")
    for mode in args.mode:
        f = measure(mode, messages=messages, people=people, cap=cap)
        print(
            f"{f.mode:<8} {f.sent:>5} {f.duplicates:>6} {f.lost:>5} {f.refused:>5} {f'({f.refused_for_channel})':>9} "
            f"{f.errors:>5} "
            f"{f.elapsed:>7.1f}s {f.from_start:>10.1f}s {f.share:>11.0%} {f.steady_share:>20.0%}",
            flush=True,
        )


if __name__ == "__main__":
    main()
