"""Asks and intros in digests end to end: signed `/career-prep digest` commands, the tick at the chosen hour,
and what the fake Slack receives: per report in the manager's DM, counts only in channels, nothing about
fewer than 5 (a team of 4 in a channel, a share of 4 asks, an intro kind 4 people had)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import Ask, AskState, Cadence, Delivery, DeliveryState, Intro, IntroOutcome, IntroState, Person
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from tests.conftest import TEAM_ID
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack

MANAGER, ADMIN = "UMIRA", "UADMIN"
SECRET = "SECRET-ask-detail"
MONDAY_9_NY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
SET_UP = datetime(2026, 11, 20, 12, tzinfo=UTC)


def team(fake_slack: FakeSlack, sessions: SessionFactory, size: int) -> list[int]:
    """Mira (New York) and `size` confirmed reports; their person ids."""
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user(ADMIN, name="pat", tz="UTC", is_admin=True)
    fake_slack.add_channel("C123", "mgrs")
    fake_slack.add_channel("CPEOPLE", "people-team")
    ids = []
    with sessions.begin() as session:
        for n in range(size):
            user = f"UREP{n}"
            fake_slack.add_user(user, name=f"rep{n}", real_name=f"Report {n}", tz="UTC")
            form = SetupInput(
                Profile(user, f"Report {n}", "UTC"),
                Profile(MANAGER, "Mira Chen", "America/New_York"),
                date(2026, 12, 8),
                time(15, 30),
                Cadence.MONTHLY,
                30,
            )
            saved = save_setup(session, team_id=TEAM_ID, form=form, submission_id=f"setup-{n}", now=SET_UP)
            args = {"series_id": saved.series.id, "manager_id": saved.manager.id}
            confirm_manager(session, team_id=TEAM_ID, actor_slack_id=MANAGER, now=SET_UP, **args)
            ids.append(saved.employee.id)
        session.execute(update(Delivery).values(state=DeliveryState.CANCELLED))  # the setup chatter
    return ids


def manager_id(sessions: SessionFactory, employee_id: int) -> int:
    with sessions.begin() as session:
        employee = session.get(Person, employee_id)
        assert employee is not None
        assert employee.manager_id is not None
        return employee.manager_id


def asks(sessions: SessionFactory, employee_ids: list[int], *, days_ago: int, answered_after: int | None) -> None:
    mira = manager_id(sessions, employee_ids[0])
    with sessions.begin() as session:
        for employee_id in employee_ids:
            opened = MONDAY_9_NY - timedelta(days=days_ago)
            answered = opened + timedelta(days=answered_after) if answered_after is not None else None
            session.add(
                Ask(
                    team_id=TEAM_ID,
                    employee_id=employee_id,
                    asked_id=mira,
                    kind="mentor",
                    detail=SECRET,
                    state=AskState.OPEN if answered is None else AskState.YES,
                    opened_at=opened,
                    answered_at=answered,
                    answer_text=None if answered is None else SECRET,
                    created_at=opened,
                    updated_at=opened,
                )
            )


def met(sessions: SessionFactory, employee_ids: list[int], kind: str) -> None:
    helper = manager_id(sessions, employee_ids[0])
    at = datetime(2026, 11, 10, 15, tzinfo=UTC)
    with sessions.begin() as session:
        for employee_id in employee_ids:
            session.add(
                Intro(
                    team_id=TEAM_ID,
                    employee_id=employee_id,
                    helper_id=helper,
                    kind=kind,
                    message=SECRET,
                    state=IntroState.ACCEPTED,
                    requested_at=at - timedelta(days=20),
                    outcome=IntroOutcome.MET,
                    outcome_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )


def ticks(sessions: SessionFactory, relay: Relay, *moments: datetime) -> None:
    for moment in moments:
        tick(sessions, relay, moment)


def posted(fake_slack: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return fake_slack.messages(channel=channel)


def test_a_channel_gets_the_teams_open_asks_and_intro_counts_never_per_person(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    reports = team(fake_slack, sessions, 5)
    asks(sessions, reports[:2], days_ago=40, answered_after=None)
    asks(sessions, reports[2:3], days_ago=3, answered_after=None)
    met(sessions, reports, "informational_interview")
    met(sessions, reports[:4], "shadowing")
    slack.command(MANAGER, "digest <#C123|mgrs>")

    ticks(sessions, relay, MONDAY_9_NY - timedelta(minutes=15), MONDAY_9_NY)

    (message,) = posted(fake_slack, "C123")
    shown = json.dumps(message, ensure_ascii=False)
    assert "3 asks from the team waiting for the manager's answer" in shown
    assert "intros led to 5 informational interviews." in shown
    assert "shadowing" not in shown  # four people: left out
    assert "40 days" not in shown
    assert "Report " not in shown
    assert SECRET not in shown


def test_a_team_of_four_gets_no_ask_or_intro_figure_in_a_channel(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    reports = team(fake_slack, sessions, 4)
    asks(sessions, reports, days_ago=40, answered_after=None)
    slack.command(MANAGER, "digest <#C123|mgrs>")

    ticks(sessions, relay, MONDAY_9_NY)

    (message,) = posted(fake_slack, "C123")
    shown = json.dumps(message, ensure_ascii=False)
    assert "asks" not in shown
    assert "intros" not in shown


def test_the_managers_dm_digest_shows_each_reports_open_asks_and_the_oldest_age(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay
) -> None:
    reports = team(fake_slack, sessions, 2)
    asks(sessions, reports[:1], days_ago=40, answered_after=None)
    asks(sessions, reports[:1], days_ago=12, answered_after=None)
    slack.command(MANAGER, "digest dm")

    ticks(sessions, relay, MONDAY_9_NY)

    (digest,) = [m for m in posted(fake_slack, "DUMIRA") if "Your team" in m["text"]]
    shown = json.dumps(digest["blocks"], ensure_ascii=False)
    assert "*Report 0* —" in shown
    assert "asks: 2 waiting for you, oldest 40 days" in shown
    assert shown.count("waiting for you") == 1
    assert SECRET not in shown


@pytest.mark.parametrize(("asked", "shown"), [(4, False), (5, True)])
def test_the_org_digest_shows_a_managers_share_of_asks_answered_for_five_asks_from_five_people_or_more(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, asked: int, shown: bool
) -> None:
    reports = team(fake_slack, sessions, 5)
    asks(sessions, reports[:asked], days_ago=60, answered_after=10)
    slack.command(ADMIN, "digest #people-team org")

    ticks(sessions, relay, datetime(2026, 11, 30, 9, tzinfo=UTC))

    (message,) = posted(fake_slack, "CPEOPLE")
    text = json.dumps(message, ensure_ascii=False)
    assert (f"{asked} of {asked} asks answered within 30 days (100%)" in text) is shown
    assert ("asks: under 5 asks or people in the window, not shown" in text) is not shown
    assert "between 30 and 120 days ago" in text
    assert SECRET not in text
