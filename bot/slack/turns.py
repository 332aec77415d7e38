"""Turns for what listeners do after their `ack()`: a few at a time, so that acks never wait for them.

Bolt runs a listener on a thread of its pool and answers Slack once the listener calls `ack()`. The
work after that (a database change, a list redrawn, a reply) is CPU work under one GIL: measured at 32
concurrent clicks (bench/ack_bench.py), every pool thread was busy with it and new requests waited
for a thread just to call `ack()`. So a listener, once it has acked, waits here for one of a few
turns; waiting costs no CPU, and the pool (sized well above the turns) always has a thread free to
start the next listener and ack it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

AT_ONCE = 4  # enough to overlap a slow Slack call or two with the CPU work of the others


class Turns:
    """At most `at_once` listeners past their ack at a time."""

    def __init__(self, at_once: int = AT_ONCE) -> None:
        self._slots = threading.Semaphore(at_once)
        self._held = threading.local()

    @contextmanager
    def after_ack(self, kwargs: dict[str, Any]) -> Iterator[None]:
        """Run a listener (called with `kwargs` inside) so that its work after `ack()` waits for a
        turn; one that takes no `ack` (an event, acknowledged by Bolt before it runs) waits at once."""
        if "ack" in kwargs:
            kwargs["ack"] = self._then_wait(kwargs["ack"])
        else:
            self._take()
        try:
            yield
        finally:
            if getattr(self._held, "turn", False):
                self._held.turn = False
                self._slots.release()

    def _then_wait(self, ack: Callable[..., Any]) -> Callable[..., Any]:
        def acked(*args: Any, **kwargs: Any) -> Any:
            answered = ack(*args, **kwargs)  # Slack has its answer from here on
            self._take()
            return answered

        return acked

    def _take(self) -> None:
        if not getattr(self._held, "turn", False):
            self._slots.acquire()
            self._held.turn = True
