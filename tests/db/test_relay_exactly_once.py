"""Exactly once through kills, lost replies, a database that stays away and a long Slack outage: every
message the relay owes is in the fake Slack once, counted by the delivery id each post carries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.config import Settings
from bot.db import SessionFactory
from bot.models import DeliveryState
from bot.scheduling.leases import LEASE
from bot.scheduling.relay import Relay
from bot.scheduling.relay_outcomes import BACKOFF_CAP
from bot.scheduling.sent_records import RECORD_RETRY_WAITS
from bot.slack.client import relay_client, web_client
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_history import follow_clock, posts_per_delivery
from tests.support.faults import DatabaseDownAfterPost, FlakySessions
from tests.support.kill_points import (
    Killed,
    KillingClient,
    KillingSessions,
    KillPoint,
    delivery_states,
    queue_notices,
    recorded_ts,
)

USERS = [f"U{n:03d}" for n in range(6)]


@pytest.fixture(autouse=True)
def slack_users(fake_slack: FakeSlack, clock: FakeClock) -> None:
    follow_clock(fake_slack, fake_slack.faults, clock)
    for user in USERS:
        fake_slack.add_user(user, real_name=user.title(), tz="UTC")


def fresh_relay(sessions: SessionFactory, settings: Settings, clock: FakeClock, owner: str) -> Relay:
    """A relay in a newly started process (nothing cached)."""
    return Relay(sessions, relay_client(settings), owner=owner, clock=clock)


def assert_each_sent_once(sessions: SessionFactory, fake_slack: FakeSlack, ids: list[int]) -> None:
    assert delivery_states(sessions) == dict.fromkeys(ids, DeliveryState.SENT)
    assert posts_per_delivery(fake_slack) == dict.fromkeys(ids, 1)
    stored = {m["metadata"]["event_payload"]["delivery_id"]: m["ts"] for m in fake_slack.messages()}
    assert recorded_ts(sessions) == stored


@pytest.mark.parametrize("point", list(KillPoint), ids=[p.name.lower() for p in KillPoint])
def test_a_relay_killed_at_any_point_of_a_send_leaves_each_message_in_slack_once(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock, point: KillPoint
) -> None:
    ids = queue_notices(sessions, clock.now, USERS[:3])
    killing = KillingSessions(sessions)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    client = KillingClient(killing, point, nth=2, token=token, base_url=url)
    doomed = Relay(killing, client, owner="doomed", clock=clock)  # type: ignore[arg-type]

    with pytest.raises(Killed):
        doomed.run_once(clock.now)
    # Nothing runs until the dead process's lease has run out.
    assert fresh_relay(sessions, settings, clock, "early").run_once(clock.advance(minutes=1)).sent == 0

    report = fresh_relay(sessions, settings, clock, "restarted").run_once(clock.advance(minutes=LEASE.seconds // 60))

    assert report.reaped == 2
    assert_each_sent_once(sessions, fake_slack, ids)
    # Three posts reached Slack, one each; only the message whose outcome was unknown paid for a look-up.
    looked_up = len(fake_slack.calls_to("conversations.history"))
    assert (len(fake_slack.calls_to("chat.postMessage")), looked_up) == (3, int(point is not KillPoint.BEFORE_ATTEMPT))


def test_lost_replies_to_one_post_in_twenty_neither_duplicate_nor_lose_a_message(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    users = [f"UL{n:03d}" for n in range(60)]
    for user in users:
        fake_slack.add_user(user, tz="UTC")
    ids = queue_notices(sessions, clock.now, users)
    fake_slack.faults.lose_replies(rate=0.05)
    relay = fresh_relay(sessions, settings, clock, "relay")

    for _ in range(10):
        relay.run_once(clock.now)
        clock.advance(seconds=30)

    assert fake_slack.faults.lost >= 2
    assert_each_sent_once(sessions, fake_slack, ids)
    assert len(fake_slack.calls_to("chat.postMessage")) == len(ids)


@pytest.mark.parametrize("client", ["relay", "sdk retries"])
def test_all_replies_lost_for_five_minutes_leave_each_message_in_slack_once(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock, client: str
) -> None:
    ids = queue_notices(sessions, clock.now, USERS)
    fake_slack.faults.lose_replies(start=clock.now, end=clock.now + timedelta(minutes=5))
    # The relay's own client never re-posts by itself; a client with the SDK's connection-error retry
    # (as the rest of the bot uses) would post each message again at once.
    web = relay_client(settings) if client == "relay" else web_client(settings)
    relay = Relay(sessions, web, owner="relay", clock=clock)

    for _ in range(20):
        relay.run_once(clock.now)
        clock.advance(seconds=30)

    assert fake_slack.faults.lost >= len(ids)
    assert delivery_states(sessions) == dict.fromkeys(ids, DeliveryState.SENT)
    expected = 1 if client == "relay" else 2
    assert posts_per_delivery(fake_slack) == dict.fromkeys(ids, expected)


def test_a_database_away_until_the_process_is_killed_sends_the_message_once(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """The message Slack accepted could not be recorded, and the process died holding that in memory:
    the relay that picks the row up finds the post instead of sending it again."""
    ids = queue_notices(sessions, clock.now, USERS[:3])
    flaky = FlakySessions(sessions)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    client = DatabaseDownAfterPost(
        flaky, down_after={1}, transactions=len(RECORD_RETRY_WAITS) + 1, token=token, base_url=url
    )
    dying = Relay(flaky, client, owner="dying", clock=clock, wait=lambda _: None)  # type: ignore[arg-type]
    assert dying.run_once(clock.now).errors == [f"{ids[0]}: sent, not recorded yet"]
    del dying  # killed: what it remembered is gone

    report = fresh_relay(sessions, settings, clock, "restarted").run_once(clock.advance(minutes=6))

    assert (report.reaped, report.sent) == (1, 1)
    assert_each_sent_once(sessions, fake_slack, ids)


def test_a_ninety_minute_outage_ends_in_every_message_sent_soon_after_slack_recovers(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ids = queue_notices(sessions, clock.now, USERS)
    recovers = clock.now + timedelta(minutes=90)
    fake_slack.faults.outage(clock.now, recovers, status=500)
    relay = fresh_relay(sessions, settings, clock, "relay")

    while clock.now < recovers:
        report = relay.run_once(clock.now)
        assert report.failed == 0
        clock.advance(minutes=1)
    assert delivery_states(sessions) == dict.fromkeys(ids, DeliveryState.PENDING)
    while set(delivery_states(sessions).values()) != {DeliveryState.SENT}:
        assert clock.now <= recovers + BACKOFF_CAP, "not sent within one backoff of the recovery"
        assert relay.run_once(clock.now).failed == 0
        clock.advance(minutes=1)

    assert_each_sent_once(sessions, fake_slack, ids)


def test_a_post_whose_reply_times_out_in_a_disconnect_outage_is_found_not_reposted(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """A post stored just before the connection dropped, then Slack unreachable for a while: the look-up
    waits for Slack to come back rather than posting blind."""
    ids = queue_notices(sessions, clock.now, USERS[:1])
    fake_slack.faults.lose_replies(start=clock.now, end=clock.now + timedelta(seconds=1))
    fake_slack.faults.outage(clock.now + timedelta(seconds=1), clock.now + timedelta(minutes=20), disconnect=True)
    relay = fresh_relay(sessions, settings, clock, "relay")

    for _ in range(30):
        relay.run_once(clock.now)
        clock.advance(minutes=1)

    assert_each_sent_once(sessions, fake_slack, ids)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_history_slack_will_not_show_means_posting_again(
    sessions: SessionFactory,
    settings: Settings,
    fake_slack: FakeSlack,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without the history scope (an app not reinstalled since) the relay cannot know: it posts again
    (at least once, as the README says) and says why."""
    ids = queue_notices(sessions, clock.now, USERS[:1])
    fake_slack.faults.lose_replies(start=clock.now, end=clock.now + timedelta(seconds=1))
    fake_slack.fail_next("conversations.history", "missing_scope")
    relay = fresh_relay(sessions, settings, clock, "relay")

    relay.run_once(clock.now)
    report = relay.run_once(clock.advance(minutes=1))

    assert report.sent == 1
    assert posts_per_delivery(fake_slack) == {ids[0]: 2}
    assert "cannot read the history" in caplog.text


def test_a_plain_client_without_metadata_cannot_fool_the_look_up(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    """Another message in the same DM at the same moment (not carrying this delivery's id) is not taken
    for the lost post."""
    ids = queue_notices(sessions, clock.now, USERS[:1])
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    killing = KillingSessions(sessions)
    client = KillingClient(killing, KillPoint.BEFORE_POST, token=token, base_url=url)
    doomed = Relay(killing, client, owner="doomed", clock=clock)  # type: ignore[arg-type]
    with pytest.raises(Killed):
        doomed.run_once(clock.now)
    WebClient(token=token, base_url=url).chat_postMessage(channel=f"D{USERS[0]}", text="something else")

    fresh_relay(sessions, settings, clock, "restarted").run_once(clock.advance(minutes=6))

    assert posts_per_delivery(fake_slack) == {ids[0]: 1}
    assert len(fake_slack.messages(channel=f"D{USERS[0]}")) == 2
