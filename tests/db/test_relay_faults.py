"""A database that goes away between Slack accepting a message and the relay recording it: the message
is recorded when the database is back, never sent again, and the rest of the batch goes on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.config import Settings
from bot.db import SessionFactory
from bot.models import Delivery, DeliveryState
from bot.scheduling.relay import LEASE, Relay
from bot.scheduling.relay_outcomes import RelayReport
from bot.scheduling.sent_records import RECORD_RETRY_WAITS
from tests.conftest import FakeClock
from tests.support import kill_points
from tests.support.fake_slack import FakeSlack
from tests.support.faults import DatabaseDownAfterPost, FlakySessions

USERS = ("UANA", "ULEO", "UPRIYA")


@pytest.fixture(autouse=True)
def slack_users(fake_slack: FakeSlack) -> None:
    for user in USERS:
        fake_slack.add_user(user, real_name=user.title(), tz="UTC")


def queue_notices(sessions: SessionFactory, now: datetime) -> list[int]:
    """One 'manager_declined' notice (it renders from its payload alone) for each of USERS."""
    return kill_points.queue_notices(sessions, now, list(USERS))


def states(sessions: SessionFactory) -> list[DeliveryState]:
    with sessions.begin() as session:
        return [d.state for d in session.scalars(select(Delivery).order_by(Delivery.id))]


def posts(fake_slack: FakeSlack) -> list[str]:
    return sorted(str(call.params["channel"]) for call in fake_slack.calls_to("chat.postMessage"))


def relay_with_fault(
    sessions: SessionFactory,
    settings: Settings,
    clock: FakeClock,
    *,
    down_after: set[int],
    transactions: int,
    waits: list[float],
) -> Relay:
    flaky = FlakySessions(sessions)
    client = DatabaseDownAfterPost(
        flaky,
        down_after=down_after,
        transactions=transactions,
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
    )
    return Relay(flaky, client, owner="test-relay", clock=clock, wait=waits.append)  # type: ignore[arg-type]


def test_a_database_restart_while_a_send_is_recorded_is_waited_out_in_the_same_run(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue_notices(sessions, clock.now)
    waits: list[float] = []
    relay = relay_with_fault(sessions, settings, clock, down_after={1}, transactions=2, waits=waits)

    report = relay.run_once(clock.now)

    assert (report.sent, report.retrying, report.errors) == (3, 0, [])
    assert waits == list(RECORD_RETRY_WAITS[:2])
    assert states(sessions) == [DeliveryState.SENT] * 3
    assert posts(fake_slack) == [f"D{user}" for user in USERS]


def test_a_message_sent_while_the_database_stays_away_is_recorded_later_and_never_sent_again(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    first, *_ = queue_notices(sessions, clock.now)
    waits: list[float] = []
    relay = relay_with_fault(
        sessions, settings, clock, down_after={1}, transactions=len(RECORD_RETRY_WAITS) + 1, waits=waits
    )

    report = relay.run_once(clock.now)

    # The first message is out but unrecorded; the two after it were sent and recorded all the same.
    assert (report.sent, report.retrying, report.errors) == (2, 0, [f"{first}: sent, not recorded yet"])
    assert states(sessions) == [DeliveryState.CLAIMED, DeliveryState.SENT, DeliveryState.SENT]

    later = relay.run_once(clock.now + timedelta(seconds=30))
    after_the_lease = relay.run_once(clock.now + LEASE + timedelta(minutes=1))

    assert (later.sent, later.errors) == (1, [])
    assert (after_the_lease.sent, after_the_lease.reaped) == (0, 0)
    assert states(sessions) == [DeliveryState.SENT] * 3
    assert posts(fake_slack) == [f"D{user}" for user in USERS]


class SlowSlack(WebClient):
    """Each post takes the minutes `took` gives it (a slow Slack, or many sends); during post `other_at`,
    another process's relay runs."""

    def __init__(self, clock: FakeClock, other: Relay, *, took: dict[int, float], other_at: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clock, self._other, self._took, self._other_at = clock, other, took, other_at
        self.posts = 0
        self.other_report: RelayReport | None = None

    def chat_postMessage(self, **kwargs: Any) -> Any:
        self.posts += 1
        self._clock.advance(minutes=self._took.get(self.posts, 0))
        if self.posts == self._other_at:
            self.other_report = self._other.run_once(self._clock.now)
        return super().chat_postMessage(**kwargs)


def test_a_run_longer_than_a_lease_keeps_its_later_batches_from_another_relay(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """Leases are stamped when a batch is claimed, not when the run started: a second relay that reaps
    six minutes into a long run finds the batch being sent still leased."""
    queue_notices(sessions, clock.now)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    other = Relay(sessions, WebClient(token=token, base_url=url), owner="other-relay", clock=clock)
    # The second post takes six minutes; the third half a minute, while the other relay runs.
    client = SlowSlack(clock, other, took={2: 6, 3: 0.5}, other_at=3, token=token, base_url=url)
    slow = Relay(sessions, client, owner="slow-relay", batch_size=1, clock=clock)

    report = slow.run_once(clock.now)

    assert client.other_report is not None
    assert (report.sent + client.other_report.sent, client.other_report.reaped) == (3, 0)
    assert states(sessions) == [DeliveryState.SENT] * 3
    assert posts(fake_slack) == [f"D{user}" for user in USERS]


def test_a_batch_slower_than_its_lease_renews_what_it_still_has_to_send(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    queue_notices(sessions, clock.now)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    other = Relay(sessions, WebClient(token=token, base_url=url), owner="other-relay", clock=clock)
    client = SlowSlack(clock, other, took={1: 3, 2: 3, 3: 3}, other_at=3, token=token, base_url=url)
    slow = Relay(sessions, client, owner="slow-relay", batch_size=3, clock=clock)

    report = slow.run_once(clock.now)

    assert client.other_report is not None
    assert (report.sent, client.other_report.sent, client.other_report.reaped) == (3, 0, 0)
    assert posts(fake_slack) == [f"D{user}" for user in USERS]


class StopDuringFirstPost(WebClient):
    """SIGTERM arrives while the first message of the batch is on its way to Slack."""

    def __init__(self, relay: list[Relay], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._relay = relay

    def chat_postMessage(self, **kwargs: Any) -> Any:
        self._relay[0].stop()
        return super().chat_postMessage(**kwargs)


def test_a_relay_told_to_stop_finishes_the_message_in_flight_and_gives_the_rest_back(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    queue_notices(sessions, clock.now)
    stopping: list[Relay] = []
    stopping.append(Relay(sessions, StopDuringFirstPost(stopping, token=token, base_url=url), owner="old", clock=clock))

    report = stopping[0].run_once(clock.now)

    # The message in flight is recorded; the rest are back in the queue at once, not held by a lease.
    assert report.sent == 1
    assert states(sessions) == [DeliveryState.SENT, DeliveryState.PENDING, DeliveryState.PENDING]
    successor = Relay(sessions, WebClient(token=token, base_url=url), owner="new", clock=clock)
    assert successor.run_once(clock.now).sent == 2
    assert posts(fake_slack) == [f"D{user}" for user in USERS]


class MinutesPerPost(WebClient):
    """A Slack so slow that each post takes ten minutes of the test's clock."""

    def __init__(self, clock: FakeClock, **kwargs: Any) -> None:
        super().__init__(retry_handlers=[], **kwargs)
        self._clock = clock

    def chat_postMessage(self, **kwargs: Any) -> Any:
        self._clock.advance(minutes=10)
        return super().chat_postMessage(**kwargs)


def test_a_retry_waits_its_backoff_from_when_slack_failed_not_from_when_the_run_began(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """Late in a long run, a failure's 10 s backoff must not already be over, or the message would be
    tried again (with a history look-up) at once, over and over, while Slack is down."""
    queue_notices(sessions, clock.now)
    started = clock.now
    client = MinutesPerPost(clock, token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500, times=3)

    Relay(sessions, client, owner="slow", clock=clock).run_once(started)

    with sessions.begin() as session:
        due = sorted(d.due_at for d in session.scalars(select(Delivery)))
    assert clock.now == started + timedelta(minutes=30)
    assert all(at > started + timedelta(minutes=10) for at in due)
