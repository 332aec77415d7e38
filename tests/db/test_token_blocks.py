"""A workspace blocked because Slack refuses its token: held deliveries, re-checks, and what
happens to reminders whose moment passed while it was blocked."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, save_setup
from bot.domain.workspaces import block_sends, blocked_workspaces, ensure_workspace, unblock_sends
from bot.models import Cadence, Delivery, DeliveryKind, DeliveryState, Person, Workspace
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.scheduling.token_checks import RECHECK_EVERY
from tests.support.fake_slack import FakeSlack

TEAM = "T0001"
PAIRS = {"UEARLY": date(2026, 12, 3), "ULATE": date(2026, 12, 10)}  # Thursdays, 15:30 in Berlin


@pytest.fixture(autouse=True)
def pairs(fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    for employee, day in PAIRS.items():
        fake_slack.add_user(employee, tz="Europe/Berlin")
        fake_slack.add_user(f"M{employee}", tz="Europe/Berlin")
        form = SetupInput(
            Profile(employee, employee.title(), "Europe/Berlin"),
            Profile(f"M{employee}", "Manager", "Europe/Berlin"),
            day,
            time(15, 30),
            Cadence.MONTHLY,
            30,
        )
        with sessions.begin() as session:
            save_setup(session, team_id=TEAM, form=form, submission_id=employee, now=now)


def prep_reminders(sessions: SessionFactory) -> dict[str, tuple[DeliveryState, str | None]]:
    with sessions.begin() as session:
        rows = session.execute(
            select(Person.slack_user_id, Delivery.state, Delivery.last_error)
            .join(Person, Person.id == Delivery.recipient_id)
            .where(Delivery.kind == DeliveryKind.PREP_REMINDER)
        )
        return {user: (state, error) for user, state, error in rows}


def blocked(sessions: SessionFactory) -> str | None:
    with sessions.begin() as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        return workspace.sends_blocked_reason


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_after_a_block_a_passed_reminder_is_cancelled_with_a_reason_and_a_useful_one_is_sent(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    tick(sessions, relay, at(1, 8))  # both prep reminders are planned (1 Dec and 8 Dec, 10:00 Berlin)
    fake_slack.fail_next("*", "invalid_auth", times=1000)  # Slack refuses the token for days

    with caplog.at_level(logging.WARNING):
        tick(sessions, relay, at(1, 9, 5))
    assert blocked(sessions) == "invalid_auth"
    assert (
        "Slack refuses the bot token for workspace T0001 (invalid_auth, confirmed by auth.test): deliveries are "
        "held" in caplog.text
    )
    calls = len(fake_slack.calls_to("auth.test"))
    tick(sessions, relay, at(1, 9, 5) + RECHECK_EVERY / 2)
    assert len(fake_slack.calls_to("auth.test")) == calls  # re-checked at most every few minutes
    tick(sessions, relay, at(1, 9, 5) + RECHECK_EVERY)
    assert len(fake_slack.calls_to("auth.test")) == calls + 1
    assert blocked(sessions) == "invalid_auth"

    fake_slack.clear_failures()  # the token works again, after the early 1:1 took place
    report = tick(sessions, relay, at(8, 9, 30))

    assert blocked(sessions) is None
    assert report.sent == 1
    assert prep_reminders(sessions) == {
        "UEARLY": (DeliveryState.CANCELLED, "the meeting has already taken place"),
        "ULATE": (DeliveryState.SENT, None),
    }


def test_unblocking_requeues_what_the_old_block_cancelled(sessions: SessionFactory, relay: Relay) -> None:
    now = at(1, 8)
    tick(sessions, relay, now)
    with sessions.begin() as session:
        block_sends(session, team_id=TEAM, reason="invalid_auth", now=now, confirmed=True)
        # What earlier versions did to every pending delivery of a blocked workspace:
        for delivery in session.scalars(select(Delivery).where(Delivery.state == DeliveryState.PENDING)):
            delivery.state = DeliveryState.CANCELLED
            delivery.last_error = "workspace blocked: invalid_auth"

    with sessions.begin() as session:
        held = unblock_sends(session, team_id=TEAM, now=now)

    assert held == 2
    assert {state for state, _ in prep_reminders(sessions).values()} == {DeliveryState.PENDING}
    assert tick(sessions, relay, at(1, 9, 5)).sent == 1  # the early pair's reminder, due now


def test_a_block_never_creates_a_workspace_and_reports_what_it_holds(sessions: SessionFactory, relay: Relay) -> None:
    now = at(1, 8)
    tick(sessions, relay, now)
    with sessions.begin() as session:
        assert not block_sends(session, team_id="TGONE", reason="tokens_revoked", now=now, confirmed=False)
        assert session.get(Workspace, "TGONE") is None
        assert block_sends(session, team_id=TEAM, reason="tokens_revoked", now=now, confirmed=False)
        assert not block_sends(session, team_id=TEAM, reason="tokens_revoked", now=now, confirmed=True)
        assert session.get(Workspace, TEAM).token_checked_at == now  # type: ignore[union-attr]
        # A request does not unblock, but it asks for a token check at the next tick.
        ensure_workspace(session, team_id=TEAM, now=now + timedelta(hours=1))

        [held] = blocked_workspaces(session)

    assert (held.team_id, held.reason, held.since, held.checked_at, held.held) == (
        TEAM,
        "tokens_revoked",
        now,
        None,
        2,
    )
