"""The in-process driver: APScheduler 3 runs the tick every 30 seconds over our own outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

logger = logging.getLogger(__name__)

TICK_SECONDS = 30


def start_scheduler(run_tick: Callable[[], object], *, seconds: int = TICK_SECONDS) -> BackgroundScheduler:
    """Start the background tick. Reminders live in the database, not in APScheduler's job store,
    so a missed or coalesced run loses nothing: the next tick sends whatever is due."""

    def guarded() -> None:
        try:
            run_tick()
        except Exception:
            logger.exception("scheduled tick failed")

    scheduler = BackgroundScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    scheduler.add_job(guarded, "interval", seconds=seconds, id="tick", replace_existing=True)
    scheduler.start()
    return scheduler
