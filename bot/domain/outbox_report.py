"""What operators see of the outbox: pending, failed and recent deliveries, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryKind, DeliveryState, Person

# Payload switches worth seeing next to the kind.
_FLAGS = {"follow_up": "follow-up", "snoozed": "snoozed", "immediate": "immediate"}


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
            what=describe(d.kind, d.payload),
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


def describe(kind: DeliveryKind, payload: dict[str, Any]) -> str:
    """Which message a delivery is, from its payload: a notice's template and the records it is about,
    e.g. "manager_declined, request 12" or "conversation 7, follow-up". Never any text people wrote."""
    parts: list[str] = []
    template = payload.get("template")
    if kind is DeliveryKind.NOTICE and isinstance(template, str):
        parts.append(template)
    for key, value in payload.items():
        if key.endswith("_id") and isinstance(value, int | str):
            parts.append(f"{key.removesuffix('_id').replace('_', ' ')} {value}")
        elif key.endswith("_ids") and isinstance(value, list) and value:
            parts.append(f"{key.removesuffix('_ids').replace('_', ' ')}s {','.join(str(v) for v in value)}")
    parts.extend(flag for key, flag in _FLAGS.items() if payload.get(key) is True)
    return ", ".join(parts) or "-"
