"""Outbox rows written as stored JSON, bypassing the typed contract: for tests about rows an older version
(or a bug) queued, which `enqueue` and `notice` can no longer write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryKind, DeliveryState, Person


def queue_stored_row(
    session: Session,
    *,
    team_id: str,
    kind: DeliveryKind,
    key: str,
    due_at: datetime,
    now: datetime,
    recipient: Person | None = None,
    stored: dict[str, Any] | None = None,
) -> Delivery:
    """A pending delivery whose `Delivery.payload` is `stored` exactly as given, keyed like `enqueue` keys it."""
    delivery = Delivery(
        team_id=team_id,
        kind=kind,
        idempotency_key=f"{team_id}:{key}",
        recipient_id=recipient.id if recipient is not None else None,
        due_at=due_at,
        state=DeliveryState.PENDING,
        payload=stored or {},
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(delivery)
    session.flush()
    return delivery
