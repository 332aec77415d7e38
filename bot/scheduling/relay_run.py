"""One relay run as its send pool sees it: what to claim, the pace each post waits for, and the
workspace-wide pause after Slack's 429, with the leases of what the run holds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db import SessionFactory
from bot.scheduling import leases, pauses
from bot.scheduling.leases import LEASE, Claimed
from bot.scheduling.pacing import Pacer
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.send_pool import SendPool
from bot.slack.identity import TokenCheck


@dataclass
class Batch:
    """What one run learnt about its workspaces: Slack asked to slow down, or refused the token."""

    paused: dict[str, datetime] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    token: TokenCheck | None = None


@dataclass(frozen=True)
class RunPlace:
    """Where a relay runs: its database, lease owner, clocks and pace."""

    sessions: SessionFactory
    owner: str
    clock: Clock
    pacer: Pacer
    pace_wait: Callable[[float], object]
    stopping: threading.Event


# A 429 asking for at most this many seconds is waited out in memory: what the run holds stays claimed
# and in order. A longer one sends it all back to the queue until then.
SHORT_PAUSE_SECONDS = 10

SendOne = Callable[[Claimed, RelayReport, "RelayRun"], None]
ClaimRows = Callable[[datetime, list[int] | None], list[Claimed]]


class RelayRun:
    """Claims at `now` (of `ids` only, and once, when given) and sends through a SendPool."""

    def __init__(
        self, place: RunPlace, now: datetime, ids: list[int] | None, *, claim: ClaimRows, send: SendOne
    ) -> None:
        self.place, self.now, self.ids = place, now, ids
        self.batch = Batch()
        self._claim, self._send = claim, send
        self._claimed = False
        self._pool: SendPool | None = None

    def run(self, *, workers: int, batch_size: int) -> RelayReport:
        place = self.place
        self._pool = SendPool(
            self,
            workers=workers,
            batch_size=batch_size,
            ready_at=place.pacer.channel_ready_at,
            stopping=place.stopping,
            clock=place.clock,
        )
        return self._pool.run()

    # -- what the send pool asks -------------------------------------------------------------------

    def claim_more(self) -> list[Claimed]:
        if self.ids is not None and self._claimed:
            return []
        self._claimed = True
        return self._claim(self.now, self.ids)

    def send(self, item: Claimed, report: RelayReport, pool: SendPool) -> None:
        self._send(item, report, self)

    def renew(self, ids: list[int]) -> None:
        with self.place.sessions.begin() as session:
            leases.renew(session, ids, owner=self.place.owner, until=self.place.clock() + LEASE)

    def give_back(self, ids: list[int]) -> None:
        with self.place.sessions.begin() as session:
            leases.give_back(session, ids, owner=self.place.owner, now=self.now)

    # -- pace and pauses ---------------------------------------------------------------------------

    def wait_turn(self, item: Claimed, report: RelayReport) -> bool:
        """Wait until the pace lets this post go; False (and the delivery handed back) if the relay
        is stopping or Slack paused the workspace meanwhile."""
        place = self.place
        while (paused := self.batch.paused.get(item.team_id)) is None and not place.stopping.is_set():
            delay = place.pacer.acquire(item.team_id, item.lane)
            if delay <= 0:
                return True  # counted as in the air until posted()
            place.pace_wait(delay)
        with place.sessions.begin() as session:
            if paused is not None:
                report.retrying += pauses.hold_until(session, [item.id], owner=place.owner, until=paused, now=self.now)
            else:
                leases.give_back(session, [item.id], owner=place.owner, now=self.now)
        return False

    def posted(self, item: Claimed) -> None:
        """The post wait_turn let go came back (sent or not): the pace counts it from now."""
        self.place.pacer.posted(item.team_id, item.lane)

    def pause_briefly(self, item: Claimed, seconds: float) -> bool:
        """Slack answered 429 with a short Retry-After: the workspace waits it out here (and in every
        other process), and `item` goes again first in its channel; False if the pause is too long."""
        if seconds > SHORT_PAUSE_SECONDS or self._pool is None:
            return False
        until = max(self.now, self.place.clock()) + timedelta(seconds=seconds)
        with self.place.sessions.begin() as session:
            pauses.pause_workspace(session, team_id=item.team_id, until=until)
        self.place.pacer.pause(item.team_id, seconds)
        self._pool.put_back(item)
        return True

    def pause(self, team_id: str, seconds: float, report: RelayReport) -> None:
        """Slack answered 429: the whole workspace waits Retry-After, in this run (what waits here goes
        back to the queue until then) and in every other process (claims skip it until then)."""
        until = max(self.now, self.place.clock()) + timedelta(seconds=seconds)
        self.batch.paused[team_id] = until
        waiting = self._pool.take_team(team_id) if self._pool is not None else []
        with self.place.sessions.begin() as session:
            pauses.pause_workspace(session, team_id=team_id, until=until)
            report.retrying += pauses.hold_until(session, waiting, owner=self.place.owner, until=until, now=self.now)
