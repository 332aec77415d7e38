"""Leases on deliveries: a relay claims due rows for a while, renews them while it works, and rows
whose lease ran out (a process died mid-send) go back to the queue. Safe with several relays on
PostgreSQL (SKIP LOCKED); SQLite serialises writers."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryState, Workspace

LEASE = timedelta(minutes=5)


def default_owner() -> str:
    """A lease owner name unique to this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def reap(session: Session, now: datetime) -> int:
    """Return deliveries whose lease expired before `now` to the queue; how many."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.CLAIMED, Delivery.lease_expires_at < now)
        .values(state=DeliveryState.PENDING, lease_owner=None, lease_expires_at=None, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery and the channel it goes to: a channel id, or `person:<id>` for a DM."""

    id: int
    team_id: str
    lane: str


def claim(
    session: Session, *, owner: str, now: datetime, until: datetime, ids: Sequence[int] | None, limit: int
) -> list[int]:
    """Claim up to `limit` due, pending deliveries of workspaces that may send (of `ids`, if given)."""
    return [row.id for row in claim_rows(session, owner=owner, now=now, until=until, ids=ids, limit=limit)]


def claim_rows(
    session: Session, *, owner: str, now: datetime, until: datetime, ids: Sequence[int] | None, limit: int
) -> list[Claimed]:
    """As `claim`, with where each delivery goes. A workspace Slack asked to slow down (429) waits
    until its pause is over, whichever process heard it."""
    query = (
        select(Delivery)
        .join(Workspace, Workspace.team_id == Delivery.team_id)
        .where(
            Delivery.state == DeliveryState.PENDING,
            Delivery.due_at <= now,
            Workspace.sends_blocked_reason.is_(None),
            or_(Workspace.sends_paused_until.is_(None), Workspace.sends_paused_until <= now),
        )
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(Delivery.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Delivery, skip_locked=True)
    rows = list(session.scalars(query))
    for row in rows:
        row.state = DeliveryState.CLAIMED
        row.lease_owner = owner
        row.lease_expires_at = until
        row.updated_at = now
    return [Claimed(row.id, row.team_id, row.channel_id or f"person:{row.recipient_id}") for row in rows]


def renew(session: Session, ids: Sequence[int], *, owner: str, until: datetime) -> None:
    """Extend `owner`'s leases on `ids` to `until` (rows already sent or taken over are left alone)."""
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.state == DeliveryState.CLAIMED, Delivery.lease_owner == owner)
        .values(lease_expires_at=until)
    )


def give_back(session: Session, ids: Sequence[int], *, owner: str, now: datetime) -> int:
    """Return `owner`'s claimed `ids` to the queue untouched (a relay shutting down); how many."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.state == DeliveryState.CLAIMED, Delivery.lease_owner == owner)
        .values(state=DeliveryState.PENDING, lease_owner=None, lease_expires_at=None, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
