"""One planning pass's tally: the reminders it wants queued, checked against the outbox in bulk.

Each kind of reminder (bot.domain.schedule, check_ins, due_reminders) notes candidates here; `flush`
queues those whose idempotency key the outbox doesn't hold yet, so planning again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import KindPayload
from bot.models import Delivery, DeliveryKind, Person


@dataclass(frozen=True)
class Candidate:
    kind: DeliveryKind
    key: str
    recipient: Person
    due: datetime
    payload: KindPayload


@dataclass
class PlanReport:
    """What a planning pass queued; candidates are checked against the outbox in bulk."""

    queued: int = 0
    candidates: list[Candidate] = field(default_factory=list)

    def queue(self, *, kind: DeliveryKind, key: str, recipient: Person, due: datetime, payload: KindPayload) -> None:
        """Note a reminder for the next `flush` (which skips it if the outbox already holds its key)."""
        self.candidates.append(Candidate(kind, key, recipient, due, payload))

    def flush(self, session: Session, now: datetime) -> None:
        """Queue the candidates the outbox doesn't hold yet: one query per 500 keys, not per reminder."""
        wanted = {f"{c.recipient.team_id}:{c.key}": c for c in self.candidates}
        self.candidates = []
        keys = list(wanted)
        known: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            known.update(session.scalars(select(Delivery.idempotency_key).where(Delivery.idempotency_key.in_(chunk))))
        for full_key, c in wanted.items():
            if full_key in known:
                continue
            enqueue(
                session,
                team_id=c.recipient.team_id,
                kind=c.kind,
                key=c.key,
                due_at=c.due,
                now=now,
                recipient=c.recipient,
                payload=c.payload,
            )
            self.queued += 1


def catch_up(due: datetime, *, now: datetime, hours: WorkingHours, deadline: datetime) -> datetime | None:
    """A due time that was missed (downtime, late setup) moves to now if it still makes sense."""
    if due >= now:
        return due
    late = hours.next_open(now)
    return late if late < deadline else None
