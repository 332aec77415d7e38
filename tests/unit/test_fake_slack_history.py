"""The fake Slack's conversations.history and its faults (lost replies, outages), driven through a real
slack_sdk WebClient, as the relay's exactly-once tests rely on them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_history import follow_clock, posts_per_delivery
from tests.support.fixtures import fake_slack  # noqa: F401

START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(fake_slack: FakeSlack) -> Clock:  # noqa: F811
    clock = Clock()
    follow_clock(fake_slack, fake_slack.faults, clock)
    fake_slack.add_user("U1", tz="UTC")
    fake_slack.add_channel("C1", "general")
    fake_slack.add_channel("CAWAY", "elsewhere", is_member=False)
    return clock


@pytest.fixture
def client(fake_slack: FakeSlack, clock: Clock) -> WebClient:  # noqa: F811
    return WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[])


def post(client: WebClient, clock: Clock, n: int, *, channel: str = "C1", **extra: Any) -> str:
    clock.now = START + timedelta(minutes=n)
    meta = {"event_type": "career_prep_delivery", "event_payload": {"delivery_id": n}}
    return str(client.chat_postMessage(channel=channel, text=f"message {n}", metadata=meta, **extra)["ts"])


def test_history_is_newest_first_with_metadata_only_when_asked(client: WebClient, clock: Clock) -> None:
    first, second = post(client, clock, 1), post(client, clock, 2)

    plain = client.conversations_history(channel="C1")["messages"]
    with_metadata = client.conversations_history(channel="C1", include_all_metadata=True)["messages"]

    assert [m["ts"] for m in plain] == [second, first]
    assert all("metadata" not in m for m in plain)
    assert [m["metadata"]["event_payload"]["delivery_id"] for m in with_metadata] == [2, 1]
    assert float(first) == (START + timedelta(minutes=1)).timestamp()  # a message's ts is when it was posted


def test_oldest_and_latest_bound_the_window_exclusively_unless_inclusive(client: WebClient, clock: Clock) -> None:
    ts = [post(client, clock, n) for n in range(5)]

    between = client.conversations_history(channel="C1", oldest=ts[1], latest=ts[3])["messages"]
    including = client.conversations_history(channel="C1", oldest=ts[1], latest=ts[3], inclusive=True)["messages"]

    assert [m["ts"] for m in between] == [ts[2]]
    assert [m["ts"] for m in including] == [ts[3], ts[2], ts[1]]


def test_pages_with_a_cursor_cover_every_message_once(client: WebClient, clock: Clock) -> None:
    ts = [post(client, clock, n) for n in range(7)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = client.conversations_history(channel="C1", limit=3, cursor=cursor)
        pages += 1
        seen += [m["ts"] for m in page["messages"]]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page["has_more"]:
            break

    assert (pages, seen) == (3, list(reversed(ts)))


def test_thread_replies_stay_out_of_the_channel_history(client: WebClient, clock: Clock) -> None:
    parent = post(client, clock, 1)
    post(client, clock, 2, thread_ts=parent)

    assert [m["ts"] for m in client.conversations_history(channel="C1")["messages"]] == [parent]


@pytest.mark.parametrize(
    ("channel", "cursor", "error"),
    [
        ("CNONE", None, "channel_not_found"),
        ("U1", None, "channel_not_found"),
        ("CAWAY", None, "not_in_channel"),
        ("C1", "bm9wZQ==", "invalid_cursor"),
        ("C1", "%%%", "invalid_cursor"),
    ],
)
def test_history_refuses_what_slack_refuses(client: WebClient, channel: str, cursor: str | None, error: str) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.conversations_history(channel=channel, cursor=cursor)

    assert caught.value.response["error"] == error


def test_a_lost_reply_leaves_the_post_stored(client: WebClient, clock: Clock, fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.faults.lose_replies(start=START, end=START + timedelta(minutes=1))
    clock.now = START

    with pytest.raises(ConnectionError):  # the connection dropped: no answer at all
        client.chat_postMessage(
            channel="C1", text="lost", metadata={"event_type": "x", "event_payload": {"delivery_id": 9}}
        )

    assert (posts_per_delivery(fake_slack), fake_slack.faults.lost) == ({9: 1}, 1)
    assert post(client, clock, 2)  # after the window, replies arrive again


def test_an_outage_fails_every_call_until_it_ends(client: WebClient, clock: Clock, fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.faults.outage(START, START + timedelta(minutes=90))
    clock.now = START + timedelta(minutes=89)

    with pytest.raises(SlackApiError) as auth:
        client.auth_test()
    with pytest.raises(SlackApiError) as posting:
        client.chat_postMessage(channel="C1", text="during the outage")

    assert (auth.value.response.status_code, posting.value.response.status_code) == (500, 500)
    assert fake_slack.messages() == []

    clock.now = START + timedelta(minutes=90)
    assert client.auth_test()["ok"] is True
