"""Opportunities and people's records end to end: a replayed "I'm interested" tells the owner once, the
owner cannot be interested in their own, export holds both sides, and forget removes them (a queued
"someone is interested" DM about a forgotten person never goes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import SessionFactory
from bot.models import Delivery, DeliveryKind, DeliveryState
from bot.models.opportunity import Opportunity, OpportunityInterest
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action
from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.opportunity_flow import CHANNEL, buttons, interest_values, post, shown
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair
from tests.support.signed import SignedSlack

START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York: Mira confirms Ana
NIGHT = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 01:00 in New York: Mira's DMs wait for her hours
MORNING = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack, clock: FakeClock) -> None:
    add_people(fake_slack)
    fake_slack.add_channel(CHANNEL, "opportunities")
    clock.set(START)


def announced(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> dict[str, Any]:
    set_up_pair(slack, fake_slack)
    post(slack, fake_slack, MANAGER)
    clock.set(NIGHT)
    tick(sessions, relay, NIGHT)
    [message] = fake_slack.messages(channel=CHANNEL)
    return message


def say_interested(slack: SignedSlack, fake_slack: FakeSlack, post_: dict[str, Any], user: str) -> None:
    [button] = buttons(post_["blocks"], Action.OPPORTUNITY_INTERESTED)
    slack.click(user, Action.OPPORTUNITY_INTERESTED, button["value"], message=post_)


def interest_dms(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(channel="D" + MANAGER) if "is interested in" in shown(m)]


def test_a_replayed_interest_tells_the_owner_once(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    message = announced(slack, fake_slack, sessions, clock, relay)
    say_interested(slack, fake_slack, message, EMPLOYEE)
    slack.submit_view(EMPLOYEE, fake_slack.last_view(), interest_values("Count me in"))
    slack.replay(retry_num=1)
    slack.replay()

    clock.set(MORNING)
    tick(sessions, relay, MORNING)
    tick(sessions, relay, MORNING)
    [told] = interest_dms(fake_slack)
    assert "Count me in" in shown(told)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(OpportunityInterest)) == 1


def test_the_owner_cannot_be_interested_in_their_own(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    message = announced(slack, fake_slack, sessions, clock, relay)
    say_interested(slack, fake_slack, message, MANAGER)
    refused = slack.submit_view(MANAGER, fake_slack.last_view(), interest_values("me!"))
    assert "your own opportunity" in (refused.body or "")
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(OpportunityInterest)) == 0


def test_export_holds_both_sides_and_forget_removes_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    message = announced(slack, fake_slack, sessions, clock, relay)
    say_interested(slack, fake_slack, message, EMPLOYEE)
    slack.submit_view(EMPLOYEE, fake_slack.last_view(), interest_values("Count me in"))

    slack.command(EMPLOYEE, "export")
    slack.command(MANAGER, "export")
    ana, mira = (f["content"].decode("utf-8") for f in fake_slack.files)
    assert "## Opportunities you said you're interested in" in ana
    assert "Run the design review guild for a quarter" in ana
    assert "What you sent: Count me in" in ana
    assert "## Opportunities you posted" in mira
    assert "Interested: 1" in mira
    assert "Count me in" not in mira  # the export is the person's own record; the DM is where Mira reads it

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)
    clock.set(MORNING)
    tick(sessions, relay, MORNING)
    assert interest_dms(fake_slack) == []  # queued before Ana forgot: never sent
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(OpportunityInterest)) == 0
        pending = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.OPPORTUNITY_INTEREST)).all()
        assert all(d.state is DeliveryState.CANCELLED for d in pending)

    slack.submit_view(MANAGER, open_forget(slack, fake_slack, MANAGER), TICKED)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_forget_deletes_the_messages_that_held_their_words(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    message = announced(slack, fake_slack, sessions, clock, relay)
    say_interested(slack, fake_slack, message, EMPLOYEE)
    slack.submit_view(EMPLOYEE, fake_slack.last_view(), interest_values("Count me in"))
    clock.set(MORNING)
    tick(sessions, relay, MORNING)
    assert len(interest_dms(fake_slack)) == 1

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)
    slack.wait_for_listeners()
    assert interest_dms(fake_slack) == []  # Mira's DM held Ana's words
    assert fake_slack.messages(channel=CHANNEL) != []  # the announcement is Mira's

    slack.submit_view(MANAGER, open_forget(slack, fake_slack, MANAGER), TICKED)
    slack.wait_for_listeners()
    assert fake_slack.messages(channel=CHANNEL) == []
