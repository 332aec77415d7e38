"""The queue for listeners of requests answered at once: arrival order, a few at a time, never dropped."""

from __future__ import annotations

import threading

from bot.slack.turns import Turns

WAIT = 10.0  # seconds; only reached when a test fails


def test_jobs_run_a_few_at_a_time_in_arrival_order_and_drain_waits_for_them() -> None:
    turns = Turns(at_once=1)
    release = threading.Event()
    started = threading.Event()
    ran: list[int] = []

    def first() -> None:
        started.set()
        assert release.wait(WAIT)
        ran.append(0)

    turns.submit(first)
    assert started.wait(WAIT)
    for n in range(1, 4):
        turns.submit(lambda n=n: ran.append(n))  # type: ignore[misc]
    assert turns.drain(0.05) is False  # the first still holds the only worker
    release.set()

    assert turns.drain(WAIT)
    assert ran == [0, 1, 2, 3]
    turns.stop()


def test_stop_finishes_what_was_queued() -> None:
    turns = Turns(at_once=1)
    release = threading.Event()
    ran: list[str] = []
    turns.submit(lambda: release.wait(WAIT))
    turns.submit(lambda: ran.append("queued"))
    release.set()

    turns.stop()
    assert ran == ["queued"]
    turns.submit(lambda: ran.append("late"))  # refused quietly once stopped
    assert turns.drain(WAIT)
    assert ran == ["queued"]
