"""A month and a half of one pair's loop, with the tick run every 15 minutes of simulated time.

Time is driven by freezegun at the edge: the app and the tick read the system clock, which
freezegun moves. The test asserts exactly which DMs arrive when, in whose local time, and
that none arrives twice, including while Slack rate-limits and fails for a while.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from slack_bolt import App

from bot.app import create_app
from bot.clock import system_clock
from bot.config import Settings
from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.client import web_client
from bot.slack.ids import Action
from tests.conftest import SIGNING_SECRET, TEAM_ID
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import TrackingExecutor
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, body, prep_values, share_values
from tests.support.recap_flow import recap_values
from tests.support.setup_flow import setup_values
from tests.support.signed import SignedSlack

START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday; first 1:1 Tue 8 Dec 15:30 Berlin
STEP = timedelta(minutes=15)


class World:
    """The running app, the tick and the frozen clock, advanced together."""

    def __init__(
        self,
        frozen: FrozenDateTimeFactory,
        sessions: SessionFactory,
        relay: Relay,
        app: App,
        response_url: Callable[[str], str],
    ) -> None:
        self.frozen = frozen
        self.sessions = sessions
        self.relay = relay
        # Late-bound time.time, so signatures use the frozen clock, as Bolt's verifier does.
        self.slack = SignedSlack(
            app, SIGNING_SECRET, team_id=TEAM_ID, now=lambda: time.time(), response_url=response_url
        )

    @property
    def now(self) -> datetime:
        return system_clock()

    def run_until(self, until: datetime) -> None:
        while self.now < until:
            self.frozen.tick(STEP)
            tick(self.sessions, self.relay, self.now)


@pytest.fixture
def world(
    settings: Settings, sessions: SessionFactory, fake_slack: FakeSlack, listener_pool: TrackingExecutor
) -> Iterator[World]:
    add_people(fake_slack)
    with freeze_time(START) as frozen:
        relay = Relay(sessions, web_client(settings), owner="simulation")
        # Bolt's threaded ack, as in production; SignedSlack waits for the listener pool to go idle.
        app = create_app(settings, sessions, system_clock, relay=relay, listener_executor=listener_pool)
        yield World(frozen, sessions, relay, app, fake_slack.response_url)


def dms(fake_slack: FakeSlack, since: datetime) -> list[tuple[str, str, str]]:
    """(UTC time, DM channel, first words) of each message Slack accepted since `since`, in order."""
    out = []
    for message in fake_slack.messages():
        at = datetime.fromtimestamp(message["posted_at"], UTC)
        if at >= since:
            out.append((f"{at:%a %d %b %H:%M}", str(message["channel"]), str(message["text"])[:40]))
    return out


def set_up_and_confirm(world: World, fake_slack: FakeSlack) -> None:
    world.slack.command(EMPLOYEE)
    world.slack.submit_view(EMPLOYEE, fake_slack.last_view(), setup_values())
    request = fake_slack.messages(channel="D" + MANAGER)[-1]
    value = request["blocks"][2]["elements"][0]["value"]
    world.slack.click(MANAGER, Action.MANAGER_CONFIRM, value, message=request)


def test_a_month_of_the_loop_arrives_on_time_in_local_hours_and_never_twice(
    world: World, fake_slack: FakeSlack
) -> None:
    set_up_and_confirm(world, fake_slack)
    since = world.now + timedelta(seconds=1)

    world.run_until(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    # Ana prepares and shares on Thursday afternoon.
    world.slack.command(EMPLOYEE, "prep")
    review = body(world.slack.submit_view(EMPLOYEE, fake_slack.last_view(), prep_values()))
    world.slack.submit_view(EMPLOYEE, {**review["view"], "id": "VPREP"}, share_values(True))

    world.run_until(datetime(2026, 12, 9, 12, 0, tzinfo=UTC))
    # No recap yet after two nudges; Ana writes it on Wednesday at 13:00 her time.
    world.slack.command(EMPLOYEE, "recap")
    world.slack.submit_view(EMPLOYEE, fake_slack.last_view(), recap_values())

    world.run_until(datetime(2027, 1, 12, 12, 0, tzinfo=UTC))

    sent = dms(fake_slack, since)
    assert [(when, channel) for when, channel, _ in sent] == [
        # The calendar invites, after their ten minutes for a correction: Mira's (once she confirmed) and
        # Ana's (re-queued at the sequence Mira's confirmation raised), each a DM and its .ics in the thread.
        ("Mon 23 Nov 14:15", "DUMIRA"),
        ("Mon 23 Nov 14:15", "DUMIRA"),
        ("Mon 23 Nov 14:15", "DUANA"),
        ("Mon 23 Nov 14:15", "DUANA"),
        ("Thu 03 Dec 12:00", "DUANA"),  # agenda shared: Ana's confirmation, at once
        ("Thu 03 Dec 14:00", "DUMIRA"),  # the agenda waits for Mira's 09:00 in New York
        ("Fri 04 Dec 09:00", "DUANA"),  # prep reminder: 2 working days before, 10:00 Berlin
        ("Mon 07 Dec 14:00", "DUMIRA"),  # brief: 1 working day before, 09:00 New York
        ("Tue 08 Dec 16:00", "DUANA"),  # recap nudge: an hour after the meeting ends
        ("Wed 09 Dec 09:00", "DUANA"),  # the one follow-up, next working day 10:00 Berlin
        ("Wed 09 Dec 12:00", "DUANA"),  # recap saved: Ana's confirmation, at once
        ("Wed 09 Dec 14:00", "DUMIRA"),  # the thank-you recap at Mira's 09:00
        ("Tue 15 Dec 14:00", "DUMIRA"),  # Mira's item is due: 09:00 New York that day
        ("Fri 18 Dec 08:00", "DUANA"),  # Ana's item is due: 09:00 Berlin that day
        ("Wed 30 Dec 09:00", "DUANA"),  # check-in 21 days after the recap, 10:00 Berlin
        ("Wed 30 Dec 15:00", "DUMIRA"),  # and Mira's, 10:00 New York
        ("Fri 08 Jan 09:00", "DUANA"),  # next month's prep reminder
        ("Mon 11 Jan 14:00", "DUMIRA"),  # next month's brief
    ]
    assert len(sent) == len(set(sent))


def test_rate_limits_and_server_errors_delay_a_reminder_but_never_lose_or_repeat_it(
    world: World, fake_slack: FakeSlack
) -> None:
    set_up_and_confirm(world, fake_slack)
    since = world.now + timedelta(seconds=1)
    world.run_until(datetime(2026, 12, 4, 8, 45, tzinfo=UTC))
    # Slack pushes back just as the prep reminder falls due: a 429 asking for 20 minutes,
    # then two 500s while we retry.
    fake_slack.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=1200)
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500, times=2)

    world.run_until(datetime(2026, 12, 8, 20, 0, tzinfo=UTC))

    sent = [(when, channel) for when, channel, _ in dms(fake_slack, since)]
    attempts = [datetime.fromtimestamp(c.at, UTC) for c in fake_slack.calls_to("chat.postMessage")]
    assert sorted(sent[:4]) == [("Mon 23 Nov 14:15", "DUANA")] * 2 + [("Mon 23 Nov 14:15", "DUMIRA")] * 2  # invites
    assert sent[4:] == [
        ("Fri 04 Dec 10:00", "DUANA"),  # 09:00 got a 429 (wait 20 min), 09:30 and 09:45 got 500s
        ("Mon 07 Dec 14:00", "DUMIRA"),
        ("Tue 08 Dec 16:00", "DUANA"),
    ]
    assert [f"{a:%H:%M}" for a in attempts if a.date() == datetime(2026, 12, 4).date()] == [
        "09:00",
        "09:30",
        "09:45",
        "10:00",
    ]
