"""One tick: return expired leases, then deliver everything that is due."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.scheduling.relay import Relay, RelayReport

logger = logging.getLogger(__name__)


def tick(relay: Relay, now: datetime) -> RelayReport:
    """Do all scheduled work due at `now` once; safe to call again at the same instant."""
    report = relay.run_once(now)
    if report.sent or report.failed or report.retrying or report.cancelled or report.reaped:
        logger.info(
            "tick: %d sent, %d retrying, %d failed, %d cancelled, %d leases reaped",
            report.sent,
            report.retrying,
            report.failed,
            report.cancelled,
            report.reaped,
        )
    return report
