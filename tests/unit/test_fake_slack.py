"""Tests of the fake Slack Web API server, driven through a real slack_sdk WebClient."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import ConnectionErrorRetryHandler, FixedValueRetryIntervalCalculator

from tests.support import blockkit_checks
from tests.support.fake_slack import FakeSlack
from tests.support.fixtures import fake_slack  # noqa: F401

Json = dict[str, Any]


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:  # noqa: F811
    fake_slack.add_user("U1", name="ana", real_name="Ana Lima", tz="Europe/Lisbon")
    fake_slack.add_user("UGONE", deleted=True)
    fake_slack.add_user("UOTHERBOT", is_bot=True)
    fake_slack.add_channel("C1", "general")
    fake_slack.add_channel("COLD", "old", is_archived=True)
    fake_slack.add_channel("CNOPE", "elsewhere", is_member=False)
    return WebClient(token="xoxb-test", base_url=fake_slack.url)


def slack_error(call: Any, *args: Any, **kwargs: Any) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        call(*args, **kwargs)
    return caught.value


def section(text: str) -> Json:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def modal(title: str = "Check-in", **extra: Any) -> Json:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [section("hi")],
        **extra,
    }


def test_auth_test_and_user_directory(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    auth = client.auth_test()
    assert (auth["user_id"], auth["team_id"], auth["is_enterprise_install"]) == ("UBOT", "T0001", False)
    user = client.users_info(user="U1")["user"]
    assert (user["name"], user["real_name"], user["profile"]["real_name"]) == ("ana", "Ana Lima", "Ana Lima")
    assert user["tz"] == "Europe/Lisbon"
    assert user["tz_offset"] in (0, 3600)
    assert slack_error(client.users_info, user="U404").response["error"] == "user_not_found"
    listing = client.users_list()
    assert {"UBOT", "U1", "UGONE"} <= {m["id"] for m in listing["members"]}
    assert listing["response_metadata"] == {"next_cursor": ""}
    assert fake_slack.last("users.info").params == {"user": "U404"}
    assert fake_slack.last("users.info").token == "xoxb-test"


def test_dm_post_update_and_delete(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    dm = client.conversations_open(users="U1")
    assert dm["channel"]["id"] == "DU1"
    assert dm["already_open"] is False
    assert client.conversations_open(users="U1")["already_open"] is True
    posted = client.chat_postMessage(channel="DU1", text="hello", blocks=[section("*hello*")])
    assert posted["channel"] == "DU1"
    assert posted["message"]["user"] == "UBOT"
    second = client.chat_postMessage(channel="U1", text="again", thread_ts=posted["ts"])
    assert second["channel"] == "DU1"
    assert float(second["ts"]) > float(posted["ts"])
    client.chat_update(channel="DU1", ts=posted["ts"], text="edited")
    first, reply = fake_slack.messages("DU1")
    assert (first["text"], first["updated"], first["blocks"]) == ("edited", True, [section("*hello*")])
    assert (reply["thread_ts"], reply["updated"]) == (posted["ts"], False)
    assert slack_error(client.chat_update, channel="DU1", ts="1.2", text="x").response["error"] == "message_not_found"
    client.chat_delete(channel="DU1", ts=reply["ts"])
    assert [m["ts"] for m in fake_slack.messages()] == [posted["ts"]]
    assert client.conversations_info(channel="DU1")["channel"]["user"] == "U1"


def test_delete_takes_only_the_bots_own_messages(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    """As Slack answers a bot token: a person's message can't go, a gone one is message_not_found."""
    theirs = fake_slack.post_as_user("DU1", "U1", "my own words")
    ours = client.chat_postMessage(channel="U1", text="from the bot")["ts"]

    assert slack_error(client.chat_delete, channel="DU1", ts=theirs).response["error"] == "cant_delete_message"
    client.chat_delete(channel="DU1", ts=ours)
    assert slack_error(client.chat_delete, channel="DU1", ts=ours).response["error"] == "message_not_found"
    assert [m["text"] for m in fake_slack.messages("DU1")] == ["my own words"]
    later = client.chat_postMessage(channel="C1", text="in a channel")["ts"]
    fake_slack.fail_for_channel("C1", "channel_not_found")
    assert slack_error(client.chat_delete, channel="C1", ts=later).response["error"] == "channel_not_found"


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        ("COLD", "is_archived"),
        ("CNOPE", "not_in_channel"),
        ("C404", "channel_not_found"),
        ("DU404", "channel_not_found"),
    ],
)
def test_post_target_errors(client: WebClient, channel: str, error: str) -> None:
    assert slack_error(client.chat_postMessage, channel=channel, text="x").response["error"] == error


def test_a_group_dm_is_one_channel_for_the_same_people_in_any_order(
    client: WebClient,
    fake_slack: FakeSlack,  # noqa: F811
) -> None:
    """As Slack: conversations.open with several users opens (or finds) their group DM with the app."""
    fake_slack.add_user("U2", real_name="Two")
    opened = client.conversations_open(users="U1,U2")
    channel = opened["channel"]["id"]
    assert channel.startswith("G")
    assert opened["already_open"] is False
    again = client.conversations_open(users="U2,U1")
    assert (again["channel"]["id"], again["already_open"]) == (channel, True)
    assert client.conversations_info(channel=channel)["channel"]["is_mpim"] is True
    posted = client.chat_postMessage(channel=channel, text="hello both")
    assert posted["channel"] == channel
    assert [m["text"] for m in client.conversations_history(channel=channel)["messages"]] == ["hello both"]
    many = ",".join(f"UM{n}" for n in range(9))
    assert slack_error(client.conversations_open, users=many).response["error"] == "too_many_users"
    assert slack_error(client.conversations_open, users="U1,UGONE").response["error"] == "user_disabled"


@pytest.mark.parametrize(
    ("user", "error"),
    [("U404", "user_not_found"), ("UGONE", "user_disabled"), ("UOTHERBOT", "cannot_dm_bot")],
)
def test_conversations_open_errors(client: WebClient, user: str, error: str) -> None:
    assert slack_error(client.conversations_open, users=user).response["error"] == error


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_channels_ephemeral_and_no_text(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    assert slack_error(client.chat_postMessage, channel="C1").response["error"] == "no_text"
    assert client.conversations_info(channel="C1")["channel"]["name"] == "general"
    assert slack_error(client.conversations_info, channel="C404").response["error"] == "channel_not_found"
    assert client.conversations_join(channel="CNOPE")["channel"]["is_member"] is True
    client.chat_postMessage(channel="CNOPE", text="now a member")
    answer = client.chat_postEphemeral(channel="C1", user="U1", text="psst")
    assert fake_slack.ephemerals == [
        {
            "channel": "C1",
            "user": "U1",
            "text": "psst",
            "blocks": [],
            "thread_ts": None,
            "ts": answer["message_ts"],
        }
    ]
    assert client.apps_connections_open(app_token="xapp-1")["url"] == "ws://127.0.0.1:1/"


def test_rate_limit_surfaces_status_and_retry_after(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=7)
    error = slack_error(client.chat_postMessage, channel="C1", text="x")
    assert error.response.status_code == 429
    assert error.response.headers["Retry-After"] == "7"
    assert error.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_server_errors_and_slack_style_errors(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.fail_next("auth.test", "fatal_error", status=500, html=True)
    fake_slack.fail_next("auth.test", "internal_error", status=500)
    fake_slack.fail_next("auth.test", "team_added_to_org")
    assert slack_error(client.auth_test).response.status_code == 500
    json_error = slack_error(client.auth_test).response
    assert (json_error.status_code, json_error["error"]) == (500, "internal_error")
    slack_style = slack_error(client.auth_test).response
    assert (slack_style.status_code, slack_style["error"]) == (200, "team_added_to_org")
    assert client.auth_test()["ok"] is True


def test_disconnect_makes_the_client_raise(fake_slack: FakeSlack) -> None:  # noqa: F811
    no_retry = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[], timeout=2)
    fake_slack.fail_next("auth.test", disconnect=True)
    with pytest.raises(ConnectionError):
        no_retry.auth_test()
    fake_slack.fail_next("auth.test", disconnect=True)
    retry_once = ConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.0))
    retrying = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[retry_once])
    assert retrying.auth_test()["ok"] is True
    assert len(fake_slack.calls_to("auth.test")) == 3


def test_tokens_are_checked(fake_slack: FakeSlack) -> None:  # noqa: F811
    for token, error in [("not-a-token", "invalid_auth"), ("xoxp-user", "invalid_auth")]:
        bad = WebClient(token=token, base_url=fake_slack.url)
        assert slack_error(bad.auth_test).response["error"] == error
    fake_slack.revoke_token("xoxb-old")
    revoked = WebClient(token="xoxb-old", base_url=fake_slack.url)
    assert slack_error(revoked.auth_test).response["error"] == "token_revoked"
    assert WebClient(token="xapp-1", base_url=fake_slack.url).auth_test()["ok"] is True


def test_once_tokens_are_issued_other_well_formed_tokens_are_invalid(fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.issue_tokens("xoxb-real", "xapp-real")

    assert WebClient(token="xoxb-real", base_url=fake_slack.url).auth_test()["ok"] is True
    for wrong in ("xoxb-typo", "xapp-typo"):
        client = WebClient(token=wrong, base_url=fake_slack.url)
        assert slack_error(client.auth_test).response["error"] == "invalid_auth"


def test_get_and_form_posts_are_parsed(fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.add_user("U1")
    with urllib.request.urlopen(f"{fake_slack.url}users.info?user=U1&token=xoxb-q") as answer:
        assert json.load(answer)["user"]["id"] == "U1"
    assert fake_slack.last("users.info").token == "xoxb-q"
    blocks = json.dumps([section("form")])
    body = urllib.parse.urlencode({"channel": "U1", "blocks": blocks, "users": '["U1"]'}).encode()
    request = urllib.request.Request(
        f"{fake_slack.url}chat.postMessage", data=body, headers={"Authorization": "Bearer xoxb-f"}
    )
    with urllib.request.urlopen(request) as answer:
        assert json.load(answer)["ok"] is True
    assert fake_slack.last("chat.postMessage").params == {
        "channel": "U1",
        "blocks": [section("form")],
        "users": '["U1"]',
    }


def test_multipart_and_unknown_methods_are_recorded(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    error = slack_error(client.api_call, "files.upload", files={"file": b"\x00\xff"}, data={"title": "t"})
    assert error.response["error"] == "unknown_method"
    assert fake_slack.last("files.upload").params["file"] == b"\x00\xff"
    assert fake_slack.last("files.upload").params["title"] == "t"


def test_over_long_modal_title_is_rejected_and_recorded(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    error = slack_error(client.views_open, trigger_id="123.456", view=modal("A title that is far too long"))
    assert error.response["error"] == "invalid_arguments"
    assert error.response["response_metadata"]["messages"] == [
        "[ERROR] must be at most 24 characters (got 28) [json-pointer:/view/title/text]"
    ]
    [violation] = fake_slack.take_violations()
    assert (violation.method, violation.error) == ("views.open", "invalid_arguments")
    assert fake_slack.views == {}


def test_fifty_one_blocks_are_rejected(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    error = slack_error(client.chat_postMessage, channel="C1", text="t", blocks=[section(str(i)) for i in range(51)])
    assert error.response["error"] == "invalid_blocks"
    assert fake_slack.take_violations()[0].method == "chat.postMessage"
    assert fake_slack.messages() == []
    fake_slack.strict = False
    assert client.chat_postMessage(channel="C1", text="t", blocks=[section(str(i)) for i in range(51)])["ok"] is True
    assert fake_slack.violations == []


def test_views_lifecycle(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    opened = client.views_open(trigger_id="1.2", view=modal(external_id="checkin-1", callback_id="checkin"))["view"]
    assert (opened["id"], opened["callback_id"], opened["root_view_id"]) == ("V000001", "checkin", "V000001")
    pushed = client.views_push(trigger_id="1.3", view=modal("Step 2"))["view"]
    assert pushed["previous_view_id"] == opened["id"]
    assert fake_slack.last_view()["id"] == pushed["id"]
    updated = client.views_update(external_id="checkin-1", view=modal("Updated"), hash=opened["hash"])["view"]
    assert updated["id"] == opened["id"]
    assert updated["title"]["text"] == "Updated"
    assert fake_slack.last_view()["title"]["text"] == "Updated"
    stale = slack_error(client.views_update, view_id=opened["id"], view=modal(), hash=opened["hash"])
    assert stale.response["error"] == "hash_conflict"
    assert slack_error(client.views_update, view_id="V999", view=modal()).response["error"] == "not_found"
    assert (
        slack_error(client.views_open, trigger_id="expired.1", view=modal()).response["error"] == "expired_trigger_id"
    )
    home = {"type": "home", "blocks": [section("Welcome")]}
    published = client.views_publish(user_id="U1", view=home)["view"]
    assert fake_slack.home_views["U1"]["id"] == published["id"]
    assert set(fake_slack.views) == {opened["id"], pushed["id"], published["id"]}


def test_files_upload_v2_round_trip(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    answer = client.files_upload_v2(
        channel="C1", content="# Notes\n", filename="x.md", title="Notes", initial_comment="here"
    )
    assert answer["file"]["id"] == fake_slack.files[0]["id"]
    [stored] = fake_slack.files
    assert (stored["title"], stored["channel_id"], stored["content"]) == ("Notes", "C1", b"# Notes\n")
    assert stored["initial_comment"] == "here"
    assert fake_slack.last("files.getUploadURLExternal").params["filename"] == "x.md"


def test_channel_failures_until_cleared(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    fake_slack.fail_for_channel("U1", "user_is_restricted")
    assert slack_error(client.chat_postMessage, channel="DU1", text="x").response["error"] == "user_is_restricted"
    assert slack_error(client.chat_postMessage, channel="U1", text="x").response["error"] == "user_is_restricted"
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    fake_slack.fail_for_channel("ULATER", "channel_not_found")
    fake_slack.add_user("ULATER")
    assert slack_error(client.chat_postMessage, channel="ULATER", text="x").response["error"] == "channel_not_found"
    fake_slack.clear_failures()
    assert client.chat_postMessage(channel="U1", text="x")["channel"] == "DU1"
    assert client.chat_postMessage(channel="ULATER", text="x")["channel"] == "DULATER"


def test_reset_keeps_directory(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    client.chat_postMessage(channel="C1", text="x")
    fake_slack.fail_next("auth.test")
    fake_slack.reset()
    assert (fake_slack.calls, fake_slack.messages(), fake_slack.files) == ([], [], [])
    assert client.auth_test()["ok"] is True
    assert client.users_info(user="U1")["ok"] is True


def test_recording_is_thread_safe(client: WebClient, fake_slack: FakeSlack) -> None:  # noqa: F811
    def post(worker: int) -> None:
        own = WebClient(token="xoxb-test", base_url=fake_slack.url)
        for i in range(10):
            own.chat_postMessage(channel="C1", text=f"{worker}-{i}")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    calls = fake_slack.wait_for("chat.postMessage", count=50, timeout=5)
    for thread in threads:
        thread.join()
    assert len(calls) == 50
    assert len({m["ts"] for m in fake_slack.messages()}) == 50
    with pytest.raises(AssertionError, match="expected 51"):
        fake_slack.wait_for("chat.postMessage", count=51, timeout=0.05)
    with pytest.raises(AssertionError, match=r"no call to views\.open"):
        fake_slack.last("views.open")


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "/blocks/0/text/text"),
        (
            [section("a"), {**section("b"), "block_id": "x"}, {**section("c"), "block_id": "x"}],
            "/blocks/2/block_id",
        ),
        ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}], "/blocks/0/fields"),
        ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}], "/blocks/0/elements"),
        (
            [
                {
                    "type": "actions",
                    "elements": [{"type": "button", "text": {"type": "plain_text", "text": "b" * 76}}],
                }
            ],
            "/blocks/0/elements/0/text/text",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "static_select",
                            "options": [{"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}],
                        }
                    ],
                }
            ],
            "/blocks/0/elements/0/options/0/value",
        ),
    ],
)
def test_block_limits(blocks: list[Json], pointer: str) -> None:
    errors = blockkit_checks.check_message("fallback", blocks)
    assert len(errors) == 1
    assert f"[json-pointer:{pointer}]" in errors[0]


def test_message_error_codes() -> None:
    assert blockkit_checks.classify_message("x" * 40_001, None) is not None
    assert blockkit_checks.classify_message("x" * 40_001, None)[0] == "msg_too_long"  # type: ignore[index]
    long_blocks = [section("x" * 3000)] * 5
    assert blockkit_checks.classify_message("ok", long_blocks)[0] == "msg_blocks_too_long"  # type: ignore[index]
    assert blockkit_checks.classify_message("ok", [section("fine")]) is None


@pytest.mark.parametrize(
    ("view", "pointer"),
    [
        (
            modal(
                blocks=[
                    {
                        "type": "input",
                        "label": {"type": "plain_text", "text": "L"},
                        "element": {"type": "plain_text_input"},
                    }
                ]
            ),
            "/view/submit",
        ),
        (
            modal(
                blocks=[
                    {
                        "type": "input",
                        "label": {"type": "plain_text", "text": "L"},
                        "element": {"type": "plain_text_input", "max_length": 3001},
                    }
                ],
                submit={"type": "plain_text", "text": "Save"},
            ),
            "/view/blocks/0/element/max_length",
        ),
        ({"type": "home", "blocks": [], "submit": {"type": "plain_text", "text": "x"}}, "/view/submit"),
        (modal(private_metadata="m" * 3001), "/view/private_metadata"),
        (modal(blocks=[section("x")] * 101), "/view/blocks"),
    ],
)
def test_view_limits(view: Json, pointer: str) -> None:
    errors = blockkit_checks.check_view(view)
    assert len(errors) == 1
    assert f"[json-pointer:{pointer}]" in errors[0]
