"""Recording a message Slack accepted: tried again while the database is away, and kept in memory to
record first thing next run if it stays away. Saved at once: chat.postMessage has no idempotency key,
so the ts is our proof of sending."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.db import SessionFactory
from bot.scheduling.relay_outcomes import RelayReport, Sent, mark_sent

logger = logging.getLogger("bot.scheduling.relay")

# Recording a message Slack accepted is tried again after these pauses (seconds): a database that
# restarts mid-send must not turn a sent message into one to send again.
RECORD_RETRY_WAITS = (0.2, 1.0, 3.0)


class SentRecords:
    """Records sent messages for one relay; safe to use from its send threads and a request's send."""

    def __init__(self, sessions: SessionFactory, owner: str, wait: Callable[[float], None]) -> None:
        self._sessions = sessions
        self._owner = owner
        self._wait = wait
        self._kept: dict[int, Sent] = {}  # sent, but the database would not take the record yet

    def record(self, delivery_id: int, sent: Sent, now: datetime) -> bool:
        """Record it, trying again while the database is away; False (and kept for the next run) if it
        stayed away."""
        for attempt in range(len(RECORD_RETRY_WAITS) + 1):
            try:
                with self._sessions.begin() as session:
                    mark_sent(session, delivery_id, sent, owner=self._owner, now=now)
                return True
            except Exception:  # noqa: BLE001 - the message is out; only its record is missing
                logger.warning("delivery %s was sent but could not be recorded (try %d)", delivery_id, attempt + 1)
                if attempt < len(RECORD_RETRY_WAITS):
                    self._wait(RECORD_RETRY_WAITS[attempt])
        self._kept[delivery_id] = sent
        return False

    def record_kept(self, now: datetime, report: RelayReport) -> None:
        """Record what earlier runs could not; stops at the first that still fails (the database is away)."""
        while True:
            try:
                # popitem is atomic: a tick and a send after a request (other threads) never take the same one.
                delivery_id, sent = self._kept.popitem()
            except KeyError:
                return
            if not self.record(delivery_id, sent, now):
                return
            report.sent += 1
