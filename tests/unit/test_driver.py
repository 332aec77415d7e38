"""The in-process driver: APScheduler runs the tick over our outbox, never dropping a late run."""

from __future__ import annotations

import logging
import threading

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED

from bot.scheduling.driver import start_scheduler


def test_the_tick_job_is_coalesced_single_and_never_misfires() -> None:
    ran = threading.Event()
    scheduler = start_scheduler(ran.set, seconds=3600)
    try:
        [job] = scheduler.get_jobs()
        assert job.id == "tick"
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time is None  # a late tick still runs; nothing is skipped
        assert type(scheduler._jobstores["default"]).__name__ == "MemoryJobStore"  # reminders live in our outbox
        job.modify(next_run_time=job.next_run_time.replace(year=2000))  # due now
        scheduler.wakeup()
        assert ran.wait(timeout=5)
    finally:
        scheduler.shutdown(wait=True)


def test_a_failing_tick_is_logged_and_the_job_survives(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []
    done = threading.Event()

    def boom() -> None:
        calls.append(1)
        done.set()
        raise RuntimeError("database went away")

    scheduler = start_scheduler(boom, seconds=3600)
    try:
        [job] = scheduler.get_jobs()
        job.modify(next_run_time=job.next_run_time.replace(year=2000))
        scheduler.wakeup()
        assert done.wait(timeout=5)
        assert [j.id for j in scheduler.get_jobs()] == ["tick"]  # still scheduled for the next run
        scheduler.shutdown(wait=True)  # waits for the failing run to finish
        assert calls == [1]
        assert "scheduled tick failed" in caplog.text
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)


def test_a_tick_that_did_nothing_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    finished = threading.Event()
    scheduler = start_scheduler(lambda: None, seconds=3600)
    try:
        # APScheduler reports a finished run after its executor has logged about it.
        scheduler.add_listener(lambda _event: finished.set(), EVENT_JOB_EXECUTED)
        caplog.clear()  # "Scheduler started" and "Added job" come once, at start
        [job] = scheduler.get_jobs()
        job.modify(next_run_time=job.next_run_time.replace(year=2000))
        scheduler.wakeup()
        assert finished.wait(timeout=5)
        routine = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    finally:
        scheduler.shutdown(wait=True)

    assert routine == []


def test_a_scheduler_started_at_once_ticks_without_waiting_for_the_interval() -> None:
    ran = threading.Event()
    scheduler = start_scheduler(ran.set, seconds=3600, at_once=True)
    try:
        assert ran.wait(timeout=5)  # an hour's interval, and the first tick came right away
    finally:
        scheduler.shutdown(wait=True)
