"""A clean environment for running the `career-prep` command against a fresh database and the fake Slack."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.support.fake_slack import FakeSlack


def clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlack, *, database: str | None
) -> dict[str, str]:
    """Only the settings the command needs (the fake Slack, and `database` unless None), run from `tmp_path`."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "DATABASE_URL", "LOG_LEVEL", "HOST", "PORT")):
            monkeypatch.delenv(name, raising=False)
    values = {
        "SLACK_BOT_TOKEN": "xoxb-cli-test",
        "SLACK_SIGNING_SECRET": "cli-secret",
        "SLACK_API_URL": fake_slack.url,
        "LOG_LEVEL": "WARNING",
    }
    if database is not None:
        values["DATABASE_URL"] = database
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return values


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_slack: FakeSlack) -> dict[str, str]:
    """A clean environment for the command, with a fresh SQLite file and the fake Slack."""
    return clean_environment(monkeypatch, tmp_path, fake_slack, database=f"sqlite:///{tmp_path / 'cli.db'}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
