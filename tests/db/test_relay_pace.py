"""The relay's pace against a fake Slack that enforces Slack's limits on posts: a 429 pauses the whole
workspace (every batch, every relay on the database), posts keep about one a second per channel and
under the workspace cap, the send pool keeps each channel's order, stop() gives back what was not
started, DM channels are kept across runs, and the scheduler's loop keeps delivering while work is due."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine, select

from bot.config import Settings
from bot.db import SessionFactory
from bot.models import Delivery, DeliveryState, Person, Workspace
from bot.scheduling.pacing import Pace, Pacer
from bot.scheduling.relay import Relay
from bot.scheduling.relay_loop import deliver_while_due
from bot.scheduling.relay_outcomes import RelayReport
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_limits import ManualClock, PostLimits
from tests.support.notices import numbered_name, queue_notices
from tests.support.people import TEAM

USERS = [f"UPACE{n:02d}" for n in range(6)]


@pytest.fixture(autouse=True)
def slack_users(fake_slack: FakeSlack) -> None:
    for user in USERS:
        fake_slack.add_user(user, real_name=user.title(), tz="UTC")


def queue(sessions: SessionFactory, now: datetime, *, users: list[str] = USERS, per_person: int = 1) -> list[int]:
    with sessions.begin() as session:
        return queue_notices(session, team_id=TEAM, users=users, per_person=per_person, due_at=now, now=now)


def states(sessions: SessionFactory) -> dict[int, DeliveryState]:
    with sessions.begin() as session:
        return {d.id: d.state for d in session.scalars(select(Delivery))}


def client(settings: Settings, cls: type[WebClient] = WebClient, **kwargs: Any) -> WebClient:
    return cls(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url, **kwargs)


def paced_relay(
    sessions: SessionFactory, settings: Settings, clock: FakeClock, pace_clock: ManualClock, **kwargs: Any
) -> Relay:
    """A relay whose pace runs on `pace_clock`: its waits move that clock instead of sleeping."""
    pacer = Pacer(Pace(per_second=kwargs.pop("per_second", 5)), clock=pace_clock)
    return Relay(
        sessions, client(settings), owner="paced", clock=clock, pacer=pacer, pace_wait=pace_clock.sleep, **kwargs
    )


def texts_by_channel(fake_slack: FakeSlack) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for message in fake_slack.messages():
        found[message["channel"]].append(message["text"])
    return found


# -- Retry-After pauses the whole workspace ------------------------------------------------------------


def test_a_429_pauses_the_whole_workspace_in_every_batch_until_retry_after(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ids = queue(sessions, clock.now)
    relay = Relay(sessions, client(settings), owner="one", batch_size=2, clock=clock)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=20)
    start = clock.now

    report = relay.run_once(start)

    # One refused post; the rest of its batch and every later batch wait, none is tried.
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert (report.sent, report.retrying) == (0, 2)
    assert set(states(sessions).values()) == {DeliveryState.PENDING}
    with sessions.begin() as session:
        assert session.get(Workspace, TEAM).sends_paused_until == start + timedelta(seconds=20)  # type: ignore[union-attr]
    assert relay.run_once(clock.advance(seconds=19)).sent == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 1

    assert relay.run_once(clock.advance(seconds=1)).sent == len(ids)
    assert set(states(sessions).values()) == {DeliveryState.SENT}


def test_a_pause_one_relay_heard_holds_another_relay_on_the_same_database(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue(sessions, clock.now, users=USERS[:3])
    first = Relay(sessions, client(settings), owner="host-a:1", batch_size=1, clock=clock)
    second = Relay(sessions, client(settings), owner="host-b:2", clock=clock)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=30)

    first.run_once(clock.now)
    # More is due for the workspace: the other process sends none of it while the pause lasts.
    queue(sessions, clock.now, users=USERS[3:])
    held = second.run_once(clock.advance(seconds=10))

    assert (held.sent, len(fake_slack.calls_to("chat.postMessage"))) == (0, 1)
    assert second.next_due(clock.now) == clock.now + timedelta(seconds=20)
    assert second.run_once(clock.advance(seconds=20)).sent == len(USERS)
    assert set(states(sessions).values()) == {DeliveryState.SENT}


# -- pace: per channel and per workspace ---------------------------------------------------------------


def test_posts_keep_one_a_second_per_channel_and_the_workspace_cap(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    pace_clock = ManualClock()
    limits = fake_slack.limit_posts(PostLimits(channel_interval=1.0, per_second=4, clock=pace_clock))
    ids = queue(sessions, clock.now, users=USERS[:3], per_person=4)
    relay = paced_relay(sessions, settings, clock, pace_clock, per_second=4)

    report = relay.run_once(clock.now)

    assert (report.sent, limits.refused) == (len(ids), 0)
    last: dict[str, float] = {}
    for post in limits.posts:
        assert post.at - last.get(post.channel, -10.0) >= 1.0, post
        last[post.channel] = post.at
        assert sum(1 for other in limits.posts if post.at - 1.0 < other.at <= post.at) <= 4
    assert pace_clock.slept  # it waited for its turn rather than being refused


def test_without_a_pace_the_same_posts_are_refused(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """The fake enforces the limits the test above keeps: an unpaced relay runs into them."""
    pace_clock = ManualClock()
    limits = fake_slack.limit_posts(PostLimits(channel_interval=1.0, per_second=4, clock=pace_clock))
    ids = queue(sessions, clock.now, users=USERS[:3], per_person=4)
    unpaced = Relay(
        sessions,
        client(settings),
        owner="unpaced",
        clock=clock,
        pacer=Pacer(None, clock=pace_clock),
        pace_wait=pace_clock.sleep,
    )

    report = unpaced.run_once(clock.now)

    # Each refusal's short Retry-After is waited out in the run, and everything goes in the end.
    assert limits.refused > 0
    assert (report.sent, report.retrying) == (len(ids), 0)
    with sessions.begin() as session:  # and told the other processes, through the database
        assert session.get(Workspace, TEAM).sends_paused_until is not None  # type: ignore[union-attr]


def test_the_send_pool_keeps_each_channels_order_and_pace(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    pace_clock = ManualClock()
    limits = fake_slack.limit_posts(PostLimits(channel_interval=1.0, clock=pace_clock))
    queue(sessions, clock.now, per_person=5)
    relay = paced_relay(sessions, settings, clock, pace_clock, per_second=50, workers=4, batch_size=4)

    report = relay.run_once(clock.now)

    assert (report.sent, report.errors, limits.refused) == (len(USERS) * 5, [], 0)
    by_channel = texts_by_channel(fake_slack)
    for user in USERS:
        expected = [numbered_name(user, n) for n in range(5)]
        assert [text.split(" says")[0] for text in by_channel[f"D{user}"]] == expected
    for channel in by_channel:
        times = [post.at for post in limits.posts if post.channel == channel]
        assert all(later - earlier >= 1.0 for earlier, later in pairwise(times))


class StopOnFirstPost(WebClient):
    """SIGTERM arrives while the first post is on its way to Slack."""

    def __init__(self, relays: list[Relay], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._relays = relays

    def chat_postMessage(self, **kwargs: Any) -> Any:
        self._relays[0].stop()
        return super().chat_postMessage(**kwargs)


def test_stop_in_the_middle_of_the_pool_finishes_what_is_in_flight_and_gives_back_the_rest(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue(sessions, clock.now, per_person=2)
    relays: list[Relay] = []
    relays.append(
        Relay(sessions, client(settings, StopOnFirstPost, relays=relays), owner="old", clock=clock, workers=3)
    )

    report = relays[0].run_once(clock.now)

    posted = len(fake_slack.calls_to("chat.postMessage"))
    assert 1 <= report.sent == posted <= 3  # at most one message in flight per worker
    assert sorted(states(sessions).values()).count(DeliveryState.SENT) == posted
    assert DeliveryState.CLAIMED not in states(sessions).values()
    successor = Relay(sessions, client(settings), owner="new", clock=clock, workers=3)
    assert successor.run_once(clock.now).sent == len(USERS) * 2 - posted
    assert len(fake_slack.calls_to("chat.postMessage")) == len(USERS) * 2


# -- DM channels ---------------------------------------------------------------------------------------


def test_a_dm_channel_is_kept_across_processes_and_forgotten_when_slack_no_longer_knows_it(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue(sessions, clock.now, users=USERS[:1])
    Relay(sessions, client(settings), owner="first", clock=clock).run_once(clock.now)
    with sessions.begin() as session:
        kept = session.scalars(select(Person.dm_channel_id).where(Person.slack_user_id == USERS[0])).one()
    assert kept == f"D{USERS[0]}"

    def next_round(n: int) -> None:
        with sessions.begin() as session:
            queue_notices(
                session, team_id=TEAM, users=USERS[:1], per_person=1, due_at=clock.now, now=clock.now, first=n
            )

    next_round(1)
    assert Relay(sessions, client(settings), owner="restarted", clock=clock).run_once(clock.now).sent == 1
    assert len(fake_slack.calls_to("conversations.open")) == 1  # the kept channel, no new conversations.open

    next_round(2)
    fake_slack.fail_next("chat.postMessage", "channel_not_found", status=200)
    assert Relay(sessions, client(settings), owner="again", clock=clock).run_once(clock.now).sent == 1
    assert len(fake_slack.calls_to("conversations.open")) == 2  # forgotten, opened afresh once


# -- keep going while due ------------------------------------------------------------------------------


class SteppingRelay(Relay):
    """A relay whose waits move the test's clock instead of sleeping."""

    def __init__(self, *args: Any, clock: FakeClock, **kwargs: Any) -> None:
        super().__init__(*args, clock=clock, **kwargs)
        self.fake_clock = clock
        self.waits: list[float] = []

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.fake_clock.advance(seconds=seconds)
        return False


def test_the_scheduler_loop_sends_what_a_429_held_as_soon_as_the_pause_ends(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ids = queue(sessions, clock.now)
    relay = SteppingRelay(sessions, client(settings), owner="loop", clock=clock)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=20)

    report = deliver_while_due(relay, relay.run_once(clock.now), clock=clock)

    assert report.sent == len(ids)
    assert [wait for wait in relay.waits if wait > 0] == [20.0]  # not whenever the next tick comes
    assert set(states(sessions).values()) == {DeliveryState.SENT}


def test_the_scheduler_loop_leaves_what_is_due_after_the_next_tick_to_that_tick(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        later = clock.now + timedelta(minutes=10)
        queue_notices(session, team_id=TEAM, users=USERS[:1], per_person=1, due_at=later, now=clock.now)
    relay = SteppingRelay(sessions, client(settings), owner="loop", clock=clock)

    report = deliver_while_due(relay, relay.run_once(clock.now), clock=clock)

    assert (report.sent, relay.waits) == (0, [])


def test_stop_ends_the_scheduler_loops_wait_at_once(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue(sessions, clock.now, users=USERS[:2])
    relay = Relay(sessions, client(settings), owner="loop", clock=clock)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=20)
    first = relay.run_once(clock.now)
    stopper = threading.Timer(0.05, relay.stop)
    stopper.start()

    report = deliver_while_due(relay, first, clock=clock)  # would wait 20 s for the pause to end

    stopper.join()
    assert report.sent == 0
    assert set(states(sessions).values()) == {DeliveryState.PENDING}


@pytest.mark.postgres
def test_several_relays_with_send_pools_send_each_delivery_once(
    engine: Engine, sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no concurrent claim to test")
    users = [f"UPOOL{n:03d}" for n in range(40)]
    for user in users:
        fake_slack.add_user(user, tz="UTC")
    ids = queue(sessions, clock.now, users=users, per_person=2)
    relays = [
        Relay(sessions, client(settings), owner=f"pool-{n}", batch_size=5, clock=clock, workers=4) for n in range(3)
    ]
    start = threading.Barrier(len(relays))

    def run(relay: Relay) -> int:
        start.wait(timeout=10)
        return relay.run_once(clock.now).sent

    with ThreadPoolExecutor(max_workers=len(relays)) as pool:
        sent = sum(future.result(timeout=60) for future in [pool.submit(run, relay) for relay in relays])

    assert sent == len(ids)
    posted = Counter((m["channel"], m["text"]) for m in fake_slack.messages())
    assert len(posted) == len(ids)
    assert set(posted.values()) == {1}
    assert set(states(sessions).values()) == {DeliveryState.SENT}


def test_run_due_stops_at_what_is_sendable_within_30_seconds_of_its_start(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """Slack asking for a 20 s pause again and again: run-due (no replan) must end, and leave what comes
    due later than 30 s after its start to its next run instead of chasing it for ever."""
    queue(sessions, clock.now, users=USERS[:1])
    relay = SteppingRelay(sessions, client(settings), owner="loop", clock=clock)
    started = clock.now
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=20, times=50)

    report = deliver_while_due(relay, relay.run_once(clock.now), clock=clock)

    assert (report.sent, report.retrying) == (0, 2)
    assert clock.now - started <= timedelta(seconds=30)
    assert set(states(sessions).values()) == {DeliveryState.PENDING}


def test_the_scheduler_loop_plans_again_every_30_seconds_while_a_backlog_keeps_it_busy(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """serve's scheduler skips its own ticks while the loop runs, so the loop itself ticks (plans) every
    30 s: Slack asking for 20 s pauses five times keeps it busy for 100 s."""
    ids = queue(sessions, clock.now, users=USERS[:1])
    relay = SteppingRelay(sessions, client(settings), owner="loop", clock=clock)
    fake_slack.fail_next("chat.postMessage", "ratelimited", retry_after=20, times=5)
    ticks: list[datetime] = []

    def replan() -> RelayReport:
        ticks.append(clock.now)
        return relay.run_once(clock.now)

    report = deliver_while_due(relay, relay.run_once(clock.now), clock=clock, replan=replan)

    assert report.sent == len(ids)
    assert len(ticks) >= 2
    assert all(later - earlier >= timedelta(seconds=30) for earlier, later in pairwise(ticks))
