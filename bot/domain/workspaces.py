"""Workspace rows: created on first contact, blocked when tokens are revoked, erased on uninstall."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryState, Workspace


def ensure_workspace(session: Session, *, team_id: str, now: datetime) -> Workspace:
    """The workspace row for `team_id`, created with the product defaults on first contact."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, created_at=now, updated_at=now)
        session.add(workspace)
        session.flush()
    elif workspace.uninstalled_at is not None:
        # Reinstalled after an uninstall: start clean and allow sends again.
        workspace.uninstalled_at = None
        workspace.sends_blocked_reason = None
        workspace.updated_at = now
    return workspace


def block_sends(session: Session, *, team_id: str, reason: str, now: datetime) -> None:
    """Stop every send for a workspace (revoked token) and cancel what is queued, with the reason."""
    workspace = ensure_workspace(session, team_id=team_id, now=now)
    workspace.sends_blocked_reason = reason
    workspace.updated_at = now
    session.execute(
        update(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.state.in_([DeliveryState.PENDING, DeliveryState.CLAIMED]),
        )
        .values(state=DeliveryState.CANCELLED, last_error=f"workspace blocked: {reason}", updated_at=now)
    )


class Erased(StrEnum):
    """What an uninstall did to the workspace's data (said in the log)."""

    ERASED = "erased"
    ALREADY_GONE = "already gone"
    KEPT = "kept: the workspace was installed again after that uninstall"


def erase_workspace(session: Session, *, team_id: str, uninstalled_at: datetime) -> Erased:
    """Delete everything stored for a workspace (the app was uninstalled at `uninstalled_at`).

    A workspace stored after that moment belongs to a later install: a late retry of the old
    uninstall event must not erase it."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return Erased.ALREADY_GONE
    if workspace.created_at > uninstalled_at:
        return Erased.KEPT
    # Rows of every other table reference the workspace with ON DELETE CASCADE.
    session.execute(delete(Workspace).where(Workspace.team_id == team_id))
    return Erased.ERASED
