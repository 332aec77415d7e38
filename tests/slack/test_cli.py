"""The `career-prep` command as an operator uses it: db upgrade, manifest, run-due, serve."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.cli import main
from bot.db import make_engine, make_sessions
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ManagerDeclined, Notice
from bot.domain.people import Profile, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.models import Delivery, DeliveryState
from tests.support.cli_env import env as env
from tests.support.cli_env import free_port
from tests.support.fake_slack import FakeSlack

REPO = Path(__file__).resolve().parents[2]


def test_db_upgrade_needs_no_slack_settings(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.delenv("SLACK_SIGNING_SECRET")

    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0

    assert capsys.readouterr().out.count("Database is up to date.") == 2


def test_manifest_fills_request_urls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--base-url", "https://careers.example.com/"]) == 0

    manifest = yaml.safe_load(capsys.readouterr().out)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == "https://careers.example.com/slack/events"
    assert manifest["settings"]["interactivity"]["request_url"] == "https://careers.example.com/slack/events"
    assert manifest["features"]["slash_commands"][0]["url"] == "https://careers.example.com/slack/events"
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_manifest_rejects_a_bad_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--base-url", "careers.example.com"]) == 2
    assert capsys.readouterr().err.startswith("Error:")


def test_bad_settings_stop_with_one_clear_line(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-token")

    assert main(["run-due"]) == 2

    err = capsys.readouterr().err
    assert err.strip() == (
        "Configuration error: SLACK_BOT_TOKEN must start with xoxb-: set it to the Bot User OAuth Token (xoxb-…) "
        "from your Slack app's OAuth & Permissions page."
    )


def test_run_due_delivers_once_and_twice_sends_nothing_twice(
    env: dict[str, str], fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.add_user("UANA", name="ana", tz="Europe/Berlin")
    assert main(["db", "upgrade"]) == 0
    sessions = make_sessions(make_engine(env["DATABASE_URL"]))
    now = datetime.now(UTC) - timedelta(minutes=1)
    with sessions.begin() as session:
        ensure_workspace(session, team_id="T0001", now=now)
        ana = upsert_person(session, team_id="T0001", profile=Profile("UANA", "Ana", "Europe/Berlin"), now=now)
        # An answer to Ana's own action goes at once, whatever the hour in Berlin when CI runs.
        notice(
            session,
            recipient=ana,
            template=Notice.MANAGER_DECLINED,
            payload=ManagerDeclined("Mira"),
            key="cli",
            now=now,
            immediate=True,
        )

    assert main(["run-due"]) == 0
    assert main(["run-due"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("Delivered 1,")
    assert out[-1].startswith("Delivered 0,")
    assert len(fake_slack.messages(channel="DUANA")) == 1
    with sessions.begin() as session:
        assert session.scalars(select(Delivery.state)).one() is DeliveryState.SENT


@pytest.mark.parametrize(
    ("args", "stop"),
    [
        (["serve", "--port", "{port}", "--no-scheduler"], signal.SIGINT),
        (["serve", "--port", "{port}"], signal.SIGTERM),
        # Without SLACK_APP_TOKEN, `run` serves HTTP on HOST/PORT with the scheduler alongside.
        (["run"], signal.SIGINT),
    ],
)
def test_http_modes_answer_health_checks_and_stop_cleanly(
    env: dict[str, str], args: list[str], stop: signal.Signals
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *(a.format(port=port) for a in args)],
        env={**os.environ, "PYTHONPATH": str(REPO), "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.1)
        assert body is not None, process.stderr.read() if process.poll() is not None else "server did not start"
        assert body["database"] is True
    finally:
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "stopped" in stderr


def test_run_due_stopped_mid_send_finishes_that_message_and_gives_the_rest_back(
    env: dict[str, str], fake_slack: FakeSlack
) -> None:
    """SIGTERM (cron killed, container stopped) during a send: that message is recorded, the rest go back
    to the queue at once instead of waiting out their lease, and the process exits cleanly."""
    users = ("UANA", "ULEO", "UPRIYA")
    assert main(["db", "upgrade"]) == 0
    sessions = make_sessions(make_engine(env["DATABASE_URL"]))
    now = datetime.now(UTC) - timedelta(minutes=1)
    with sessions.begin() as session:
        ensure_workspace(session, team_id="T0001", now=now)
        for user in users:
            fake_slack.add_user(user, tz="UTC")
            person = upsert_person(session, team_id="T0001", profile=Profile(user, user.title(), "UTC"), now=now)
            notice(
                session,
                recipient=person,
                template=Notice.MANAGER_DECLINED,
                payload=ManagerDeclined("Mira"),
                key=user,
                now=now,
                immediate=True,
            )
    fake_slack.slow_next("chat.postMessage", 3.0, times=len(users))
    # One sending thread, so that exactly one message is on its way (tests/db/test_relay_pace.py stops a pool).
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run-due"],
        env={**os.environ, "PYTHONPATH": str(REPO), "RELAY_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not fake_slack.calls_to("conversations.open") and time.monotonic() < deadline:
            time.sleep(0.05)  # the first message is on its way once its DM is open
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=10)  # `docker stop`'s grace before SIGKILL
    finally:
        process.kill()

    assert "Traceback" not in stderr
    assert stdout.startswith("Delivered 1,"), stdout + stderr
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    with sessions.begin() as session:
        assert sorted(session.scalars(select(Delivery.state))) == sorted(
            [DeliveryState.SENT, DeliveryState.PENDING, DeliveryState.PENDING]
        )
        assert session.scalars(select(Delivery.lease_owner).where(Delivery.lease_owner.is_not(None))).all() == []


@pytest.mark.parametrize("mode", ["serve", "socket"])
def test_long_running_modes_stopped_mid_send_finish_that_message_and_give_the_rest_back(
    env: dict[str, str], fake_slack: FakeSlack, mode: str
) -> None:
    """SIGTERM (`docker stop`) while the scheduler's tick is sending: as with run-due, the message in flight
    is recorded, the rest go back to the queue, and the process exits at once instead of draining the backlog."""
    users = ("UANA", "ULEO", "UPRIYA")
    assert main(["db", "upgrade"]) == 0
    sessions = make_sessions(make_engine(env["DATABASE_URL"]))
    now = datetime.now(UTC) - timedelta(minutes=1)
    with sessions.begin() as session:
        ensure_workspace(session, team_id="T0001", now=now)
        for user in users:
            fake_slack.add_user(user, tz="UTC")
            person = upsert_person(session, team_id="T0001", profile=Profile(user, user.title(), "UTC"), now=now)
            notice(
                session,
                recipient=person,
                template=Notice.MANAGER_DECLINED,
                payload=ManagerDeclined("Mira"),
                key=user,
                now=now,
                immediate=True,
            )
    fake_slack.slow_next("chat.postMessage", 3.0, times=len(users))
    port = free_port()
    # One sending thread, so exactly one message is in flight (stopping a pool of them: tests/db/test_relay_pace.py).
    extra = {"HOST": "127.0.0.1", "PORT": str(port), "PYTHONPATH": str(REPO), "RELAY_WORKERS": "1"}
    if mode == "socket":
        fake_slack.socket_mode()
        extra["SLACK_APP_TOKEN"] = "xapp-1-A0001-shutdown-test"
    args = ["serve", "--port", str(port)] if mode == "serve" else ["run"]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60  # the scheduler's first tick comes 30 s after the start
        while not fake_slack.calls_to("conversations.open") and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.1)  # the first message is on its way once its DM is open
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)  # `docker stop`'s grace before SIGKILL
    finally:
        process.kill()

    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    posts = [call.params["channel"] for call in fake_slack.calls_to("chat.postMessage")]
    assert len(posts) == 1, f"{posts}: {stderr}"
    with sessions.begin() as session:
        assert sorted(session.scalars(select(Delivery.state))) == sorted(
            [DeliveryState.SENT, DeliveryState.PENDING, DeliveryState.PENDING]
        )
        assert session.scalars(select(Delivery.lease_owner).where(Delivery.lease_owner.is_not(None))).all() == []


def test_a_port_already_in_use_stops_the_bot_with_one_clear_line(env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=30,
        )

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"Startup error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "set PORT" in done.stderr
