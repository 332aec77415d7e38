"""The in-process driver: APScheduler 3 runs the tick every 30 seconds over our own outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from bot.clock import system_clock

logger = logging.getLogger(__name__)

TICK_SECONDS = 30

# APScheduler logs "Running job …" and "… executed successfully" at INFO on every run: two lines every
# 30 seconds that say nothing. The tick logs what it did when it did something; a failed run is
# still logged (ours at ERROR, APScheduler's own warnings such as a missed run stay visible).
ROUTINE_RUN_LOGGER = "apscheduler.executors.default"
# A tick keeps delivering while work is due (bot/scheduling/relay_loop.py), so it may outlast the
# interval: the runs APScheduler skips meanwhile ("maximum number of running instances reached")
# are expected, not worth a warning every 30 seconds.
SKIPPED_RUN_LOGGER = "apscheduler.scheduler"


def _not_a_skipped_run(record: logging.LogRecord) -> bool:
    return "maximum number of running instances reached" not in record.getMessage()


def start_scheduler(
    run_tick: Callable[[], object], *, seconds: int = TICK_SECONDS, at_once: bool = False
) -> BackgroundScheduler:
    """Start the background tick (the first one at once if `at_once`, so what came due while the
    process was down goes now, not 30 seconds later). Reminders live in the database, not in
    APScheduler's job store, so a missed or coalesced run loses nothing: the next tick sends whatever is due."""

    def guarded() -> None:
        try:
            run_tick()
        except Exception:
            logger.exception("scheduled tick failed")

    logging.getLogger(ROUTINE_RUN_LOGGER).setLevel(logging.WARNING)
    skipped = logging.getLogger(SKIPPED_RUN_LOGGER)
    if _not_a_skipped_run not in skipped.filters:
        skipped.addFilter(_not_a_skipped_run)
    scheduler = BackgroundScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    first = {"next_run_time": system_clock()} if at_once else {}
    scheduler.add_job(guarded, "interval", seconds=seconds, id="tick", replace_existing=True, **first)
    scheduler.start()
    return scheduler
