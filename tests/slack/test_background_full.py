"""A full background drops the App Home refreshes a click leaves behind, never its deliveries: their
outbox rows are committed, and the relay's next run sends them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.db import SessionFactory
from bot.models import ItemStatus
from bot.scheduling.relay import Relay
from bot.slack.background import Background
from bot.slack.ids import Action
from bot.slack.turns import Turns
from tests.conftest import FakeClock
from tests.support.background_load import (
    HOME,
    WAIT,
    done_on_home,
    hold_workers,
    publishes_to,
    release,
    status_of,
    unwaiting,
)
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import ServerLog, TrackingExecutor
from tests.support.items_flow import Seeded, dms
from tests.support.items_flow import seeded as seeded
from tests.support.prep_flow import EMPLOYEE, MANAGER
from tests.support.signed import SignedSlack


@pytest.fixture
def background() -> Iterator[Background]:
    """One worker and room for one job: held and filled by the test."""
    work = Background(workers=1, capacity=1)
    yield work
    work.stop()


def test_a_full_background_drops_home_refreshes_but_the_relay_still_sends_the_delivery(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    seeded: Seeded,
    clock: FakeClock,
    relay: Relay,
    background: Background,
    listener_pool: TrackingExecutor,
    turns: Turns,
    watched_log: ServerLog,
) -> None:
    fake_slack.clear_calls()
    logged_before = len(watched_log.records)
    holds = hold_workers(background, 1)
    assert background.refresh(("T0", "UFILLER"), lambda: None)  # the one free place

    answer = unwaiting(slack, fake_slack).click(EMPLOYEE, Action.ITEM_DONE, done_on_home(seeded.plan), view=HOME)
    listener_pool.wait_idle()
    assert turns.drain(WAIT)  # every click's work is done, and its Home refreshes queued
    release(holds)
    assert background.drain(WAIT)

    assert answer.status == 200
    assert status_of(sessions, seeded.plan) is ItemStatus.DONE
    assert publishes_to(fake_slack, EMPLOYEE) == 0  # dropped: rebuilt when Ana next opens her Home
    assert publishes_to(fake_slack, MANAGER) == 0
    assert not [m for m in dms(fake_slack, MANAGER) if "marked their action item as done" in m.get("text", "")]
    full = [r for r in watched_log.records[logged_before:] if "background queue full" in r.getMessage()]
    assert len(full) == 1  # logged once for the whole overflow

    assert relay.run_once(clock.now).sent == 1
    told = [m for m in dms(fake_slack, MANAGER) if "marked their action item as done" in m.get("text", "")]
    assert len(told) == 1
