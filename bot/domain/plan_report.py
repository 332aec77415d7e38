"""One planning pass's tally: the reminders it wants queued, checked against the outbox in bulk, and
each swept row's next planning moment.

Each kind of reminder (bot.domain.schedule, check_ins, due_reminders) notes candidates here; `flush`
queues those whose idempotency key the outbox doesn't hold yet (one INSERT), so planning again changes nothing,
and moves each row's `plan_after` on to the moment noted with `later`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import bindparam, select, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import PlannedReminder, enqueue_planned
from bot.domain.outbox_payloads import KindPayload
from bot.models import Delivery, DeliveryKind, Person
from bot.models.base import Planned

# Rows swept per query: bounds the memory of a first pass over a big org, and the IN lists.
CHUNK = 500

P = TypeVar("P", bound=Planned)


class Swept(Protocol):
    """A row the planner sweeps: a Planned model with an integer id."""

    id: int
    plan_after: datetime | None


@dataclass
class PlanReport:
    """What a planning pass queued; candidates are checked against the outbox in bulk."""

    queued: int = 0
    candidates: list[PlannedReminder] = field(default_factory=list)
    # model -> [(row id, the plan_after it was swept with, its next one)]
    moments: dict[type[Any], list[tuple[int, datetime | None, datetime | None]]] = field(default_factory=dict)

    def queue(self, *, kind: DeliveryKind, key: str, recipient: Person, due: datetime, payload: KindPayload) -> None:
        """Note a reminder for the next `flush` (which skips it if the outbox already holds its key)."""
        self.candidates.append(PlannedReminder(kind, key, recipient, due, payload))

    def later(self, row: Swept, at: datetime | None) -> None:
        """Note the next moment this swept row has something to plan (None: only once it changes)."""
        self.moments.setdefault(type(row), []).append((row.id, row.plan_after, at))

    def flush(self, session: Session, now: datetime) -> None:
        """Queue the candidates the outbox doesn't hold yet (one query per 500 keys, not per reminder),
        then store the rows' next planning moments."""
        wanted = {f"{c.recipient.team_id}:{c.key}": c for c in self.candidates}
        self.candidates = []
        keys = list(wanted)
        known: set[str] = set()
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            known.update(session.scalars(select(Delivery.idempotency_key).where(Delivery.idempotency_key.in_(chunk))))
        fresh = [c for full_key, c in wanted.items() if full_key not in known]
        self.queued += enqueue_planned(session, fresh, now=now)
        self._store_moments(session)

    def _store_moments(self, session: Session) -> None:
        # Compare-and-set: a row a change marked while this pass ran keeps that mark (planned again).
        for model, moments in self.moments.items():
            table = model.__table__
            stmt = (
                update(table)
                .where(table.c.id == bindparam("row_id"), table.c.plan_after == bindparam("seen"))
                .values(plan_after=bindparam("next_at"))
            )
            params = [{"row_id": i, "seen": seen, "next_at": at} for i, seen, at in moments if at != seen]
            if params:
                session.execute(stmt, params)
        self.moments = {}


def due_rows(
    session: Session, model: type[P], *, team_id: str, now: datetime, options: tuple[ORMOption, ...] = ()
) -> Iterator[list[P]]:
    """The workspace's rows whose planning moment has come, CHUNK at a time, in (plan_after, id) order
    along the (team_id, plan_after) index: one query reading no row when none is due, and a big first
    pass never holds more than a chunk. A row a change marks while the pass runs waits for the next."""
    table: Any = model
    after: tuple[datetime, int] | None = None
    while True:
        stmt = select(model).options(*options).where(table.team_id == team_id, table.plan_after <= now)
        if after is not None:
            stmt = stmt.where(tuple_(table.plan_after, table.id) > tuple_(*after))
        rows = list(session.scalars(stmt.order_by(table.plan_after, table.id).limit(CHUNK)))
        if len(rows) == CHUNK:
            last: Any = rows[-1]
            after = (last.plan_after, last.id)
        if rows:
            yield rows
        if len(rows) < CHUNK:
            return


def catch_up(due: datetime, *, now: datetime, hours: WorkingHours, deadline: datetime) -> datetime | None:
    """A due time that was missed (downtime, late setup) moves to now if it still makes sense."""
    if due >= now:
        return due
    late = hours.next_open(now)
    return late if late < deadline else None
