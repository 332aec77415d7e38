"""Keep delivering while work is due: after a tick, whatever becomes sendable within the next tick's
interval (a 429 pause ending, a retry, the paced rest of a backlog) is waited for and sent at once
instead of at the next tick. `serve`'s scheduler and `run-due` both run this loop."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.scheduling.relay import Relay
from bot.scheduling.relay_outcomes import RelayReport

logger = logging.getLogger(__name__)

KEEP_GOING = timedelta(seconds=30)


def deliver_while_due(
    relay: Relay, report: RelayReport, *, clock: Clock, horizon: timedelta = KEEP_GOING
) -> RelayReport:
    """Add to `report` (the tick's) the runs made while the outbox's next sendable moment is within
    `horizon`; returns when it is further off, when nothing waits, or as soon as the relay stops."""
    idle, more = False, RelayReport()
    while True:
        now = clock()
        next_due = relay.next_due(now)
        if next_due is None or next_due - now > horizon:
            break
        # A run that found nothing to do (another process was quicker) waits a moment before the next.
        delay = max((next_due - now).total_seconds(), 1.0 if idle else 0.0)
        if relay.wait(delay):
            break
        run = relay.run_once(clock())
        idle = not (run.sent or run.retrying or run.failed or run.cancelled or run.held or run.blocked or run.reaped)
        more.add(run)
    if more.sent or more.failed or more.retrying:
        logger.info(
            "kept delivering after the tick: %d sent, %d retrying, %d failed", more.sent, more.retrying, more.failed
        )
    report.add(more)
    return report
