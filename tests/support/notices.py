"""Many due notices at once, for relay tests and the delivery bench: `per_person` 'manager_declined'
notices (they render from their payload alone) to each of `users`, numbered so that order shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads.stored import Mark
from bot.domain.people import Profile, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.models import DeliveryKind
from tests.support.outbox_rows import queue_stored_row


def numbered_name(user: str, n: int) -> str:
    """The manager name notice `n` to `user` carries, so each message's text says which one it is."""
    return f"Manager {user}-{n:03d}"


def queue_notices(
    session: Session,
    *,
    team_id: str,
    users: Sequence[str],
    per_person: int,
    due_at: datetime,
    now: datetime,
    first: int = 0,
    immediate: bool = False,
) -> list[int]:
    """Queue the notices round by round (every person's first, then every person's second, …),
    numbered from `first` (`immediate`: they go at any hour, as answers to a person's action do);
    returns their ids in that order."""
    ensure_workspace(session, team_id=team_id, now=now)
    people = [upsert_person(session, team_id=team_id, profile=Profile(u, u.title(), "UTC"), now=now) for u in users]
    ids = []
    for n in range(first, first + per_person):
        for user, person in zip(users, people, strict=True):
            delivery = queue_stored_row(
                session,
                team_id=team_id,
                kind=DeliveryKind.NOTICE,
                key=f"notice:{user}:{n}",
                due_at=due_at,
                now=now,
                recipient=person,
                stored={
                    "template": "manager_declined",
                    "manager_name": numbered_name(user, n),
                    **({Mark.IMMEDIATE.value: True} if immediate else {}),
                },
            )
            ids.append(delivery.id)
    return ids
