"""A generated org for benchmarks and tests: people under managers, monthly 1:1s, items, history.

`generate(sessions, people=..., due=...)` writes, with bulk inserts (SQLAlchemy Core executemany),
the rows the domain would have written for an org whose every pair set up a monthly 1:1 and recorded
`history` meetings: a tree of teams of TEAM_SIZE, each person (but the first) with a confirmed manager
and a series; per series `history` recapped meetings and the next, planned one; ~`items` action items
per person (most done, the open ones due after the planning horizon) with their history; a check-in
per last recap. Every row is new to the planner (its `plan_after` default: "at once").

Exactly `due` pairs meet on Wednesday afternoon, so the first planning pass at NOW (Monday 14:00 UTC)
queues their prep reminder due at once: `due` deliveries are due at the tick whatever the org size;
everything else the pass queues is due later.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from bot.calendar.recurrence import rule_for
from bot.db import SessionFactory
from bot.models import (
    ActionItem,
    ActionItemEvent,
    Cadence,
    CheckIn,
    Conversation,
    ConversationState,
    ItemStatus,
    OneOnOneSeries,
    Person,
    PersonStatus,
    Workspace,
)

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # a Monday, inside everyone's (UTC) working hours
TEAM = "TBENCH"
TEAM_SIZE = 8
CHUNK = 2_000  # people per batch of inserts: bounds the generator's memory
SET_UP_AT = NOW - timedelta(days=120)


@dataclass(frozen=True)
class Org:
    team_id: str
    people: int
    due: int
    now: datetime


def generate(sessions: SessionFactory, *, people: int, due: int, items: int = 10, history: int = 3) -> Org:
    """Write the org (people >= due + 1) into an empty database."""
    assert people > due, "the first person has no manager, so no 1:1"
    with sessions.begin() as session:
        session.execute(
            insert(Workspace), [{"team_id": TEAM, "name": "Bench", "created_at": SET_UP_AT, "updated_at": SET_UP_AT}]
        )
    for start in range(0, people, CHUNK):
        with sessions.begin() as session:
            _write_chunk(session, range(start, min(start + CHUNK, people)), due=due, items=items, history=history)
    with sessions.begin() as session:
        _move_sequences(session)
    return Org(TEAM, people, due, NOW)


def _meeting(n: int, due: int) -> datetime:
    """Person n's next 1:1: Wednesday 15:00 for the `due` first pairs (their prep reminder, two working
    days before at 10:00, was missed and goes at once), else from Thursday on, spread over 3 weeks."""
    if n <= due:
        return NOW + timedelta(days=2, hours=1)
    return NOW + timedelta(days=3 + n % 23, hours=1)


def _write_chunk(session: Session, span: range, *, due: int, items: int, history: int) -> None:
    rows: dict[type[Any], list[dict[str, Any]]] = {
        m: [] for m in (Person, OneOnOneSeries, Conversation, ActionItem, ActionItemEvent, CheckIn)
    }
    for n in span:
        rows[Person].append(_person(n))
        if n > 0:
            for model, row in _pair(n, due=due, items=items, history=history):
                rows[model].append(row)
    connection = session.connection()  # Core executemany: no ORM bookkeeping, no ids fetched back
    for model, values in rows.items():
        if values:
            connection.execute(insert(model.__table__), values)


def _person(n: int) -> dict[str, Any]:
    manager = (n - 1) // TEAM_SIZE + 1 if n > 0 else None
    return {
        "id": n + 1,
        "team_id": TEAM,
        "slack_user_id": f"U{n:07d}",
        "display_name": f"Person {n}",
        "tz": "UTC",
        "manager_id": manager,
        "manager_confirmed": manager is not None,
        "manager_confirmed_at": SET_UP_AT if manager is not None else None,
        "status": PersonStatus.ACTIVE,
        "profile_at": SET_UP_AT,
        "created_at": SET_UP_AT,
        "updated_at": SET_UP_AT,
    }


def _pair(n: int, *, due: int, items: int, history: int) -> Iterator[tuple[type[Any], dict[str, Any]]]:
    """Person n's series with their manager, its meetings, n's items and check-in."""
    employee, manager = n + 1, (n - 1) // TEAM_SIZE + 1
    upcoming = _meeting(n, due)
    anchor = upcoming.replace(tzinfo=None)
    stamps = {"team_id": TEAM, "created_at": SET_UP_AT, "updated_at": SET_UP_AT}
    yield (
        OneOnOneSeries,
        {
            "id": n,
            "employee_id": employee,
            "manager_id": manager,
            "cadence": Cadence.MONTHLY,
            "rrule": rule_for(Cadence.MONTHLY, anchor),
            "anchor_local": anchor.isoformat(timespec="seconds"),
            "tz": "UTC",
            "length_minutes": 30,
            "next_meeting_at": upcoming,
            "active": True,
            **stamps,
        },
    )
    pair = {"series_id": n, "employee_id": employee, "manager_id": manager, "length_minutes": 30, "prep_revision": 0}
    unrecorded = {"recap": None, "recap_submitted_at": None, "recap_revision": 0, "recap_submission": None}
    yield (
        Conversation,
        {
            "id": n * (history + 1),
            "scheduled_at": upcoming,
            "state": ConversationState.PLANNED,
            **unrecorded,
            **pair,
            **stamps,
        },
    )
    for k in range(1, history + 1):
        met = upcoming - timedelta(weeks=4 * k)
        recapped = met + timedelta(hours=2)
        yield (
            Conversation,
            {
                "id": n * (history + 1) + k,
                "scheduled_at": met,
                "state": ConversationState.HELD,
                "recap": {"takeaways": f"Talked about growth ({k})", "feedback": ""},
                "recap_submitted_at": recapped,
                "recap_revision": 1,
                "recap_submission": f"gen-{n}-{k}",
                **pair,
                **stamps,
            },
        )
    yield from _items(n, employee, manager, upcoming, items=items, history=history)


def _items(
    n: int, employee: int, manager: int, upcoming: datetime, *, items: int, history: int
) -> Iterator[tuple[type[Any], dict[str, Any]]]:
    last_recap = upcoming - timedelta(weeks=4) + timedelta(hours=2)
    open_in_last = False
    for j in range(items):
        k = j % history + 1
        recapped = upcoming - timedelta(weeks=4 * k) + timedelta(hours=2)
        item_id = n * items + j + 1
        done = j % 10 < 7
        open_in_last |= k == 1 and not done
        due_date: date | None = (NOW + timedelta(days=20 + j * 3)).date() if j % 2 else None
        yield (
            ActionItem,
            {
                "id": item_id,
                "team_id": TEAM,
                "conversation_id": n * (history + 1) + k,
                "owner_id": employee,
                "counterpart_id": manager,
                "text": f"Step {j} for person {n}",
                "due_date": due_date,
                "status": ItemStatus.DONE if done else ItemStatus.OPEN,
                "closed_at": recapped + timedelta(days=7) if done else None,
                "created_at": recapped,
                "updated_at": recapped + timedelta(days=7) if done else recapped,
            },
        )
        event = {"team_id": TEAM, "item_id": item_id, "actor_id": employee, "note": None}
        yield ActionItemEvent, {**event, "at": recapped, "from_status": None, "to_status": ItemStatus.OPEN}
        if done:
            closed = recapped + timedelta(days=7)
            yield ActionItemEvent, {**event, "at": closed, "from_status": ItemStatus.OPEN, "to_status": ItemStatus.DONE}
    if open_in_last:
        check_in_due = last_recap + timedelta(days=21)
        answered = check_in_due < NOW + timedelta(days=1)  # none is due at the tick
        yield (
            CheckIn,
            {
                "team_id": TEAM,
                "conversation_id": n * (history + 1) + 1,
                "owner_id": employee,
                "due_at": check_in_due,
                "sent_at": check_in_due if answered else None,
                "completed_at": check_in_due + timedelta(hours=1) if answered else None,
                "created_at": last_recap,
                "updated_at": last_recap,
            },
        )


def _move_sequences(session: Session) -> None:
    """PostgreSQL: the ids given here are past each table's sequence; move it on (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (Person, OneOnOneSeries, Conversation, ActionItem, ActionItemEvent, CheckIn):
        table = model.__tablename__
        top = session.scalar(select(func.max(model.id)))
        if top is not None:
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {int(top)})"))
