"""Socket Mode end to end: `career-prep run` with SLACK_APP_TOKEN against the fake Slack's WebSocket server.

The fake's WebSocket side is checked on its own too: with the real slack_sdk client (frames with 7-, 16-
and 64-bit lengths, pings, acks, reconnects) and with raw sockets for what that client never sends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.db import make_engine, make_sessions
from bot.migrate import upgrade
from tests.support import websocket_frames as ws
from tests.support.calendar_feed import events, fetch, link_in
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_socket import FakeSlackSocket
from tests.support.metrics_scrape import scrape, status_of
from tests.support.pairs import planned_conversation

REPO = Path(__file__).resolve().parents[2]
EMPLOYEE, NEWCOMER = "UANA", "UNEW"
METRICS_TOKEN = "socket-metrics-token-0123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(user_id: str, text: str, response_url: str, trigger_id: str) -> dict[str, Any]:
    """A slash command as Socket Mode delivers it: the form fields as a JSON object."""
    return {
        "token": "legacy-verification-token",
        "team_id": "T0001",
        "team_domain": "example",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": "/career-prep",
        "text": text,
        "api_app_id": "A0001",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def _bot_env(fake_slack: FakeSlack, tmp_path: Path, port: int) -> dict[str, str]:
    dropped = ("SLACK_", "DATABASE_URL", "LOG_LEVEL", "HOST", "PORT")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(dropped) and not name.lower().endswith("_proxy")
    }
    return {
        **env,
        "SLACK_BOT_TOKEN": "xoxb-socket-test",
        "SLACK_SIGNING_SECRET": "socket-secret",
        "SLACK_APP_TOKEN": "xapp-1-A0001-socket-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(REPO),
    }


def _until(ready: Callable[[], Any], timeout: float, what: str, process: subprocess.Popen[bytes], log: Path) -> Any:
    """Poll ``ready`` until it returns something truthy; fail at once if the bot exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := ready():
            return value
        if process.poll() is not None:
            pytest.fail(f"the bot exited ({process.returncode}) before {what}:\n{log.read_text()}")
        time.sleep(0.05)
    pytest.fail(f"no {what} within {timeout}s:\n{log.read_text()}")


def _health(port: int) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return dict(json.loads(response.read()))
    except OSError:
        return None


def test_run_answers_commands_over_socket_mode_and_stops_cleanly(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(NEWCOMER, name="neo", real_name="Neo Newcomer", tz="Europe/Berlin")
    server = fake_slack.socket_mode()
    port = _free_port()
    log = tmp_path / "bot.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env={**_bot_env(fake_slack, tmp_path, port), "METRICS_TOKEN": METRICS_TOKEN},
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _until(lambda: server.open_connections, 10, "a Socket Mode connection", process, log)
        assert fake_slack.last("apps.connections.open").token == "xapp-1-A0001-socket-test"
        assert _until(lambda: _health(port), 5, "an answer on /healthz", process, log)["database"] is True

        help_id = server.send_envelope(
            "slash_commands", _command(EMPLOYEE, "help", fake_slack.response_url("sm"), "trigger.1")
        )
        assert server.wait_for_ack(help_id, timeout=5) == {"envelope_id": help_id}  # a bare ack()
        reply = _until(lambda: fake_slack.responses, 5, "a reply on the response URL", process, log)[-1]
        assert reply["name"] == "sm"
        assert reply["response_type"] == "ephemeral"
        assert "/career-prep settings" in reply["text"]
        assert "/career-prep help" in reply["text"]

        setup_id = server.send_envelope(
            "slash_commands", _command(NEWCOMER, "", fake_slack.response_url("sm-setup"), "trigger.2")
        )
        assert server.wait_for_ack(setup_id, timeout=5) == {"envelope_id": setup_id}
        opened = fake_slack.wait_for("views.open", timeout=5)[-1]
        assert opened.params["trigger_id"] == "trigger.2"
        assert opened.params["view"]["callback_id"] == "setup_modal"
        assert fake_slack.last_view()["callback_id"] == "setup_modal"
        # /metrics is served on the health port too, behind METRICS_TOKEN, and counted both commands.
        base = f"http://127.0.0.1:{port}"
        assert status_of(base) == 401
        scraped = scrape(base, token=METRICS_TOKEN)
        assert scraped.value("career_prep_requests_total", kind="command", listener="help", status="200") == 1
        assert scraped.value("career_prep_ack_seconds_count", kind="command", listener="default") == 1
        assert EMPLOYEE not in scraped.text

        process.send_signal(signal.SIGINT)
        process.wait(timeout=8)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
    output_text = log.read_text()
    assert process.returncode == 0, output_text
    assert "Traceback" not in output_text
    assert "stopped" in output_text


def _seed_pair(database_url: str) -> None:
    """Ana and Mira with monthly 1:1s from a Tuesday a few weeks ahead, in the bot's database before it starts."""
    upgrade(database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    day = now.date() + timedelta(days=14)
    day += timedelta(days=(1 - day.weekday()) % 7)
    with make_sessions(engine).begin() as session:
        planned_conversation(session, now, day=day)
    engine.dispose()


def test_socket_mode_serves_calendar_feeds_on_the_health_port(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.add_user(EMPLOYEE, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    server = fake_slack.socket_mode()
    port = _free_port()
    env = {**_bot_env(fake_slack, tmp_path, port), "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    _seed_pair(env["DATABASE_URL"])
    log = tmp_path / "bot.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _until(lambda: server.open_connections, 10, "a Socket Mode connection", process, log)
        _until(lambda: _health(port), 5, "an answer on /healthz", process, log)
        asked = server.send_envelope(
            "slash_commands", _command(EMPLOYEE, "calendar", fake_slack.response_url("sm-cal"), "trigger.c")
        )
        assert server.wait_for_ack(asked, timeout=5) == {"envelope_id": asked}
        reply = _until(lambda: fake_slack.responses, 5, "a reply on the response URL", process, log)[-1]
        link = link_in(reply)
        assert link is not None, reply["text"]
        assert link.startswith(f"http://127.0.0.1:{port}/calendar/")

        served = fetch(link)
        assert served.status == 200
        assert served.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert [title.startswith("1:1 with ") for title in events(served.body)] == [True]
        assert fetch(link.replace("/calendar/", "/calendar/x")).status == 404

        process.send_signal(signal.SIGINT)
        process.wait(timeout=8)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
    output_text = log.read_text()
    assert process.returncode == 0, output_text
    assert "Traceback" not in output_text
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in output_text


# -- the fake's WebSocket server on its own -----------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeSlackSocket]:
    server = FakeSlackSocket().start()
    yield server
    server.stop()


@pytest.fixture
def client(fake_slack: FakeSlack) -> Iterator[SocketModeClient]:
    """slack_sdk's builtin client, acking every envelope with its payload size."""
    fake_slack.socket_mode()
    client = SocketModeClient(app_token="xapp-1-test", web_client=WebClient(base_url=fake_slack.url), ping_interval=0.5)

    def ack(client: SocketModeClient, request: SocketModeRequest) -> None:
        size = len(json.dumps(request.payload))
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload={"size": size}))

    client.socket_mode_request_listeners.append(ack)
    client.connect()
    yield client
    client.auto_reconnect_enabled = False
    fake_slack.socket_mode().close_connections()  # else closing waits for the client's 3 s read timeout
    deadline = time.monotonic() + 3
    while client.is_connected() and time.monotonic() < deadline:  # closing both ways at once can crash it
        time.sleep(0.02)
    client.close()


def test_sdk_client_gets_envelopes_of_any_length_and_acks(fake_slack: FakeSlack, client: SocketModeClient) -> None:
    server = fake_slack.socket_mode()
    server.wait_connected(timeout=5)

    for size in (10, 1_000, 70_000):  # 7-, 16- and 64-bit length fields
        payload = {"event": {"type": "app_mention", "text": "x" * size}}
        envelope_id = server.send_envelope("events_api", payload)

        ack = server.wait_for_ack(envelope_id, timeout=5)
        assert ack == {"envelope_id": envelope_id, "payload": {"size": len(json.dumps(payload))}}


def test_sdk_client_pings_get_pongs_and_server_pings_are_answered(
    fake_slack: FakeSlack, client: SocketModeClient
) -> None:
    server = fake_slack.socket_mode()
    server.wait_connected(timeout=5)
    server.ping(b"are-you-there")

    assert b"are-you-there" in server.wait_for("pongs", timeout=5)
    assert server.wait_for("pings", count=2, timeout=5)  # on connect, then every ping_interval
    # The client notes the pong to its own ping on its reader thread: give it a moment to get there.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        session = client.current_session
        if session is not None and session.last_ping_pong_time is not None:
            break
        time.sleep(0.02)
    assert client.current_session is not None
    assert client.current_session.last_ping_pong_time is not None


def test_disconnect_makes_the_sdk_client_reconnect_through_connections_open(
    fake_slack: FakeSlack, client: SocketModeClient
) -> None:
    server = fake_slack.socket_mode()
    server.wait_connected(timeout=5)

    server.send_disconnect()

    server.wait_connected(timeout=5, count=2)
    server.close_connections(keep_newest=True)  # Slack drops the old connection soon after
    tokens = [call.token for call in fake_slack.calls_to("apps.connections.open")]
    assert tokens == ["xapp-1-test", "xapp-1-test"]
    envelope_id = server.send_envelope("interactive", {"type": "block_actions"})
    assert server.wait_for_ack(envelope_id, timeout=5)["envelope_id"] == envelope_id


def test_connections_open_needs_an_app_token(fake_slack: FakeSlack) -> None:
    fake_slack.socket_mode()
    with pytest.raises(SlackApiError) as raised:
        WebClient(token="xoxb-1", base_url=fake_slack.url).api_call("apps.connections.open")
    assert raised.value.response["error"] == "not_allowed_token_type"


def _raw_connect(url: str, key: str = "dGhlIHNhbXBsZSBub25jZQ==") -> tuple[socket.socket, bytes]:
    """Open a WebSocket by hand; returns the socket and the response head."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
    sock.sendall(
        f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.hostname}\r\nUpgrade: websocket\r\n"
        f"Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += ws.recv_exactly(sock, 1)
    return sock, head


def _read_json(sock: socket.socket) -> dict[str, Any]:
    fin, opcode, payload = ws.read_frame(sock, masked=False)
    assert (fin, opcode) == (True, ws.OP_TEXT)
    return dict(json.loads(payload))


def test_handshake_hello_and_long_fragmented_masked_messages(server: FakeSlackSocket) -> None:
    sock, head = _raw_connect(server.issue_url())
    with sock:
        assert head.startswith(b"HTTP/1.1 101 ")
        assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" in head  # RFC 6455's own example
        hello = _read_json(sock)
        assert hello["type"] == "hello"
        assert hello["connection_info"] == {"app_id": "A0001"}

        ack = json.dumps({"envelope_id": "e-64", "payload": {"text": "y" * 70_000}}).encode()
        sock.sendall(ws.encode_frame(ws.OP_TEXT, ack, mask=b"\x01\x02\x03\x04"))  # 64-bit length
        fragmented = json.dumps({"envelope_id": "e-frag", "payload": {"text": "z" * 300}}).encode()
        sock.sendall(ws.encode_frame(ws.OP_TEXT, fragmented[:100], fin=False, mask=b"abcd"))
        sock.sendall(ws.encode_frame(ws.OP_PING, b"mid-message", mask=b"wxyz"))  # control frames may interleave
        sock.sendall(ws.encode_frame(ws.OP_CONTINUATION, fragmented[100:], mask=b"efgh"))  # 16-bit length

        assert ws.read_frame(sock, masked=False) == (True, ws.OP_PONG, b"mid-message")
        assert len(server.wait_for_ack("e-64")["payload"]["text"]) == 70_000
        assert server.wait_for_ack("e-frag")["payload"]["text"] == "z" * 300

        sock.sendall(ws.encode_frame(ws.OP_CLOSE, b"\x03\xe8bye", mask=b"\x00\xff\x00\xff"))
        assert ws.read_frame(sock, masked=False) == (True, ws.OP_CLOSE, b"\x03\xe8")
        assert sock.recv(1) == b""


def test_bad_tickets_and_unmasked_frames_are_refused(server: FakeSlackSocket) -> None:
    url = server.issue_url()
    sock, head = _raw_connect(url.replace("ticket=", "ticket=forged"))
    with sock:
        assert head.startswith(b"HTTP/1.1 401 ")
    assert server.log["rejected"][0].startswith("401 Unauthorized")

    sock, head = _raw_connect(url)
    with sock:
        assert _read_json(sock)["type"] == "hello"
        sock.sendall(ws.encode_frame(ws.OP_TEXT, b'{"envelope_id": "x"}'))  # a client must mask
        _, opcode, payload = ws.read_frame(sock, masked=False)
        assert (opcode, payload[:2]) == (ws.OP_CLOSE, b"\x03\xea")  # 1002: protocol error
    assert server.acks == {}
