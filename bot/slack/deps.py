"""What listeners need, passed to each `register(app, deps)`, and the two ways they touch the database:
`reading` for a look before answering, `unit_of_work` for every change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.handled import AlreadyHandled, claim
from bot.domain.outbox import queued_in
from bot.models import DeliveryState
from bot.slack.background import Background
from bot.slack.home_refresh import Home, HomeTracker, refresh_homes
from bot.slack.outbound.sender import Sender


@dataclass(frozen=True)
class Deps:
    settings: Settings
    sessions: SessionFactory
    clock: Clock
    relay: Sender
    # Where the slow part after an answer runs (sends due now, Home refreshes), off Bolt's listener pool.
    background: Background

    def refresh_later(self, home: Home) -> None:
        """Re-publish this Home in the background, from the data there when it is built."""
        team_id, slack_user_id = home
        self.background.refresh(
            home, lambda: refresh_homes(self.settings, self.sessions, [(team_id, slack_user_id)], self.clock())
        )


class Work:
    """A listener's unit of work: its session, what it queued to send once committed, and the App
    Homes it changed (noted at each flush), re-published after sending."""

    def __init__(self, deps: Deps, session: Session, now: datetime) -> None:
        self.deps = deps
        self.session = session
        self.now = now
        self._due: list[int] = []
        self._homes = HomeTracker(session)
        self._stale_homes: list[Home] = []

    def once(self, team_id: str, request_key: str) -> None:
        """Claim this request (a key from bot.slack.request_keys) for this unit of work, before its
        writes; raises AlreadyHandled for a replay or a retry, so nothing is written or sent twice."""
        claim(self.session, team_id=team_id, key=request_key, now=self.now)

    def refresh_home(self, team_id: str, slack_user_id: str) -> None:
        """Re-publish this person's Home after commit, besides those the changes name themselves."""
        self._homes.add(team_id, slack_user_id)

    def _collect(self) -> None:
        self.session.flush()
        self._due = [d.id for d in queued_in(self.session) if d.state is DeliveryState.PENDING and d.due_at <= self.now]
        self._stale_homes = self._homes.homes(self.session)

    def send(self) -> None:
        """Hand what this unit of work queued for right now (committed, and after ack) to the background,
        then the Homes it changed: sends run before Home refreshes there, and neither holds up an ack.

        If the background is full, the sends wait for the relay's next run: their rows are committed."""
        due, self._due = self._due, []
        if due:
            relay, now = self.deps.relay, self.now
            self.deps.background.deliver(lambda: relay.deliver(due, now))
        homes, self._stale_homes = self._stale_homes, []
        for home in homes:
            self.deps.refresh_later(home)


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


@contextmanager
def reading(deps: Deps) -> Iterator[Session]:
    """A short transaction for a look at the database before answering (a form to open, a list to
    show): nothing is queued, sent or re-published from it. It still commits, because a read may
    settle what it derives (opening a prep plans the next conversation); a change a person asked
    for goes through `unit_of_work` instead."""
    with deps.sessions.begin() as session:
        yield session


def first_time(deps: Deps, *, team_id: str, key: str, now: datetime) -> bool:
    """Claim a request in a transaction of its own: False for a replay of one handled before.

    For requests Slack never retries itself (slash commands): a replay is dropped whole, and a person
    who runs the command again gets a new key."""
    try:
        with unit_of_work(deps, now) as work:
            work.once(team_id, key)
    except AlreadyHandled:
        return False
    return True
