"""A confirmation that something was "sent" is only true if it was: when the relay holds the message
for the recipient's working hours (or time away), the sender is told when it will arrive, in the
recipient's time and their own, and it does arrive then."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.setup import confirm_manager
from bot.models import Delivery, DeliveryKind, DeliveryState, OneOnOneSeries, Person, PersonStatus
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block, Callback
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    all_text,
    body,
    open_prep,
    prep_values,
    set_up_pair,
    share_values,
)
from tests.support.recap_flow import open_recap, recap_values
from tests.support.setup_flow import setup_values
from tests.support.signed import SignedSlack, datepicker, plain_text, timepicker

# Monday 23 Nov, 18:30 in New York (Mira's hours are over) and 00:30 on Tuesday in Berlin (Ana's).
EVENING_NY = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
MIRA_MORNING = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # Tuesday 09:00 in New York, 15:00 in Berlin
HELD = f"<@{MANAGER}> gets it at 09:00 their time on Tue 24 Nov (Tue 24 Nov, 15:00 yours)"


@pytest.fixture(autouse=True)
def confirmed_pair(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    with sessions.begin() as session:
        series = session.scalars(select(OneOnOneSeries)).one()
        confirm_manager(
            session,
            team_id=TEAM_ID,
            series_id=series.id,
            manager_id=series.manager_id,
            actor_slack_id=MANAGER,
            now=datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
        )


def last_dm(fake_slack: FakeSlack, user: str) -> str:
    return all_text(fake_slack.messages(channel="D" + user)[-1])


def manager_gets(
    fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, kind: DeliveryKind, at: datetime
) -> list[DeliveryState]:
    """Run the scheduler a minute before `at` and at `at`; the state of the latest `kind` after each."""
    states = []
    for instant in (at - timedelta(minutes=1), at):
        tick(sessions, relay, instant, plan_first=False)
        with sessions.begin() as session:
            latest = select(Delivery.state).where(Delivery.kind == kind).order_by(Delivery.id.desc()).limit(1)
            states.append(session.scalars(latest).one())
    return states


def test_an_agenda_shared_after_the_managers_hours_says_when_they_get_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    clock.set(EVENING_NY)
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values()))

    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    told = last_dm(fake_slack, EMPLOYEE)
    assert f"{HELD}." in told
    assert "Your agenda is with" not in told
    assert manager_gets(fake_slack, sessions, relay, DeliveryKind.AGENDA, MIRA_MORNING) == [
        DeliveryState.PENDING,
        DeliveryState.SENT,
    ]


def test_a_request_sent_after_the_managers_hours_says_when_they_get_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    clock.set(EVENING_NY)
    slack.command(EMPLOYEE, "request")
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.REQUEST_FORM
    values = {
        Block.REQUEST_MESSAGE: {Action.REQUEST_MESSAGE: plain_text("Could we talk about where I'm heading?")},
        Block.REQUEST_DATE: {Action.REQUEST_DATE: datepicker("2026-11-26")},
        Block.REQUEST_TIME: {Action.REQUEST_TIME: timepicker("10:00")},
    }

    slack.submit_view(EMPLOYEE, view, values)

    told = last_dm(fake_slack, EMPLOYEE)
    assert f"is on its way: {HELD}." in told
    assert "Your request is with" not in told
    assert manager_gets(fake_slack, sessions, relay, DeliveryKind.MEETING_REQUEST, MIRA_MORNING) == [
        DeliveryState.PENDING,
        DeliveryState.SENT,
    ]


def test_a_recap_saved_after_the_managers_hours_says_when_they_get_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    # After the 1:1 on Tue 8 Dec: 18:30 in New York, 00:30 on Wednesday in Berlin.
    clock.set(datetime(2026, 12, 8, 23, 30, tzinfo=UTC))
    view = open_recap(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, recap_values())

    told = last_dm(fake_slack, EMPLOYEE)
    assert f"Recap saved. <@{MANAGER}> gets it at 09:00 their time on Wed 9 Dec (Wed 9 Dec, 15:00 yours)" in told
    assert "sent to" not in told
    morning = datetime(2026, 12, 9, 14, 0, tzinfo=UTC)
    assert manager_gets(fake_slack, sessions, relay, DeliveryKind.RECAP, morning) == [
        DeliveryState.PENDING,
        DeliveryState.SENT,
    ]


def test_a_manager_away_until_a_date_gets_it_the_next_working_morning(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        mira.status, mira.paused_until = PersonStatus.PAUSED, date(2026, 11, 26)  # back on Friday
    clock.set(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))  # within everyone's hours
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values()))

    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    assert f"<@{MANAGER}> gets it at 09:00 their time on Fri 27 Nov (Fri 27 Nov, 15:00 yours)." in last_dm(
        fake_slack, EMPLOYEE
    )


def test_within_the_managers_hours_it_is_simply_with_them(
    slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))  # 11:00 in New York
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values()))

    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    assert f"Your agenda is with <@{MANAGER}>" in last_dm(fake_slack, EMPLOYEE)


def test_setting_up_after_the_managers_hours_says_when_they_are_asked_to_confirm(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    clock.set(EVENING_NY)  # 05:00 on Tuesday in Kolkata
    slack.command("UPRIYA", "")
    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.SETUP

    slack.submit_view("UPRIYA", form, setup_values())

    told = last_dm(fake_slack, "UPRIYA")
    assert (
        f"I'll ask <@{MANAGER}> to confirm they're your manager: "
        f"<@{MANAGER}> gets it at 09:00 their time on Tue 24 Nov (Tue 24 Nov, 19:30 yours)."
    ) in told
    assert "I've asked" not in told
    assert manager_gets(fake_slack, sessions, relay, DeliveryKind.MANAGER_CONFIRMATION, MIRA_MORNING) == [
        DeliveryState.PENDING,
        DeliveryState.SENT,
    ]


def test_an_invitation_sent_outside_the_invitees_hours_says_when_it_arrives(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))  # 15:00 in New York, 01:30 on Tuesday in Kolkata
    assert slack.command(MANAGER, "team").status == 200
    form = fake_slack.last_view()
    picked = {"selected_users": ["UPRIYA"], "type": "multi_users_select"}

    response = slack.submit_view(MANAGER, form, {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: picked}})

    shown = all_text(body(response)["view"])
    assert "<@UPRIYA>: invited. They get my message at 09:00 their time on Tue 24 Nov (Mon 23 Nov, 22:30 yours)." in (
        shown
    )
    kolkata_morning = datetime(2026, 11, 24, 3, 30, tzinfo=UTC)
    assert manager_gets(fake_slack, sessions, relay, DeliveryKind.INVITATION, kolkata_morning) == [
        DeliveryState.PENDING,
        DeliveryState.SENT,
    ]
