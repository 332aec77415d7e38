"""Workspace rows: created on first contact, blocked while Slack refuses the token, erased on uninstall.

A blocked workspace's deliveries are held in the outbox, never cancelled: when the token works
again (a later check, a restart with a new token) they flow, and each renderer decides then
whether its message still makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.handled import used_since
from bot.models import Delivery, DeliveryState, Workspace

# Deliveries cancelled by the blocking of earlier versions carry this prefix; unblocking requeues them.
LEGACY_BLOCK_PREFIX = "workspace blocked: "


@dataclass(frozen=True)
class BlockedWorkspace:
    """A workspace whose sends are held, why, since when, and how much waits."""

    team_id: str
    reason: str
    since: datetime | None
    checked_at: datetime | None
    held: int


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
        _clear_block(workspace, now)
    elif workspace.sends_blocked_reason is not None and workspace.token_checked_at is not None:
        # Someone uses the bot in a blocked workspace (perhaps just reinstalled): check the token
        # at the next tick instead of waiting for the periodic re-check.
        workspace.token_checked_at = None
    return workspace


def block_sends(session: Session, *, team_id: str, reason: str, now: datetime, confirmed: bool) -> bool:
    """Hold every send for an existing workspace; True if it was not blocked before.

    A workspace that is gone (uninstalled, erased) stays gone: a late `tokens_revoked` must not
    bring it back. `confirmed` says auth.test refused the token just now; otherwise the next tick
    checks the token before the block lasts (the event may be about a token replaced since)."""
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.uninstalled_at is not None:
        return False
    newly = workspace.sends_blocked_reason is None
    workspace.sends_blocked_reason = reason
    if newly or workspace.sends_blocked_at is None:
        workspace.sends_blocked_at = now
    workspace.token_checked_at = now if confirmed else None
    workspace.updated_at = now
    session.flush()
    return newly


def unblock_sends(session: Session, *, team_id: str, now: datetime) -> int | None:
    """Let a blocked workspace send again; None if it was not blocked, else how many deliveries wait.

    Deliveries cancelled by the old all-or-nothing block are requeued too: their renderers cancel
    the ones whose moment has passed, with the reason, when they come up."""
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.sends_blocked_reason is None:
        return None
    _clear_block(workspace, now)
    session.execute(
        update(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.state == DeliveryState.CANCELLED,
            Delivery.last_error.startswith(LEGACY_BLOCK_PREFIX),
        )
        .values(state=DeliveryState.PENDING, last_error="held while the workspace was blocked", updated_at=now)
    )
    return _held_count(session, team_id)


def note_token_check(session: Session, *, team_id: str, reason: str | None, now: datetime) -> None:
    """Record a re-check that did not unblock (Slack still refuses, or could not be asked)."""
    workspace = session.get(Workspace, team_id)
    if workspace is None or workspace.sends_blocked_reason is None:
        return
    if reason is not None:
        workspace.sends_blocked_reason = reason
    workspace.token_checked_at = now
    workspace.updated_at = now


def due_for_token_check(session: Session, *, now: datetime, every: timedelta) -> list[str]:
    """Blocked workspaces whose token was not checked within `every` (or never)."""
    return list(
        session.scalars(
            select(Workspace.team_id)
            .where(
                Workspace.sends_blocked_reason.is_not(None),
                or_(Workspace.token_checked_at.is_(None), Workspace.token_checked_at <= now - every),
            )
            .order_by(Workspace.team_id)
        )
    )


def blocked_workspaces(session: Session, team_id: str | None = None) -> list[BlockedWorkspace]:
    """Every blocked workspace (or just `team_id` if blocked), with its held deliveries counted."""
    query = select(Workspace).where(Workspace.sends_blocked_reason.is_not(None)).order_by(Workspace.team_id)
    if team_id is not None:
        query = query.where(Workspace.team_id == team_id)
    return [
        BlockedWorkspace(
            team_id=w.team_id,
            reason=w.sends_blocked_reason or "",
            since=w.sends_blocked_at,
            checked_at=w.token_checked_at,
            held=_held_count(session, w.team_id),
        )
        for w in session.scalars(query)
    ]


class Erased(StrEnum):
    """What an uninstall did to the workspace's data (said in the log)."""

    ERASED = "erased"
    ALREADY_GONE = "already gone"
    KEPT = "kept: the workspace was installed again after that uninstall"


def erase_workspace(
    session: Session, *, team_id: str, uninstalled_at: datetime, request_key: str | None = None
) -> Erased:
    """Delete everything stored for a workspace (the app was uninstalled at `uninstalled_at`).

    A workspace stored after that moment, or used after it (a request other than this event's own,
    `request_key`, was handled since), belongs to a later install: a late delivery or retry of the
    old uninstall event must not erase it."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return Erased.ALREADY_GONE
    if workspace.created_at > uninstalled_at:
        return Erased.KEPT
    if request_key is not None and used_since(session, team_id=team_id, since=uninstalled_at, besides=request_key):
        return Erased.KEPT
    # Rows of every other table reference the workspace with ON DELETE CASCADE.
    session.execute(delete(Workspace).where(Workspace.team_id == team_id))
    return Erased.ERASED


def _clear_block(workspace: Workspace, now: datetime) -> None:
    workspace.sends_blocked_reason = None
    workspace.sends_blocked_at = None
    workspace.token_checked_at = None
    workspace.updated_at = now


def _held_count(session: Session, team_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.team_id == team_id, Delivery.state.in_([DeliveryState.PENDING, DeliveryState.CLAIMED]))
        )
        or 0
    )
