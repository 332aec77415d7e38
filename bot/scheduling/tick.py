"""One tick: re-check blocked tokens, plan, then deliver everything that is due."""

from __future__ import annotations

import logging
import time
from datetime import datetime

from bot import metrics
from bot.db import SessionFactory
from bot.domain.handled import prune_handled
from bot.domain.schedule import plan
from bot.scheduling.planning_lock import Turn, take_turn
from bot.scheduling.relay import Relay
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.token_checks import recheck_blocked

logger = logging.getLogger(__name__)


@metrics.TICK_SECONDS.time()
def tick(sessions: SessionFactory, relay: Relay, now: datetime, *, plan_first: bool = True) -> RelayReport:
    """Do all scheduled work due at `now` once; safe to call again at the same instant.

    A blocked workspace's token is re-checked (at most every few minutes); if it works again,
    planning runs now, since the planner skips blocked workspaces. Then the planner writes what
    has become due into the outbox (idempotent keys), keys of handled Slack requests older than a
    day are forgotten, and the relay delivers whatever is due. A failure to check or plan is
    logged and never stops delivery.

    Every web process may run this at once: one plans at a time (planning_lock; the others skip
    planning this tick, the holder plans for all), and every one relays (leases share the rows).
    """
    try:
        if recheck_blocked(sessions, relay.check_token, now):
            plan_first = True
    except Exception:
        logger.exception("re-checking blocked workspaces failed; they stay blocked for now")
    if plan_first:
        try:
            started = time.perf_counter()
            with sessions.begin() as session:
                if not take_turn(session, Turn.PLANNING):
                    logger.debug("tick: another process is planning; this one only delivers")
                    planned = None
                else:
                    planned = plan(session, now=now)
                    prune_handled(session, now=now)
            metrics.PLANNING_SECONDS.observe(time.perf_counter() - started)
            if planned is not None and planned.queued:
                logger.info("tick: %d reminders planned", planned.queued)
        except Exception:
            logger.exception("planning failed; delivering what is already queued")
    report = relay.run_once(now)
    if report.sent or report.failed or report.retrying or report.cancelled or report.reaped or report.blocked:
        logger.info(
            "tick: %d sent, %d retrying, %d failed, %d cancelled, %d held, %d held for a blocked workspace, "
            "%d leases reaped",
            report.sent,
            report.retrying,
            report.failed,
            report.cancelled,
            report.held,
            report.blocked,
            report.reaped,
        )
    return report
