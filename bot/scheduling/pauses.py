"""Slack's Retry-After for a whole workspace, kept in the database so every relay process honours
it; and when the outbox next has something a relay may send."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryState, Workspace


def pause_workspace(session: Session, *, team_id: str, until: datetime) -> None:
    """No relay claims `team_id`'s deliveries before `until` (a later pause already set stays)."""
    session.execute(
        update(Workspace)
        .where(
            Workspace.team_id == team_id,
            or_(Workspace.sends_paused_until.is_(None), Workspace.sends_paused_until < until),
        )
        .values(sends_paused_until=until)
    )


def hold_until(session: Session, ids: Sequence[int], *, owner: str, until: datetime, now: datetime) -> int:
    """Give `owner`'s claimed `ids` back to the queue, due no earlier than `until`; how many."""
    if not ids:
        return 0
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.state == DeliveryState.CLAIMED, Delivery.lease_owner == owner)
        .values(
            state=DeliveryState.PENDING,
            due_at=case((Delivery.due_at < until, until), else_=Delivery.due_at),
            lease_owner=None,
            lease_expires_at=None,
            updated_at=now,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_due(session: Session, now: datetime) -> datetime | None:
    """When a relay may next send something: the earliest due time among pending deliveries of
    workspaces that may send, or the end of a workspace's pause if sooner. None when nothing waits.
    Two indexed look-ups, whatever the size of the outbox."""
    ready = or_(Workspace.sends_paused_until.is_(None), Workspace.sends_paused_until <= now)
    earliest = session.scalar(
        select(Delivery.due_at)
        .join(Workspace, Workspace.team_id == Delivery.team_id)
        .where(Delivery.state == DeliveryState.PENDING, Workspace.sends_blocked_reason.is_(None), ready)
        .order_by(Delivery.due_at)
        .limit(1)
    )
    pause_ends = session.scalar(
        select(func.min(Workspace.sends_paused_until)).where(
            Workspace.sends_paused_until > now, Workspace.sends_blocked_reason.is_(None)
        )
    )
    found = [when for when in (earliest, pause_ends) if when is not None]
    return min(found) if found else None
