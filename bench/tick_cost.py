"""Tick cost vs org size: planning and relay time and SQL statements at 1k, 10k, 100k people with the
same number of deliveries due at the tick, and the peak memory of the process.

Usage: .venv/bin/python -m bench.tick_cost [--quick] [--people 1000 10000 100000] [--due 200]
       [--database-url URL]
Per size, on a generated org (bench/org.py): one process generates it and runs the first planning pass
(everything is new: the upgrade case); a fresh process then runs a tick: an idle planning pass a
minute later (what every tick costs) and the relay sending the `due` reminders to a local fake Slack.
"tick" = idle pass + relay. Memory is each process's peak RSS (resource.getrusage ru_maxrss).
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
from bot.db import SessionFactory, make_engine, make_sessions
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


def prepare(people: int, due: int, url: str, *, wipe: bool) -> dict[str, Any]:
    """Generate the org and run the first planning pass (a process of its own)."""
    engine = make_engine(url)
    if wipe:
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(url)
    started = time.perf_counter()
    generate(make_sessions(engine), people=people, due=due)
    generated = time.perf_counter() - started
    upgrade(url)  # as a restart after the org grew does (SQLite's statistics refreshed)
    autovacuum(engine, "ANALYZE")
    first = measured(engine, planning(make_sessions(engine), timedelta(0)))
    # The first pass rewrote every row's plan_after: until vacuumed, PostgreSQL's index still holds the
    # old entries and an idle pass steps over them (100k people: 46 ms, then ~4 ms once vacuumed).
    autovacuum(engine, "VACUUM ANALYZE")
    engine.dispose()
    return {"generated_s": generated, "first": first[:2], "queued": first[2], "setup_rss_mib": peak_rss_mib()}


def autovacuum(engine: Engine, command: str) -> None:
    """PostgreSQL: what autovacuum does after a bulk change (SQLite needs nothing)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(command)


def one_tick(due: int, url: str) -> dict[str, Any]:
    """What a tick costs once the org is planned: an idle pass, then the relay (a fresh process)."""
    engine = make_engine(url)
    sessions = make_sessions(engine)
    with FakeSlack() as fake:
        for n in range(due + 1):
            fake.add_user(f"U{n:07d}", tz="UTC")
        planning(sessions, timedelta(seconds=30))()  # a running process has its statements compiled already
        idle = measured(engine, planning(sessions, timedelta(minutes=1)))
        tick_at = NOW + timedelta(minutes=1)
        # The relay reads its clock for holds and outcomes: the tick's instant, not today's date.
        relay = Relay(sessions, WebClient(token="xoxb-bench", base_url=fake.url), owner="bench", clock=lambda: tick_at)
        sent = measured(engine, lambda: relay.run_once(tick_at).sent)
    engine.dispose()
    return {"idle": idle[:2], "relay": sent[:2], "sent": sent[2], "tick_rss_mib": peak_rss_mib()}


def planning(sessions: SessionFactory, at: timedelta) -> Callable[[], int]:
    def run() -> int:
        with sessions.begin() as session:
            return plan(session, now=NOW + at).queued

    return run


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def one_size(people: int, due: int, database_url: str | None) -> dict[str, Any]:
    """Both phases for one size, each in its own process, on one database."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        result = {"people": people}
        for phase in ("prepare", "tick"):
            command = [sys.executable, "-m", "bench.tick_cost", f"--{phase}", str(people), "--due", str(due)]
            command += ["--database-url", url] + (["--wipe"] if database_url else [])
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            result.update(json.loads(out.strip().splitlines()[-1]))
    return result


def line(r: dict[str, Any]) -> str:
    tick = r["idle"][0] + r["relay"][0]
    return (
        f"{r['people']:>7} people  first plan {r['first'][0]:7.2f} s {r['first'][1]:>7} stmts ({r['queued']} queued)  "
        f"idle plan {r['idle'][0] * 1000:6.1f} ms {r['idle'][1]:>3} stmts  "
        f"relay {r['relay'][0]:6.2f} s {r['relay'][1]:>5} stmts ({r['sent']} sent)  "
        f"tick {tick:6.2f} s  peak RSS: tick {r['tick_rss_mib']:5.1f} MiB, generation + first plan "
        f"{r['setup_rss_mib']:5.1f} MiB  (generated in {r['generated_s']:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--due", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1k and 10k people on SQLite")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of SQLite")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)  # internal: one phase, as JSON
    parser.add_argument("--tick", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--wipe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare, args.due, args.database_url, wipe=args.wipe)))
        return
    if args.tick:
        print(json.dumps(one_tick(args.due, args.database_url)))
        return
    sizes = [1_000, 10_000] if args.quick else args.people
    database_url = None if args.quick else args.database_url
    results = []
    for people in sizes:
        results.append(one_size(people, args.due, database_url))
        print(line(results[-1]), flush=True)
    base = results[0]["idle"][0] + results[0]["relay"][0]
    for r in results[1:]:
        ratio = (r["idle"][0] + r["relay"][0]) / base if base else 0
        print(f"tick at {r['people']} people = {ratio:.2f}x the tick at {results[0]['people']} (target <= 2x)")
    short = [r for r in results if r["sent"] != args.due]
    if short:  # a tick that sent less than was due measured nothing worth printing
        raise SystemExit(f"the relay sent {[r['sent'] for r in short]} of {args.due} due: these figures are wrong")


if __name__ == "__main__":
    main()
