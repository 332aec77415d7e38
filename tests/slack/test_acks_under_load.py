"""Many item clicks at once while Slack's views.publish is slow: every click is answered in time, and
the App Homes they change are each published once, from the latest data (refreshes coalesce)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from bot.db import SessionFactory
from bot.models import ItemStatus
from bot.slack.background import WORKERS, Background
from bot.slack.ids import Action
from bot.slack.turns import Turns
from tests.conftest import FakeClock
from tests.support.background_load import (
    HOME,
    WAIT,
    done_on_home,
    hold_workers,
    more_items,
    publishes_to,
    release,
    status_of,
    unwaiting,
)
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import TrackingExecutor
from tests.support.items_flow import Seeded, dms
from tests.support.items_flow import seeded as seeded
from tests.support.prep_flow import EMPLOYEE, MANAGER
from tests.support.signed import SignedSlack

CLICKS = 12


def test_concurrent_clicks_are_answered_and_each_home_is_published_once_with_the_latest_state(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    seeded: Seeded,
    clock: FakeClock,
    background: Background,
    listener_pool: TrackingExecutor,
    turns: Turns,
) -> None:
    items = more_items(sessions, seeded, clock, CLICKS)
    fake_slack.clear_calls()
    fake_slack.slow_next("views.publish", 1.0, times=2)
    holds = hold_workers(background, WORKERS)  # the refreshes of every click queue up behind these
    clicker = unwaiting(slack, fake_slack)

    with ThreadPoolExecutor(max_workers=CLICKS) as pool:
        clicks = [pool.submit(clicker.click, EMPLOYEE, Action.ITEM_DONE, done_on_home(i), view=HOME) for i in items]
        answers = [click.result() for click in clicks]  # each within 3 s, asserted inside
    listener_pool.wait_idle()
    assert turns.drain(WAIT)  # every click's work is done, and its Home refreshes queued
    release(holds)
    assert background.drain(WAIT)

    assert [a.status for a in answers] == [200] * CLICKS
    assert {status_of(sessions, i) for i in items} == {ItemStatus.DONE}
    assert publishes_to(fake_slack, EMPLOYEE) == 1
    assert publishes_to(fake_slack, MANAGER) == 1  # Mira's Home lists what Ana owes her
    for user in (EMPLOYEE, MANAGER):
        shown = json.dumps(fake_slack.home_views[user])
        assert not [text for text in items.values() if text in shown], "a Home shows an item as still open"
    told = [m for m in dms(fake_slack, MANAGER) if "marked their action item as done" in m.get("text", "")]
    assert len(told) == CLICKS  # the sends ran too, before the Homes
