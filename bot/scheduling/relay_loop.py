"""Keep delivering while work is due: after a tick, whatever becomes sendable within the next tick's
interval (a 429 pause ending, a retry, the paced rest of a backlog) is waited for and sent at once
instead of at the next tick. `serve`'s scheduler and `run-due` both run this loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from bot.clock import Clock
from bot.scheduling.relay import Relay
from bot.scheduling.relay_outcomes import RelayReport

logger = logging.getLogger(__name__)

KEEP_GOING = timedelta(seconds=30)


def deliver_while_due(
    relay: Relay,
    report: RelayReport,
    *,
    clock: Clock,
    horizon: timedelta = KEEP_GOING,
    replan: Callable[[], RelayReport] | None = None,
) -> RelayReport:
    """Add to `report` (the tick's) the runs made while the outbox's next sendable moment is within
    `horizon`; returns when it is further off, when nothing waits, or as soon as the relay stops.

    Without `replan` (`run-due`) the horizon is counted from the start, so the loop ends: what becomes
    sendable later waits for the next run. With it (`serve`'s scheduler, which skips its own ticks
    while this loop runs) the horizon slides, and every `horizon` a whole tick (`replan`: planning,
    token checks, then a relay run) takes the place of a relay run, so a long backlog never holds
    planning up."""
    started = last_tick = clock()
    idle, more = False, RelayReport()
    while True:
        now = clock()
        next_due = relay.next_due(now)
        if next_due is None or next_due - (now if replan else started) > horizon:
            break
        # A run that found nothing to do (another process was quicker) waits a moment before the next.
        delay = max((next_due - now).total_seconds(), 1.0 if idle else 0.0)
        if relay.wait(delay):
            break
        if replan is not None and clock() - last_tick >= horizon:
            run, last_tick = replan(), clock()
        else:
            run = relay.run_once(clock())
        idle = not (run.sent or run.retrying or run.failed or run.cancelled or run.held or run.blocked or run.reaped)
        more.add(run)
    if more.sent or more.failed or more.retrying:
        logger.info(
            "kept delivering after the tick: %d sent, %d retrying, %d failed", more.sent, more.retrying, more.failed
        )
    report.add(more)
    return report
