"""Listeners ack at once, and only a few at a time go on with the work after their ack."""

from __future__ import annotations

import threading
from typing import Any

from bot.slack.turns import Turns

WAIT = 10.0  # seconds; only reached when a test fails


class Listener:
    """A listener that acks, then works until released; records what it got to."""

    def __init__(self, turns: Turns, *, takes_ack: bool = True) -> None:
        self.turns = turns
        self.takes_ack = takes_ack
        self.acked = threading.Event()
        self.working = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        kwargs: dict[str, Any] = {"ack": lambda: self.acked.set()} if self.takes_ack else {}
        with self.turns.after_ack(kwargs):
            if self.takes_ack:
                kwargs["ack"]()
            self.working.set()
            assert self.release.wait(WAIT)

    def start(self) -> Listener:
        self.thread.start()
        return self


def test_a_listener_acks_at_once_and_waits_for_a_turn_to_go_on() -> None:
    turns = Turns(at_once=1)
    first = Listener(turns).start()
    assert first.working.wait(WAIT)

    second = Listener(turns).start()
    assert second.acked.wait(WAIT)  # answered while the first still works
    third = Listener(turns, takes_ack=False).start()  # an event: acknowledged by Bolt, waits before it starts
    assert not second.working.is_set()
    assert not third.working.is_set()

    first.release.set()
    assert second.working.wait(WAIT) or third.working.wait(WAIT)
    second.release.set()
    third.release.set()
    for listener in (first, second, third):
        listener.thread.join(WAIT)
    assert second.working.is_set()
    assert third.working.is_set()


def test_a_turn_is_given_back_when_the_listener_fails() -> None:
    turns = Turns(at_once=1)
    for _ in range(2):  # the second would wait for ever if the first kept its turn
        kwargs: dict[str, Any] = {"ack": lambda: None}
        try:
            with turns.after_ack(kwargs):
                kwargs["ack"]()
                raise ValueError("the listener failed")
        except ValueError:
            pass
    done = Listener(turns).start()
    assert done.working.wait(WAIT)
    done.release.set()
    done.thread.join(WAIT)
