"""The background that runs a request's slow part after its answer: coalescing, bound, order, drain, stop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

import pytest

from bot.slack.background import Background

WAIT = 10.0  # seconds; only reached when a test fails


class Gate:
    """A job that holds its worker until opened, so a test controls what is running and what waits."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.opened = threading.Event()

    def __call__(self) -> None:
        self.started.set()
        assert self.opened.wait(WAIT)


@pytest.fixture
def background() -> Iterator[Background]:
    work = Background(workers=1, capacity=3)
    yield work
    work.stop()


def note(ran: list[str], name: str) -> Callable[[], None]:
    return lambda: ran.append(name)


def busy(background: Background) -> Gate:
    """Occupy the only worker until the returned gate is opened."""
    gate = Gate()
    background.deliver(gate)
    assert gate.started.wait(WAIT)
    return gate


def test_a_home_waiting_to_be_refreshed_is_queued_once(background: Background) -> None:
    ran: list[str] = []
    gate = busy(background)
    for _ in range(5):
        assert background.refresh(("T1", "UANA"), note(ran, "ana"))
    assert background.refresh(("T1", "UMIRA"), note(ran, "mira"))
    gate.opened.set()

    assert background.drain(WAIT)
    assert ran == ["ana", "mira"]


def test_a_home_being_built_is_queued_again_for_a_later_change(background: Background) -> None:
    building = Gate()
    ran: list[str] = []
    background.refresh(("T1", "UANA"), building)
    assert building.started.wait(WAIT)
    background.refresh(("T1", "UANA"), note(ran, "ana again"))  # the build under way may have read old data
    building.opened.set()

    assert background.drain(WAIT)
    assert ran == ["ana again"]


def test_deliveries_run_before_home_refreshes(background: Background) -> None:
    ran: list[str] = []
    gate = busy(background)
    background.refresh(("T1", "UANA"), note(ran, "home"))
    background.deliver(note(ran, "delivery"))
    gate.opened.set()

    assert background.drain(WAIT)
    assert ran == ["delivery", "home"]


def test_a_full_queue_refuses_more_and_logs_once(background: Background, caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []
    gate = busy(background)
    with caplog.at_level(logging.WARNING, logger="bot.slack.background"):
        queued = [background.refresh(("T1", f"U{n}"), note(ran, f"home {n}")) for n in range(5)]
        refused_delivery = background.deliver(note(ran, "delivery"))
    gate.opened.set()

    assert background.drain(WAIT)
    assert queued == [True, True, True, False, False]
    assert refused_delivery is False  # its outbox row waits for the relay's next run
    assert ran == ["home 0", "home 1", "home 2"]
    assert len([r for r in caplog.records if "queue full" in r.getMessage()]) == 1


def test_room_again_once_drained(background: Background) -> None:
    ran: list[str] = []
    gate = busy(background)
    for n in range(4):
        background.refresh(("T1", f"U{n}"), note(ran, f"home {n}"))
    gate.opened.set()
    assert background.drain(WAIT)

    assert background.deliver(note(ran, "delivery"))
    assert background.drain(WAIT)
    assert ran[-1] == "delivery"


def test_drain_says_when_work_is_still_running(background: Background) -> None:
    gate = busy(background)
    assert background.drain(0.05) is False
    gate.opened.set()
    assert background.drain(WAIT) is True


def test_a_failing_job_is_logged_and_the_next_one_runs(
    background: Background, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    background.deliver(broken)
    background.deliver(note(ran, "next"))

    assert background.drain(WAIT)
    assert ran == ["next"]
    assert any(r.exc_info for r in caplog.records if r.name == "bot.slack.background")


def test_stop_finishes_the_running_job_and_drops_the_queued_ones(background: Background) -> None:
    ran: list[str] = []
    running = Gate()
    background.deliver(lambda: (running(), ran.append("running")))
    assert running.started.wait(WAIT)
    background.deliver(note(ran, "queued delivery"))
    background.refresh(("T1", "UANA"), note(ran, "queued home"))

    background.stop(timeout=0)  # refuses new work and forgets the queue at once; the job still runs
    running.opened.set()
    background.stop(timeout=WAIT)  # now waits for it

    assert ran == ["running"]
    assert background.deliver(note(ran, "late")) is False
    assert background.refresh(("T1", "UANA"), note(ran, "late")) is False
    assert background.drain(WAIT)
