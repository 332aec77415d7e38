"""The fake Slack's rate limits answer as Slack does: HTTP 429, a Retry-After header in whole seconds
and `{"ok": false, "error": "ratelimited"}`; server errors are HTTP 500 and post nothing."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_limits import ManualClock, PostLimits


def refusal(client: WebClient, channel: str) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel=channel, text="hello")
    return caught.value


def test_a_second_post_to_a_channel_within_a_second_is_refused_with_retry_after(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA")
    clock = ManualClock()
    limits = fake_slack.limit_posts(PostLimits(channel_interval=1.0, clock=clock))
    client = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[])

    client.chat_postMessage(channel="UANA", text="first")
    clock.sleep(0.4)
    refused = refusal(client, "DUANA")  # the user's id and their DM are one channel

    assert refused.response.status_code == 429
    assert refused.response.headers["Retry-After"] == "1"
    assert refused.response.data == {"ok": False, "error": "ratelimited"}
    clock.sleep(0.6)
    client.chat_postMessage(channel="DUANA", text="second")
    assert [(post.channel, post.at) for post in limits.posts] == [("DUANA", 1000.0), ("DUANA", 1001.0)]
    assert limits.refused == 1


def test_the_workspace_cap_counts_posts_in_the_last_second_across_channels(fake_slack: FakeSlack) -> None:
    for user in ("UA", "UB", "UC"):
        fake_slack.add_user(user)
    clock = ManualClock()
    fake_slack.limit_posts(PostLimits(channel_interval=None, per_second=2, clock=clock))
    client = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[])

    client.chat_postMessage(channel="UA", text="1")
    client.chat_postMessage(channel="UB", text="2")

    assert refusal(client, "UC").response.status_code == 429
    clock.sleep(1.0)
    client.chat_postMessage(channel="UC", text="3")


def test_server_errors_come_at_the_rate_asked_and_post_nothing(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA")
    limits = fake_slack.limit_posts(PostLimits(channel_interval=None, server_errors=1.0))
    client = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[])

    refused = refusal(client, "UANA")

    assert (refused.response.status_code, refused.response.data["error"]) == (500, "internal_error")
    assert (fake_slack.messages(), limits.errors) == ([], 1)
