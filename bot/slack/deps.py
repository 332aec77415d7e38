"""What listeners need, passed to each `register(app, deps)`, and the unit of work they open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.outbox import queued_in
from bot.models import DeliveryState
from bot.scheduling.relay import Relay


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessions: SessionFactory
    clock: Clock
    relay: Relay


@contextmanager
def unit_of_work(deps: Deps, now: datetime) -> Iterator[Session]:
    """One transaction for a listener call; what it queued for right now is sent after commit.

    Sending after commit keeps the 3-second path free of Slack writes that could be lost: if the
    send fails here, the delivery stays in the outbox and the next tick retries it.
    """
    with deps.sessions.begin() as session:
        yield session
        session.flush()
        due_now = [d.id for d in queued_in(session) if d.state is DeliveryState.PENDING and d.due_at <= now]
    if due_now:
        deps.relay.deliver(due_now, now)
