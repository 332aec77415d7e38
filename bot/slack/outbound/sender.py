"""What a listener needs to send what it queued right away: the relay, seen from the Slack floor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class Sender(Protocol):
    """Sends these queued deliveries now if they are due and unclaimed (the outbox relay does)."""

    def deliver(self, ids: Sequence[int], now: datetime, /) -> object: ...
