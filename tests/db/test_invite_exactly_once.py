"""An invite is a DM plus an .ics in its thread: each reaches Slack once through kills at any point of the
upload and lost replies, counted by the delivery id the DM carries and the files in its thread."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import Settings
from bot.db import SessionFactory
from bot.models import DeliveryState
from bot.scheduling.leases import LEASE
from bot.scheduling.relay import Relay
from bot.slack.client import relay_client
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_history import follow_clock, posts_per_delivery
from tests.support.kill_points import Killed, KillingSessions, delivery_states
from tests.support.upload_faults import KillingUploadClient, UploadKillPoint, files_per_thread, queue_invites


@pytest.fixture(autouse=True)
def slack_users(fake_slack: FakeSlack, clock: FakeClock) -> None:
    follow_clock(fake_slack, fake_slack.faults, clock)
    fake_slack.add_user("UANA", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user("UMIRA", real_name="Mira Chen", tz="America/New_York")


def fresh_relay(sessions: SessionFactory, settings: Settings, clock: FakeClock, owner: str) -> Relay:
    return Relay(sessions, relay_client(settings), owner=owner, clock=clock)


def assert_each_sent_once(sessions: SessionFactory, fake_slack: FakeSlack, ids: list[int]) -> None:
    states = delivery_states(sessions)
    assert {i: states[i] for i in ids} == dict.fromkeys(ids, DeliveryState.SENT)
    assert posts_per_delivery(fake_slack) == dict.fromkeys(ids, 1)
    assert files_per_thread(fake_slack) == {str(i): 1 for i in ids}


@pytest.mark.parametrize("point", list(UploadKillPoint), ids=[p.name.lower() for p in UploadKillPoint])
def test_a_relay_killed_at_any_point_of_an_upload_leaves_one_dm_and_one_file(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock, point: UploadKillPoint
) -> None:
    ids, due = queue_invites(sessions, clock.now)
    clock.set(due)
    killing = KillingSessions(sessions)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    doomed = Relay(killing, KillingUploadClient(killing, point, token=token, base_url=url), owner="doomed", clock=clock)  # type: ignore[arg-type]

    with pytest.raises(Killed):
        doomed.run_once(clock.now)

    report = fresh_relay(sessions, settings, clock, "restarted").run_once(
        clock.advance(minutes=LEASE.seconds // 60 + 1)
    )

    assert report.reaped == 2
    assert_each_sent_once(sessions, fake_slack, ids)
    # The DM whose upload was cut off was found in history, not posted again; its thread was searched
    # once; its file reached Slack once: before the kill, or on the retry if the kill came first.
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert len(fake_slack.calls_to("conversations.history")) == 1
    assert len(fake_slack.calls_to("conversations.replies")) == 1
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 2


def test_lost_replies_to_posts_and_uploads_neither_duplicate_nor_lose_an_invite(
    sessions: SessionFactory, settings: Settings, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    ids, due = queue_invites(sessions, clock.now)
    clock.set(due)
    fake_slack.faults.lose_replies(start=clock.now, end=clock.now + timedelta(minutes=5))
    relay = fresh_relay(sessions, settings, clock, "relay")

    for _ in range(20):
        relay.run_once(clock.now)
        clock.advance(seconds=30)

    assert fake_slack.faults.lost >= 2
    assert_each_sent_once(sessions, fake_slack, ids)


def test_a_thread_slack_will_not_show_means_uploading_again(
    sessions: SessionFactory,
    settings: Settings,
    fake_slack: FakeSlack,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without the history scope the relay cannot know whether the file is there: it uploads it again
    (at least once, as for posts) and says why."""
    ids, due = queue_invites(sessions, clock.now)
    clock.set(due)
    killing = KillingSessions(sessions)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    point = UploadKillPoint.BEFORE_UPLOAD_REPLY
    doomed = Relay(killing, KillingUploadClient(killing, point, token=token, base_url=url), owner="doomed", clock=clock)  # type: ignore[arg-type]
    with pytest.raises(Killed):
        doomed.run_once(clock.now)
    fake_slack.fail_next("conversations.replies", "missing_scope")

    report = fresh_relay(sessions, settings, clock, "restarted").run_once(
        clock.advance(minutes=LEASE.seconds // 60 + 1)
    )

    assert report.sent == 2
    assert posts_per_delivery(fake_slack) == dict.fromkeys(ids, 1)
    assert sorted(files_per_thread(fake_slack).values()) == [1, 2]
    assert "cannot read the thread" in caplog.text
