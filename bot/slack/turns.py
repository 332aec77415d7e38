"""What acknowledged requests still have to do, run a few at a time in arrival order, so that acks never
wait for it.

Bolt runs a listener on a thread of its pool and answers Slack once the listener calls `ack()`. The work
after that (a database change, a list redrawn, a reply) is CPU work under one GIL: measured at 32
concurrent clicks (bench/ack_bench.py), every pool thread was busy with it, or blocked waiting for a
turn, and new requests waited for a thread just to call `ack()`. So a request that can be answered
at once (bot.slack.edge) is, and its listener becomes a job in this queue: a queued job is a few
objects, not a thread, and a few workers keep the CPU for the requests still to be answered.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger(__name__)

AT_ONCE = 4  # enough to overlap a slow Slack call or two with the CPU work of the others


class Turns:
    """A few workers and an unbounded queue: an acknowledged request's work is never dropped."""

    def __init__(self, at_once: int = AT_ONCE) -> None:
        self._pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="after-ack")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, job: Callable[[], object]) -> None:
        with self._idle:
            self._busy += 1
        try:
            # In the request's context, so its log lines keep the request's ids (bot.log_context).
            self._pool.submit(contextvars.copy_context().run, job).add_done_callback(self._done)
        except RuntimeError:  # shutting down: the process is stopping, and so is Slack's wait for it
            self._done(None)
            logger.warning("stopping: a request's work after its answer was not started")

    def _done(self, _future: Future[object] | None) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def drain(self, timeout: float) -> bool:
        """Wait until nothing is queued or running; False if still busy after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout=timeout)

    def stop(self) -> None:
        """Finish what was queued (each is a request Slack was told is handled), then stop."""
        self._pool.shutdown(wait=True)
