"""Nothing acts on an unverified, oversize, foreign or malformed request: no Slack call, no outbound
request, no database write; each gets a plain 4xx (or a polite refusal) and no traceback."""

from __future__ import annotations

import contextlib
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_bolt import App
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import Base, Workspace
from bot.slack.ids import Action, Callback
from tests.conftest import SIGNING_SECRET
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import post
from tests.support.signed import FORM, JSON, SignedSlack

ANA = "UANA"


class Listener:
    """A local HTTP server standing in for an internal address a forged response_url points at."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/internal"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def internal() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(ANA, name="ana", tz="Europe/Berlin")


def row_count(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0 for table in Base.metadata.sorted_tables
        )


def forged_command(internal: Listener, user_id: str = "C0GENERAL") -> str:
    return urlencode(
        {
            "team_id": "T0001",
            "user_id": user_id,
            "command": "/career-prep",
            "text": "hours",
            "response_url": internal.url,
            "trigger_id": "1.2.3",
            "channel_id": "C0GENERAL",
        }
    )


@pytest.mark.parametrize("timestamp", ["x", "1.5", "", "1e9", " 12", "12 ", "-1", "9" * 40])
def test_a_timestamp_that_is_not_a_number_is_refused_and_nothing_happens(
    slack_server: str, fake_slack: FakeSlack, sessions: SessionFactory, internal: Listener, timestamp: str
) -> None:
    fake_slack.clear_calls()
    headers = {"content-type": FORM, "x-slack-request-timestamp": timestamp, "x-slack-signature": "v0=0"}

    answer = post(f"{slack_server}/slack/events", forged_command(internal), headers)

    assert answer.status == 401
    time.sleep(0.2)  # anything the bot might have started in the background has had its chance
    assert fake_slack.calls == []
    assert internal.hits == []
    assert row_count(sessions) == 0


@pytest.mark.parametrize("timestamp", ["x", "1.5", "", "1e9"])
def test_bolt_itself_refuses_a_timestamp_that_is_not_a_number(
    app: App, fake_slack: FakeSlack, sessions: SessionFactory, internal: Listener, timestamp: str
) -> None:
    """Socket Mode and tests enter through app.dispatch; Bolt's own check must fail closed too."""
    from slack_bolt import BoltRequest

    fake_slack.clear_calls()
    headers = {"content-type": FORM, "x-slack-request-timestamp": timestamp, "x-slack-signature": "v0=0"}

    response = app.dispatch(BoltRequest(body=forged_command(internal), headers=headers))

    assert response.status == 401
    time.sleep(0.2)
    assert fake_slack.calls == []
    assert internal.hits == []
    assert row_count(sessions) == 0


@pytest.mark.parametrize("age", [-400, 301, 86_400])
def test_a_stale_or_future_signature_is_refused(
    slack_server: str, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, age: int
) -> None:
    fake_slack.clear_calls()
    body = slack.command_body(ANA, "status")

    answer = post(f"{slack_server}/slack/events", body, slack.headers(body, FORM, timestamp=int(time.time()) - age))

    assert answer.status == 401
    assert fake_slack.calls == []
    assert row_count(sessions) == 0


def raw_post(server: str, head: bytes, body: bytes) -> bytes:
    """Send a request on a bare socket and read the status line, even if the server stops reading."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        # The server may answer and close before taking the whole body, as it should.
        with contextlib.suppress(OSError):
            conn.sendall(head + body)
        return conn.recv(200)


def test_an_oversize_body_is_refused_before_it_is_read(slack_server: str, fake_slack: FakeSlack) -> None:
    """The length alone decides: the 64 MB body is never sent, yet the answer comes at once."""
    fake_slack.clear_calls()
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 67108864\r\n\r\n"
    )

    reply = raw_post(slack_server, head, b"a" * 1024)

    assert reply.startswith(b"HTTP/1.1 413")
    assert fake_slack.calls == []


def test_a_body_just_over_the_cap_is_refused(slack_server: str, slack: SignedSlack, fake_slack: FakeSlack) -> None:
    fake_slack.clear_calls()
    body = (slack.command_body(ANA, "help") + "&pad=" + "a" * (1024 * 1024)).encode()
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )

    reply = raw_post(slack_server, head, body)

    assert reply.startswith(b"HTTP/1.1 413")
    assert fake_slack.calls == []


def test_a_command_whose_text_mentions_payload_is_still_a_command(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    """Bolt's parser would take this for an interaction and find nothing to run."""
    slack.command(ANA, "payload please")

    assert "I don't know `payload please`" in fake_slack.responses[-1]["text"]


def test_a_signed_request_with_a_foreign_response_url_is_refused(
    slack: SignedSlack, fake_slack: FakeSlack, internal: Listener, sessions: SessionFactory
) -> None:
    body = slack.command_body(ANA, "help").replace("response_url=", "response_url=" + internal.url + "%3F", 1)

    slack.dispatch(body, FORM, expect=400)

    assert internal.hits == []
    assert fake_slack.responses == []
    assert row_count(sessions) == 0


def test_a_foreign_response_url_in_private_metadata_is_never_called(
    slack: SignedSlack, fake_slack: FakeSlack, internal: Listener
) -> None:
    metadata = json.dumps({"item_id": 1, "surface": "items", "response_url": internal.url})
    view = {"id": "V1", "type": "modal", "callback_id": Callback.ITEM_EDIT, "private_metadata": metadata, "blocks": []}

    slack.submit_view(ANA, view, {})

    assert internal.hits == []


@pytest.mark.parametrize("forged", ["C0GENERAL", "U", "<!channel>", "uana", "U123|x"])
def test_a_forged_user_id_is_refused(slack: SignedSlack, fake_slack: FakeSlack, forged: str) -> None:
    fake_slack.clear_calls()
    body = slack.command_body(ANA, "help").replace(f"user_id={ANA}", "user_id=" + forged.replace("|", "%7C"))

    slack.dispatch(body, FORM, expect=400)

    assert fake_slack.calls == []


def test_a_command_from_another_workspace_is_refused_politely(
    app: App, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(ANA, "help")  # the bot has met its own workspace
    fake_slack.clear_calls()
    before = row_count(sessions)
    other = SignedSlack(app, SIGNING_SECRET, team_id="T0OTHER", http_url=slack.http_url)

    response = other.command(ANA, "settings")

    assert "belongs to another Slack workspace" in response.body
    assert fake_slack.calls == []
    assert row_count(sessions) == before
    with sessions.begin() as session:
        assert session.get(Workspace, "T0OTHER") is None


@pytest.mark.parametrize(
    "event",
    [
        {"type": "user_change", "user": {"id": ANA, "name": "ana", "tz": "Asia/Tokyo"}},
        {"type": "app_home_opened", "user": ANA, "tab": "home", "channel": "D1"},
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}},
    ],
)
def test_events_from_another_workspace_change_nothing(
    app: App, slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, event: dict[str, object]
) -> None:
    slack.command(ANA, "help")
    fake_slack.clear_calls()
    before = row_count(sessions)
    other = SignedSlack(app, SIGNING_SECRET, team_id="T0OTHER", http_url=slack.http_url)

    other.event(event)

    assert [c for c in fake_slack.calls if c.method != "auth.test"] == []
    assert row_count(sessions) == before


def test_an_org_wide_event_without_a_workspace_is_ignored_cleanly(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    body = json.dumps(
        {
            "enterprise_id": "E0001",
            "api_app_id": "A0001",
            "event": {"type": "app_uninstalled", "event_ts": "1.0"},
            "type": "event_callback",
            "event_id": "Ev1",
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": "E0001", "team_id": None, "user_id": "UBOT", "is_bot": True}],
        }
    )
    fake_slack.clear_calls()

    slack.dispatch(body, JSON)

    assert fake_slack.calls == []


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "view_submission", "user": {"id": ANA}, "team": {"id": "T0001"}, "view": {"id": "V1"}},
        {
            "type": "view_submission",
            "user": {"id": ANA},
            "team": {"id": "T0001"},
            "view": {"id": "V1", "callback_id": Callback.PREP_FORM, "state": {}},
        },
        {"type": "block_actions", "user": {"id": ANA}, "team": {"id": "T0001"}, "actions": []},
        {"type": "block_actions", "user": {"id": ANA}, "team": {"id": "T0001"}, "actions": [{"value": "x"}]},
        {"type": "block_actions", "team": {"id": "T0001"}, "actions": [{"action_id": Action.OPEN_PREP}]},
    ],
)
def test_a_malformed_interaction_gets_400_not_a_traceback(
    slack: SignedSlack, fake_slack: FakeSlack, payload: dict[str, object]
) -> None:
    fake_slack.clear_calls()

    slack.dispatch(slack.interactive_body(payload), FORM, expect=400)

    assert fake_slack.calls == []


@pytest.mark.parametrize("raw", ["payload=not-json", "payload=%7B", "payload=%FF%FE", "payload=[1,2]"])
def test_a_body_that_is_not_json_gets_400(slack: SignedSlack, raw: str) -> None:
    slack.dispatch(raw, FORM, expect=400)


def test_foreign_private_metadata_gets_a_clear_message(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": Callback.PREP_REVIEW,
        "private_metadata": '{"conversation_id": "not a number", "extra": 1}',
        "blocks": [],
    }

    slack.submit_view(ANA, view, {})

    assert "out of date" in fake_slack.messages(channel="D" + ANA)[-1]["text"]
