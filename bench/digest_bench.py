"""Digest build: time and SQL statements per team digest (and for the workspace digest) in a big org.

Usage: .venv/bin/python -m bench.digest_bench [--managers 1000] [--reports 20] [--database-url URL] [--quick]
Generates the org with bulk inserts (each report with a monthly 1:1 series, two held 1:1s with two items
each, and a planned next one), then builds every manager's team digest as the relay renders it (the
domain values and the Block Kit message, in a transaction of its own) and the workspace digest, and
prints time and statements per digest: median, p99 and max. SQLite in a temp file by default;
`--database-url` takes an empty PostgreSQL database (its tables are dropped and migrated first).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, text
from sqlalchemy.orm import Session

from bot.calendar.recurrence import rule_for
from bot.db import SessionFactory, make_engine, make_sessions
from bot.domain.digest.coverage import org_digest
from bot.domain.digest.team import team_digest
from bot.migrate import upgrade
from bot.models import (
    ActionItem,
    Base,
    Cadence,
    Conversation,
    ConversationState,
    ItemStatus,
    OneOnOneSeries,
    Person,
    PersonStatus,
    Workspace,
)
from bot.slack.blocks.digest import org_digest_message, team_digest_message

TEAM = "T0001"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # a Monday
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")


@dataclass(frozen=True)
class Org:
    managers: list[int]


def generate(session: Session, *, managers: int, reports: int) -> Org:
    """The org in a few bulk inserts, with ids given here (the database is empty)."""
    session.execute(insert(Workspace), [{"team_id": TEAM, "name": "Bench", "created_at": NOW, "updated_at": NOW}])
    people: list[dict[str, Any]] = []
    series: list[dict[str, Any]] = []
    conversations: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for m in range(managers):
        manager_id = m + 1
        people.append(_person(manager_id, f"UM{m:06d}", f"Manager {m}", None, m))
        for r in range(reports):
            n = m * reports + r
            person_id = managers + n + 1
            people.append(_person(person_id, f"UR{n:07d}", f"Report {n}", manager_id, n))
            series.append(_series(n + 1, person_id, manager_id, n))
            for k, months_ago in enumerate((2, 1, 0)):  # two held, and the next one planned
                conversation_id = 3 * n + k + 1
                at = NOW - timedelta(days=30 * months_ago - 10 - n % 7)
                held = months_ago > 0
                conversations.append(_conversation(conversation_id, n + 1, person_id, manager_id, at, held=held))
                if held:
                    for owner, counterpart in ((person_id, manager_id), (manager_id, person_id)):
                        items.append(_item(len(items) + 1, conversation_id, owner, counterpart, at, n))
    for model, rows in ((Person, people), (OneOnOneSeries, series), (Conversation, conversations), (ActionItem, items)):
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])
    return Org(managers=list(range(1, managers + 1)))


def _person(person_id: int, user: str, name: str, manager_id: int | None, n: int) -> dict[str, Any]:
    return {
        "id": person_id,
        "team_id": TEAM,
        "slack_user_id": user,
        "display_name": name,
        "tz": ZONES[n % len(ZONES)],
        "manager_id": manager_id,
        "manager_confirmed": manager_id is not None,
        "manager_confirmed_at": NOW - timedelta(days=200) if manager_id is not None else None,
        "status": PersonStatus.ACTIVE,
        "created_at": NOW - timedelta(days=200),
        "updated_at": NOW,
    }


def _series(series_id: int, employee_id: int, manager_id: int, n: int) -> dict[str, Any]:
    anchor = datetime(2026, 6, 1 + n % 28, 10 + n % 7, 0)
    return {
        "id": series_id,
        "team_id": TEAM,
        "employee_id": employee_id,
        "manager_id": manager_id,
        "cadence": Cadence.MONTHLY,
        "rrule": rule_for(Cadence.MONTHLY, anchor),
        "anchor_local": anchor.isoformat(timespec="seconds"),
        "tz": ZONES[n % len(ZONES)],
        "length_minutes": 30,
        "next_meeting_at": NOW + timedelta(days=10 + n % 7),
        "active": True,
        "created_at": NOW - timedelta(days=200),
        "updated_at": NOW,
    }


def _conversation(
    conversation_id: int, series_id: int, employee_id: int, manager_id: int, at: datetime, *, held: bool
) -> dict[str, Any]:
    shared = not held and conversation_id % 2 == 0
    return {
        "id": conversation_id,
        "team_id": TEAM,
        "series_id": series_id,
        "employee_id": employee_id,
        "manager_id": manager_id,
        "scheduled_at": at,
        "length_minutes": 30,
        "state": ConversationState.HELD if held else ConversationState.PLANNED,
        "prep_revision": 0,
        "recap_revision": 0,
        "prep_shared_at": at - timedelta(days=1) if shared else None,
        "prep_shared_with_id": manager_id if shared else None,
        "created_at": at - timedelta(days=30),
        "updated_at": at,
    }


def _item(item_id: int, conversation_id: int, owner: int, counterpart: int, at: datetime, n: int) -> dict[str, Any]:
    return {
        "id": item_id,
        "team_id": TEAM,
        "conversation_id": conversation_id,
        "owner_id": owner,
        "counterpart_id": counterpart,
        "text": f"Step {item_id}",
        "due_date": (at + timedelta(days=14)).date(),
        "status": ItemStatus.DONE if (item_id + n) % 3 == 0 else ItemStatus.OPEN,
        "created_at": at,
        "updated_at": at,
    }


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def build_team_digest(sessions: SessionFactory, manager_id: int) -> int:
    """One team digest as the relay renders it for the manager's DM; how many report lines it has."""
    with sessions.begin() as session:
        owner = session.get(Person, manager_id)
        assert owner is not None
        digest = team_digest(session, owner=owner, now=NOW, with_titles=True)
        team_digest_message(digest, subscription_id=1, in_channel=False, schedule="Mondays at 9:00")
        return len(digest.reports)


def build_org_digest(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        digest = org_digest(session, team_id=TEAM, tz="Europe/Berlin", now=NOW)
        org_digest_message(digest, subscription_id=1, schedule="Mondays at 9:00")
        return len(digest.managers)


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered):7.1f}  p99 {p99:7.1f}  max {ordered[-1]:7.1f}"


def run(managers: int, reports: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'digest_bench.db'}"
        engine = make_engine(url)
        if database_url:
            with engine.begin() as connection:
                Base.metadata.drop_all(connection)
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(url)
        sessions = make_sessions(engine)
        started = time.perf_counter()
        with sessions.begin() as session:
            org = generate(session, managers=managers, reports=reports)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(
            f"{engine.dialect.name}: {managers} managers x {reports} reports generated in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        build_team_digest(sessions, org.managers[0])  # warm up: SQL compilation is a once-per-process cost
        times, statements, lines = [], [], 0
        for manager_id in org.managers:
            with counted(engine) as seen:
                started = time.perf_counter()
                lines += build_team_digest(sessions, manager_id)
                times.append((time.perf_counter() - started) * 1000)
            statements.append(float(len(seen)))
        print(f"  team digest ({len(times)} built, {lines} report lines)")
        print(f"    time, ms     {spread(times)}")
        print(f"    statements   {spread(statements)}")
        with counted(engine) as seen:
            started = time.perf_counter()
            shown = build_org_digest(sessions)
            took = (time.perf_counter() - started) * 1000
        print(f"  workspace digest ({shown} managers): {took:.1f} ms, {len(seen)} statements", flush=True)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--managers", type=int, default=1000)
    parser.add_argument("--reports", type=int, default=20, help="reports per manager")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of SQLite")
    parser.add_argument("--quick", action="store_true", help="100 managers: a smoke run")
    args = parser.parse_args()
    run(100 if args.quick else args.managers, args.reports, args.database_url)


if __name__ == "__main__":
    main()
