"""The relay's send pool: claimed deliveries wait in one lane per channel (kept in claim order), and a
few worker threads take the lane that may post soonest, so a slow Slack or a busy channel does not
hold up the rest. Claims run ahead while few channels have work; leases are renewed as it goes."""

from __future__ import annotations

import heapq
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.scheduling.leases import LEASE, Claimed
from bot.scheduling.relay_outcomes import RelayReport

logger = logging.getLogger("bot.scheduling.relay")


class Sender(Protocol):
    """What the pool asks of the relay."""

    def claim_more(self) -> list[Claimed]: ...

    def send(self, item: Claimed, report: RelayReport, pool: SendPool) -> None: ...

    def renew(self, ids: list[int]) -> None: ...

    def give_back(self, ids: list[int]) -> None: ...


@dataclass
class _Lane:
    team_id: str
    ids: deque[int] = field(default_factory=deque)
    busy: bool = False


class SendPool:
    """One relay run's deliveries in flight; `run()` returns when nothing due is left (or on stop)."""

    def __init__(
        self,
        sender: Sender,
        *,
        workers: int,
        batch_size: int,
        ready_at: Callable[[str], float],
        stopping: threading.Event,
        clock: Callable[[], datetime],
    ) -> None:
        self._sender, self._workers, self._ready_at = sender, max(1, workers), ready_at
        self._low_water, self._max_held = batch_size, batch_size * 10
        self._stopping, self._clock = stopping, clock
        self._cond = threading.Condition()
        self._lanes: dict[str, _Lane] = {}
        self._ready: list[tuple[float, int, str]] = []  # idle lanes with work, soonest first
        self._held: set[int] = set()  # claimed by this run and not finished
        self._seq = self._busy = self._finished_since_claim = 0
        self._claiming = self._exhausted = False
        self._error: BaseException | None = None
        self._renewed = clock()

    def run(self) -> RelayReport:
        reports = [RelayReport() for _ in range(self._workers)]
        threads = [
            threading.Thread(target=self._work, args=(report,), name=f"relay-send-{n}", daemon=True)
            for n, report in enumerate(reports[1:], start=1)
        ]
        for thread in threads:
            thread.start()
        self._work(reports[0])
        for thread in threads:
            thread.join()
        left = [delivery_id for lane in self._lanes.values() for delivery_id in lane.ids]
        # Stopping (or an error): what was not started goes back to the queue at once. A process going
        # down (a BaseException such as SystemExit) touches the database no more; its leases run out.
        if left and (self._error is None or isinstance(self._error, Exception)):
            self._sender.give_back(left)
        total = RelayReport()
        for report in reports:
            total.add(report)
        if self._error is not None:
            raise self._error
        return total

    def take_team(self, team_id: str) -> list[int]:
        """Remove and return what waits for `team_id` (Slack asked the workspace to slow down)."""
        with self._cond:
            taken: list[int] = []
            for lane in self._lanes.values():
                if lane.team_id == team_id:
                    taken.extend(lane.ids)
                    lane.ids.clear()
            self._held.difference_update(taken)
            return taken

    def put_back(self, item: Claimed) -> None:
        """Send `item` again, first in its lane (Slack refused it for a moment; its order stays)."""
        with self._cond:
            self._lanes[item.lane].ids.appendleft(item.id)

    def _work(self, report: RelayReport) -> None:
        try:
            while (item := self._next()) is not None:
                try:
                    self._renew_if_due()
                    self._sender.send(item, report, self)
                finally:
                    self._done(item)
        except BaseException as exc:  # noqa: BLE001 - re-raised by run(), after the other workers stop
            with self._cond:
                self._error = self._error or exc
                self._cond.notify_all()

    def _next(self) -> Claimed | None:
        with self._cond:
            while not self._stopping.is_set() and self._error is None:
                if self._should_claim():
                    self._claim()
                    continue
                while self._ready:
                    _, _, key = heapq.heappop(self._ready)
                    lane = self._lanes.get(key)
                    if lane is not None and lane.ids and not lane.busy:
                        lane.busy = True
                        self._busy += 1
                        return Claimed(lane.ids.popleft(), lane.team_id, key)
                if self._busy == 0 and not self._claiming:
                    return None  # drained, and the last claim found nothing new
                self._cond.wait(timeout=1.0)
            return None

    def _should_claim(self) -> bool:
        if self._claiming:
            return False
        if not self._exhausted:
            waiting = sum(1 for lane in self._lanes.values() if lane.ids)
            return waiting < self._low_water and len(self._held) < self._max_held
        # Everything claimed went out: look once more, as what a send put back for now is due again.
        drained = not self._ready and self._busy == 0
        return drained and self._finished_since_claim > 0

    def _claim(self) -> None:
        """Claim the next batch (called holding the lock, which it lets go meanwhile)."""
        self._claiming = True
        self._cond.release()
        try:
            claimed = self._sender.claim_more()
        finally:
            self._cond.acquire()
            self._claiming = False
            self._cond.notify_all()
        self._finished_since_claim = 0
        self._exhausted = not claimed
        for item in claimed:
            self._held.add(item.id)
            lane = self._lanes.setdefault(item.lane, _Lane(item.team_id))
            if not lane.ids and not lane.busy:
                self._push(item.lane)
            lane.ids.append(item.id)

    def _push(self, key: str) -> None:
        self._seq += 1
        heapq.heappush(self._ready, (self._ready_at(key), self._seq, key))

    def _done(self, item: Claimed) -> None:
        with self._cond:
            lane = self._lanes[item.lane]
            if not (lane.ids and lane.ids[0] == item.id):  # else put back, still held
                self._held.discard(item.id)
            self._busy -= 1
            self._finished_since_claim += 1
            lane.busy = False
            if lane.ids:
                self._push(item.lane)
            else:
                del self._lanes[item.lane]
            self._cond.notify_all()

    def _renew_if_due(self) -> None:
        """Extend the leases on what this run still holds (a slow Slack makes a run long)."""
        with self._cond:
            if self._clock() - self._renewed <= LEASE / 2:
                return
            self._renewed = self._clock()
            held = sorted(self._held)
        try:
            self._sender.renew(held)
        except Exception:  # the leases still have half their time: try again at the next send
            logger.warning("could not renew the leases of %d deliveries; trying again soon", len(held), exc_info=True)
            with self._cond:
                self._renewed -= LEASE / 4
