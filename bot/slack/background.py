"""The slow part of a request after Slack has its answer (deliveries due now, App Home refreshes), run
by a few worker threads of our own instead of Bolt's listener pool, so that acks never queue behind it.

Building a Home is CPU work, and on one interpreter more threads only take turns at the GIL with the
request threads that answer Slack: so there are few workers, a bounded queue, and a Home waiting to be
refreshed is queued once (built when a worker gets to it, so from the latest data). What does not fit
is dropped, and nothing is lost by it: a Home is rebuilt when its owner next opens it, and a delivery
is an outbox row committed before it was queued here, which the relay's next run sends.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

logger = logging.getLogger(__name__)

WORKERS = 2  # one can wait on a slow Slack while the other builds
CAPACITY = 256  # queued jobs; each is a few ids, the worst case a few seconds of work

Job = Callable[[], object]


class Background:
    """A small fixed pool with a bounded queue: deliveries run before Home refreshes, and a Home
    refresh already waiting is not queued twice."""

    def __init__(self, *, workers: int = WORKERS, capacity: int = CAPACITY, name: str = "background") -> None:
        self._workers = workers
        self._capacity = capacity
        self._name = name
        self._lock = threading.Condition()
        self._deliveries: deque[Job] = deque()
        self._homes: OrderedDict[Hashable, Job] = OrderedDict()
        self._running = 0
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._overflowing = False

    def deliver(self, job: Job) -> bool:
        """Queue a delivery to run now; False when full or stopping. Refusing one loses nothing: its
        outbox row is committed and still pending, so the relay's next run (the scheduler's tick,
        `run-due`) sends it, only later."""
        with self._lock:
            if not self._room("a delivery, left to the relay's next run"):
                return False
            # Run in the request's context, so the send's log lines carry its request id (bot.log_context);
            # a Home refresh serves several requests at once and carries none.
            self._deliveries.append(functools.partial(contextvars.copy_context().run, job))
            self._wake()
            return True

    def refresh(self, key: Hashable, job: Job) -> bool:
        """Queue a Home refresh under `key` unless one is already waiting; False when dropped (full
        or stopping): the Home is rebuilt when its owner next opens it."""
        with self._lock:
            if key in self._homes:
                return True  # the one waiting reads the database when it runs, so it shows this change too
            if not self._room("an App Home refresh, dropped"):
                return False
            self._homes[key] = job
            self._wake()
            return True

    def drain(self, timeout: float) -> bool:
        """Wait until nothing is queued or running; False if still busy after `timeout` seconds."""
        with self._lock:
            return self._lock.wait_for(self._idle, timeout=timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Refuse new work, forget what is queued (Homes are rebuilt when opened, deliveries stay in the
        outbox for the relay) and let the jobs already running finish, waiting up to `timeout` seconds."""
        with self._lock:
            self._stopping = True
            dropped = len(self._deliveries) + len(self._homes)
            self._deliveries.clear()
            self._homes.clear()
            self._lock.notify_all()
            threads = list(self._threads)
        if dropped:
            logger.info("stopping: %d queued jobs left (deliveries stay in the outbox)", dropped)
        for thread in threads:
            thread.join(timeout=timeout)

    def _idle(self) -> bool:
        return self._running == 0 and not self._deliveries and not self._homes

    def _room(self, what: str) -> bool:
        """Whether one more job fits; logs the first refusal of an overflow (the lock is held)."""
        if self._stopping:
            return False
        if len(self._deliveries) + len(self._homes) < self._capacity:
            return True
        if not self._overflowing:
            self._overflowing = True
            logger.warning("background queue full (%d jobs): %s; more may follow", self._capacity, what)
        return False

    def _wake(self) -> None:
        self._lock.notify_all()  # drain() waits on the same condition
        if len(self._threads) < self._workers:
            thread = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _next(self) -> Job | None:
        with self._lock:
            self._lock.wait_for(lambda: self._stopping or bool(self._deliveries or self._homes))
            if self._stopping:
                return None
            job = self._deliveries.popleft() if self._deliveries else self._homes.popitem(last=False)[1]
            self._running += 1
            return job

    def _work(self) -> None:
        while (job := self._next()) is not None:
            try:
                job()
            except Exception:
                # The request was answered and its changes saved; nothing is left to tell anyone.
                logger.exception("a background job failed")
            finally:
                with self._lock:
                    self._running -= 1
                    if self._idle():
                        self._overflowing = False
                    self._lock.notify_all()
