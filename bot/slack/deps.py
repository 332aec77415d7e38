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


class Work:
    """A listener's unit of work: its session, and what it queued to send once committed."""

    def __init__(self, deps: Deps, session: Session, now: datetime) -> None:
        self.deps = deps
        self.session = session
        self.now = now
        self._due: list[int] = []

    def _collect(self) -> None:
        self.session.flush()
        self._due = [d.id for d in queued_in(self.session) if d.state is DeliveryState.PENDING and d.due_at <= self.now]

    def send(self) -> None:
        """Deliver what this unit of work queued for right now (after commit, and after ack)."""
        due, self._due = self._due, []
        if due:
            self.deps.relay.deliver(due, self.now)


@contextmanager
def unit_of_work(deps: Deps, now: datetime, *, send: bool = True) -> Iterator[Work]:
    """One transaction for a listener call; what it queued for right now is sent after commit.

    Sending after commit keeps Slack writes out of the transaction: if a send fails, the delivery
    stays in the outbox and the next tick retries it. A view submission must ack before anything
    slow, so it passes `send=False` and calls `work.send()` after `ack()`.
    """
    with deps.sessions.begin() as session:
        work = Work(deps, session, now)
        yield work
        work._collect()
    if send:
        work.send()
