"""Startup as an operator meets it: a wrong setting is one line naming it and the fix (exit 2, no
traceback), and a Slack outage does not stop the bot (it starts, says so, and recovers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli_env import env as env
from tests.support.cli_env import free_port
from tests.support.fake_slack import FakeSlack

REPO = Path(__file__).resolve().parents[2]
BOT_TOKEN_LINE = (
    "Startup error: Slack refused SLACK_BOT_TOKEN (invalid_auth). Copy the Bot User OAuth Token (xoxb-…) again "
    "from your Slack app's OAuth & Permissions page, set SLACK_BOT_TOKEN to it and restart."
)
APP_TOKEN_LINE = (
    "Startup error: Slack refused SLACK_APP_TOKEN (invalid_auth). Create an app-level token with the "
    "connections:write scope on your Slack app's Basic Information page, set SLACK_APP_TOKEN to it (or unset it "
    "to use HTTP mode) and restart."
)


def cli(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `career-prep` as a separate process, as an operator (or a container) would (at LOG_LEVEL
    WARNING, so that informational lines such as migrations don't count)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_well_formed_but_wrong_bot_token_is_one_line(env: dict[str, str], fake_slack: FakeSlack) -> None:
    fake_slack.issue_tokens("xoxb-the-real-one")

    assert one_line(cli(env, "run-due")) == BOT_TOKEN_LINE


def test_a_wrong_app_token_in_socket_mode_is_one_line(env: dict[str, str], fake_slack: FakeSlack) -> None:
    fake_slack.issue_tokens(env["SLACK_BOT_TOKEN"], "xapp-the-real-one")
    fake_slack.socket_mode()

    result = cli({**env, "SLACK_APP_TOKEN": "xapp-pasted-from-another-app", "PORT": str(free_port())}, "run")

    assert one_line(result) == APP_TOKEN_LINE


def test_an_api_url_without_api_is_one_line(env: dict[str, str], fake_slack: FakeSlack) -> None:
    root = fake_slack.url.removesuffix("api/")

    assert one_line(cli({**env, "SLACK_API_URL": root}, "run-due")) == (
        "Configuration error: SLACK_API_URL must end in /api/: set it to an http(s) URL ending in /api/, "
        "or leave it unset for https://slack.com/api/."
    )


def test_an_api_url_that_is_not_slack_is_one_line(env: dict[str, str], fake_slack: FakeSlack) -> None:
    elsewhere = fake_slack.url.removesuffix("api/") + "proxy/api/"  # answers 404 pages, not Slack JSON

    assert one_line(cli({**env, "SLACK_API_URL": elsewhere}, "run-due")) == (
        f"Startup error: SLACK_API_URL={elsewhere} does not answer like Slack's Web API (HTTP 404, not a Slack "
        "Web API answer). Set it to a URL ending in /api/, or leave it unset for https://slack.com/api/."
    )


@pytest.mark.parametrize(
    ("name", "placeholder", "hint"),
    [
        (
            "SLACK_BOT_TOKEN",
            "xoxb-…",
            "set it to the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
        ),
        (
            "SLACK_APP_TOKEN",
            "xapp-…",
            "set it to an app-level token (xapp-…) with connections:write, or leave it unset for HTTP mode",
        ),
    ],
)
def test_placeholder_text_from_the_readme_is_one_line(
    env: dict[str, str],
    name: str,
    placeholder: str,
    hint: str,
) -> None:
    assert one_line(cli({**env, name: placeholder}, "run-due")) == (
        f"Configuration error: {name} contains non-ASCII characters (is it the placeholder from the README?): {hint}."
    )


def health(port: int) -> tuple[int, dict[str, Any]] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status, json.loads(response.read())
    except OSError:
        return None


def test_a_slack_outage_at_startup_does_not_stop_the_bot(env: dict[str, str], fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("auth.test", "internal_error", status=500, times=1000)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), "--no-scheduler"],
        env={**os.environ, **env, "PYTHONPATH": str(REPO), "LOG_LEVEL": "INFO"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = None
        deadline = time.monotonic() + 20
        while answer is None and time.monotonic() < deadline and process.poll() is None:
            answer = health(port) or time.sleep(0.1)
        assert answer is not None, "the bot did not start during the outage"
        status, body = answer
        assert status == 200
        assert (body["status"], body["slack"]["reachable"], body["slack"]["problem"]) == (
            "degraded",
            False,
            "Slack answered HTTP 500",
        )

        fake_slack.clear_failures()  # Slack is back: the background retry notices
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and (answer := health(port)) and answer[1]["status"] != "ok":
            time.sleep(0.2)
        assert answer is not None
        assert answer[1]["status"] == "ok"
        assert (answer[1]["slack"]["reachable"], answer[1]["slack"]["problem"]) == (True, None)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "Traceback" not in stderr
    assert "Slack is unreachable at SLACK_API_URL" in stderr


def test_a_slack_outage_when_socket_mode_connects_is_retried_not_fatal(
    env: dict[str, str],
    fake_slack: FakeSlack,
) -> None:
    sockets = fake_slack.socket_mode()
    fake_slack.fail_next("apps.connections.open", "internal_error", status=500)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env={
            **os.environ,
            **env,
            "SLACK_APP_TOKEN": "xapp-1-A0001-socket",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "PYTHONPATH": str(REPO),
        },
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sockets.wait_connected(timeout=30)  # the background retry connects once Slack answers
        assert process.poll() is None
        assert len(fake_slack.calls_to("apps.connections.open")) == 2
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "Traceback" not in stderr
    assert "Slack is unreachable for Socket Mode (Slack answered HTTP 500)" in stderr
