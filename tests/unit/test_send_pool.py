"""The send pool on its own: a lease renewal the database refuses costs nothing but a warning."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.scheduling.leases import Claimed
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.send_pool import SendPool


class SlowSender:
    """Hands out one batch of claims; every send moves time on by a minute; the first renewal fails."""

    def __init__(self, count: int) -> None:
        self.now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
        self.batches = [[Claimed(n, "T0001", f"T0001:U{n}") for n in range(count)]]
        self.sent: list[int] = []
        self.renewals: list[list[int]] = []
        self.given_back: list[int] = []

    def claim_more(self) -> list[Claimed]:
        return self.batches.pop() if self.batches else []

    def send(self, item: Claimed, report: RelayReport, pool: SendPool) -> None:
        self.now += timedelta(minutes=1)
        self.sent.append(item.id)
        report.sent += 1

    def renew(self, ids: list[int]) -> None:
        self.renewals.append(ids)
        if len(self.renewals) == 1:
            raise OSError("the database restarted")

    def give_back(self, ids: list[int]) -> None:
        self.given_back.extend(ids)


def test_a_failed_lease_renewal_neither_drops_a_delivery_nor_stops_the_run() -> None:
    sender = SlowSender(8)
    pool = SendPool(
        sender,
        workers=1,
        batch_size=50,
        ready_at=lambda _key: 0.0,
        stopping=threading.Event(),
        clock=lambda: sender.now,
    )

    report = pool.run()

    assert (report.sent, sorted(sender.sent), sender.given_back) == (8, list(range(8)), [])
    assert len(sender.renewals) >= 2  # tried again soon after the failure, not a whole half-lease later
