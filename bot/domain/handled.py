"""Requests handled once: a replayed or retried Slack request is recognised by its key and changes nothing."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.models import HandledRequest

# Slack accepts a signed request for 5 minutes and retries an event for about an hour.
KEPT_FOR = timedelta(days=1)


class AlreadyHandled(Exception):
    """The request was handled before; the unit of work that raised it writes and sends nothing."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def claim(session: Session, *, team_id: str, key: str, now: datetime) -> None:
    """Record `key` as handled in this transaction, or raise AlreadyHandled if it was before.

    Call it before the writes it guards: a concurrent duplicate then waits on this row until the
    first commits (PostgreSQL's unique index; SQLite's BEGIN IMMEDIATE) and sees it. If the
    transaction rolls back (bad input), the claim goes with it and a corrected submit is handled.
    """
    values = {"team_id": team_id, "key": _digest(key), "handled_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(HandledRequest).values(values).on_conflict_do_nothing().returning(HandledRequest.key)
    ).first()
    if inserted is None:
        raise AlreadyHandled(key)


def used_since(session: Session, *, team_id: str, since: datetime, besides: str) -> bool:
    """Whether the workspace handled any request after `since`, besides the one keyed `besides`."""
    found = session.scalar(
        select(func.count())
        .select_from(HandledRequest)
        .where(
            HandledRequest.team_id == team_id,
            HandledRequest.handled_at > since,
            HandledRequest.key != _digest(besides),
        )
    )
    return bool(found)


def prune_handled(session: Session, *, now: datetime) -> int:
    """Forget keys older than KEPT_FOR; Slack no longer sends those requests again."""
    result = session.execute(delete(HandledRequest).where(HandledRequest.handled_at < now - KEPT_FOR))
    return int(getattr(result, "rowcount", 0) or 0)
