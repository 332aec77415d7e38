"""What operators see of the outbox: pending, failed and recent deliveries, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads.stored import describe
from bot.models import Delivery, DeliveryKind, DeliveryState, Person

# The states an operator watches: waiting, being sent, given up on.
WATCHED_STATES = (DeliveryState.PENDING, DeliveryState.CLAIMED, DeliveryState.FAILED)


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    team_id: str
    kind: str
    what: str
    target: str
    due_at: datetime
    state: str
    attempts: int
    last_error: str


def delivery_rows(session: Session, *, states: list[DeliveryState] | None = None, limit: int = 50) -> list[DeliveryRow]:
    query = (
        select(Delivery, Person.slack_user_id)
        .outerjoin(Person, Person.id == Delivery.recipient_id)
        .order_by(Delivery.due_at.desc(), Delivery.id.desc())
        .limit(limit)
    )
    if states:
        query = query.where(Delivery.state.in_(states))
    return [
        DeliveryRow(
            id=d.id,
            team_id=d.team_id,
            kind=d.kind.value,
            what=describe(d),
            target=d.channel_id or user or "-",
            due_at=d.due_at,
            state=d.state.value,
            attempts=d.attempts,
            last_error=(d.last_error or "").replace("\n", " "),
        )
        for d, user in session.execute(query)
    ]


def state_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
    return {state.value: count for state, count in rows}


@dataclass(frozen=True)
class Backlog:
    """How many deliveries wait, are being sent or failed, by kind; and since when the relay is behind."""

    counts: dict[tuple[DeliveryKind, DeliveryState], int]
    oldest_due: datetime | None  # the earliest due time of a pending delivery already due, if any


def backlog(session: Session, *, now: datetime) -> Backlog:
    """One GROUP BY over the watched states (the (state, due_at) index narrows it to them)."""
    due = case((and_(Delivery.state == DeliveryState.PENDING, Delivery.due_at <= now), Delivery.due_at))
    rows = session.execute(
        select(Delivery.kind, Delivery.state, func.count(), func.min(due))
        .where(Delivery.state.in_(WATCHED_STATES))
        .group_by(Delivery.kind, Delivery.state)
    )
    counts: dict[tuple[DeliveryKind, DeliveryState], int] = {}
    oldest: datetime | None = None
    for kind, state, count, oldest_due in rows:
        counts[(kind, state)] = count
        if oldest_due is not None and (oldest is None or oldest_due < oldest):
            oldest = oldest_due
    return Backlog(counts, oldest)
