"""`career-prep run-due`, `workspace show` and `workspace unblock` when Slack refuses the token."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.db import make_engine, make_sessions
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ManagerDeclined, Notice
from bot.domain.people import Profile, upsert_person
from bot.domain.workspaces import block_sends, ensure_workspace
from bot.models import Delivery, DeliveryState
from tests.support.cli_env import env as env
from tests.support.fake_slack import FakeSlack


def queue_notice(database_url: str) -> None:
    sessions = make_sessions(make_engine(database_url))
    now = datetime.now(UTC) - timedelta(minutes=1)
    with sessions.begin() as session:
        ensure_workspace(session, team_id="T0001", now=now)
        ana = upsert_person(session, team_id="T0001", profile=Profile("UANA", "Ana", "Europe/Berlin"), now=now)
        notice(
            session,
            recipient=ana,
            template=Notice.MANAGER_DECLINED,
            payload=ManagerDeclined("M"),
            key="k",
            now=now,
            immediate=True,
        )


def states(database_url: str) -> list[DeliveryState]:
    with make_sessions(make_engine(database_url)).begin() as session:
        return list(session.scalars(select(Delivery.state)))


def test_a_blocked_workspace_is_reported_held_and_unblocked_once_the_token_works(
    env: dict[str, str],
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.add_user("UANA", tz="Europe/Berlin")
    assert main(["db", "upgrade"]) == 0
    queue_notice(env["DATABASE_URL"])
    # The startup check passes; then Slack refuses the token, auth.test included.
    fake_slack.fail_next("conversations.open", "invalid_auth")
    fake_slack.fail_next("auth.test", "invalid_auth", after=1, times=1000)
    capsys.readouterr()

    assert main(["run-due"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Delivered 0, retrying 0, failed 0, cancelled 0; 0 waiting for working hours."
    assert out[1].startswith("BLOCKED: workspace T0001: Slack refuses the bot token (invalid_auth) since ")
    assert "1 deliveries are held, not lost." in out[1]
    assert out[1].endswith("run `career-prep workspace unblock --team T0001`.")

    assert main(["workspace", "show", "--team", "T0001"]) == 0
    assert "  BLOCKED: workspace T0001: Slack refuses the bot token (invalid_auth)" in capsys.readouterr().out

    assert main(["workspace", "unblock", "--team", "T0001"]) == 1
    assert capsys.readouterr().err == (
        "Error: Slack still refuses SLACK_BOT_TOKEN (invalid_auth); workspace T0001 stays blocked "
        "(--force unblocks anyway).\n"
    )
    assert states(env["DATABASE_URL"]) == [DeliveryState.PENDING]

    fake_slack.clear_failures()
    assert main(["workspace", "unblock", "--team", "T0001"]) == 0
    assert capsys.readouterr().out.startswith(
        "Workspace T0001 unblocked (auth.test accepts the token). 1 held deliveries go out with the next tick"
    )
    assert main(["run-due"]) == 0
    assert capsys.readouterr().out.startswith("Delivered 1,")
    assert states(env["DATABASE_URL"]) == [DeliveryState.SENT]
    assert main(["workspace", "unblock", "--team", "T0001"]) == 0
    assert capsys.readouterr().out == "Workspace T0001 is not blocked; nothing to do.\n"


def test_unblock_refuses_a_token_of_another_workspace_unless_forced(
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert main(["db", "upgrade"]) == 0
    sessions = make_sessions(make_engine(env["DATABASE_URL"]))
    with sessions.begin() as session:
        ensure_workspace(session, team_id="TOTHER", now=datetime.now(UTC))
        block_sends(session, team_id="TOTHER", reason="token_revoked", now=datetime.now(UTC), confirmed=True)
    capsys.readouterr()

    with caplog.at_level(logging.WARNING):
        assert main(["run-due"]) == 1  # the token works, but for T0001: TOTHER stays blocked
    assert "workspace TOTHER is blocked: Slack refuses the bot token (token_revoked); 0 deliveries are held" in (
        caplog.text
    )
    assert capsys.readouterr().out.splitlines()[1].startswith("BLOCKED: workspace TOTHER")
    assert main(["workspace", "unblock", "--team", "TOTHER"]) == 1
    assert "SLACK_BOT_TOKEN belongs to workspace T0001, not TOTHER" in capsys.readouterr().err
    assert main(["workspace", "unblock", "--team", "TOTHER", "--force"]) == 0
    assert "unblocked (WITHOUT asking Slack (--force)" in capsys.readouterr().out


def test_run_due_says_when_slack_could_not_be_reached(
    env: dict[str, str],
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.fail_next("*", "internal_error", status=500, times=1000)

    assert main(["run-due"]) == 1

    assert capsys.readouterr().out.splitlines()[-1] == (
        "Slack could not be reached (Slack answered HTTP 500); what is due will be retried next time."
    )
