"""Tick cost vs org size: planning and relay time and SQL statements at 1k, 10k, 100k people with the
same number of deliveries due at the tick, and the peak memory of the process.

Usage: .venv/bin/python -m bench.tick_cost [--quick] [--people 1000 10000 100000] [--due 200]
       [--database-url URL]
Each size runs in its own process (so its peak RSS is its own) on a generated org (bench/org.py): the
first planning pass (everything is new: the upgrade case), an idle pass a minute later (what every
tick costs), then the relay sending the `due` reminders to a local fake Slack. "tick" = idle pass +
relay. Memory is the peak RSS of the process (resource.getrusage ru_maxrss), generation included.
SQLite in a temp file by default; --database-url takes an EMPTY PostgreSQL database (it is wiped).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine, event, text

from bench.org import NOW, generate
from bot.db import make_engine, make_sessions
from bot.domain.schedule import plan
from bot.migrate import upgrade
from bot.models import Base
from bot.scheduling.relay import Relay
from tests.support.fake_slack import FakeSlack


def measured(engine: Engine, work: Callable[[], Any]) -> tuple[float, int, Any]:
    """Seconds, SQL statements and result of `work`."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    try:
        result = work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return time.perf_counter() - started, statements, result


def one_size(people: int, due: int, database_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        if database_url:
            with engine.begin() as connection:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(url)
        sessions = make_sessions(engine)
        started = time.perf_counter()
        generate(sessions, people=people, due=due)
        generated = time.perf_counter() - started
        upgrade(url)  # as a restart after the org grew does (statistics refreshed)
        for n in range(due + 1):
            fake.add_user(f"U{n:07d}", tz="UTC")

        def planning(at: timedelta) -> Callable[[], int]:
            def run() -> int:
                with sessions.begin() as session:
                    return plan(session, now=NOW + at).queued

            return run

        first = measured(engine, planning(timedelta(0)))
        idle = measured(engine, planning(timedelta(minutes=1)))
        relay = Relay(sessions, WebClient(token="xoxb-bench", base_url=fake.url), owner="bench")
        sent = measured(engine, lambda: relay.run_once(NOW + timedelta(minutes=1)).sent)
        engine.dispose()
    return {
        "people": people,
        "generated_s": generated,
        "first": first[:2],
        "queued": first[2],
        "idle": idle[:2],
        "relay": sent[:2],
        "sent": sent[2],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def line(r: dict[str, Any]) -> str:
    tick = r["idle"][0] + r["relay"][0]
    return (
        f"{r['people']:>7} people  first plan {r['first'][0]:7.2f} s {r['first'][1]:>7} stmts ({r['queued']} queued)  "
        f"idle plan {r['idle'][0] * 1000:6.1f} ms {r['idle'][1]:>3} stmts  "
        f"relay {r['relay'][0]:6.2f} s {r['relay'][1]:>5} stmts ({r['sent']} sent)  "
        f"tick {tick:6.2f} s  peak RSS {r['peak_rss_mib']:6.1f} MiB  (generated in {r['generated_s']:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--due", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1k and 10k people on SQLite")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of SQLite")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.due, args.database_url)))
        return
    sizes = [1_000, 10_000] if args.quick else args.people
    database = ["--database-url", args.database_url] if args.database_url and not args.quick else []
    results = []
    for people in sizes:
        command = [sys.executable, "-m", "bench.tick_cost", "--one", str(people), "--due", str(args.due), *database]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(line(results[-1]), flush=True)
    base = results[0]["idle"][0] + results[0]["relay"][0]
    for r in results[1:]:
        ratio = (r["idle"][0] + r["relay"][0]) / base if base else 0
        print(f"tick at {r['people']} people = {ratio:.2f}x the tick at {results[0]['people']} (target <= 2x)")


if __name__ == "__main__":
    main()
