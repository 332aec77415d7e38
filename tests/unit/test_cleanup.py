"""chat.delete of the bot's own messages against the fake Slack: gone counts as deleted, a rate limit is
waited out once, and what Slack refuses is reported with its reason."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.domain.posted import PostedMessage
from bot.models import DeliveryKind
from bot.slack.cleanup import UNREACHABLE, delete_posted
from tests.support.fake_slack import FakeSlack
from tests.support.fixtures import fake_slack  # noqa: F401


def posted(client: WebClient, channel: str, text: str) -> PostedMessage:
    ts = str(client.chat_postMessage(channel=channel, text=text)["ts"])
    return PostedMessage(channel=channel, ts=ts, kind=DeliveryKind.NOTICE, reader_user_id=None, sent_at=None)


def test_deletes_waits_out_a_rate_limit_and_reports_refusals(fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.add_user("U1")
    fake_slack.add_channel("C1", "general")
    client = WebClient(token="xoxb-test", base_url=fake_slack.url)
    mine = [posted(client, "C1", f"note {n}") for n in range(3)]
    theirs_ts = fake_slack.post_as_user("C1", "U1", "a person's words")
    theirs = PostedMessage("C1", theirs_ts, DeliveryKind.NOTICE, None, None)
    gone = PostedMessage("C1", "1.000001", DeliveryKind.NOTICE, None, None)
    fake_slack.fail_next("chat.delete", "ratelimited", retry_after=7)
    waited: list[float] = []

    cleanup = delete_posted(client, [*mine, theirs, gone], wait=waited.append)

    assert waited == [7.0]
    assert cleanup.deleted == 4  # the three, and the one already gone
    assert [(u.message.ts, u.error) for u in cleanup.undeleted] == [(theirs_ts, "cant_delete_message")]
    assert [m["text"] for m in fake_slack.messages("C1")] == ["a person's words"]


def test_an_unreachable_slack_is_reported_not_raised() -> None:
    client = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", timeout=1)
    message = PostedMessage("C1", "1.000001", DeliveryKind.AGENDA, "U1", None)

    cleanup = delete_posted(client, [message], wait=lambda _: None)

    assert cleanup.deleted == 0
    assert [u.error for u in cleanup.undeleted] == [UNREACHABLE]
