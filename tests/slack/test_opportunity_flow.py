"""Internal opportunities end to end over signed HTTP: a manager posts one (announced in a channel through
the outbox), it is matched into an employee's prep review and App Home, "I'm interested" reaches the owner
with only the name and what the employee chose to send (in the owner's hours), it closes at the end of its
closing day in the owner's zone, and the interested person is told."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.workspace_settings import apply_settings
from bot.models.opportunity import OpportunityInterest, OpportunityState
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block, Callback
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.offer_flow import open_home
from tests.support.opportunity_flow import (
    CHANNEL,
    NOT_IN,
    answer,
    buttons,
    interest_values,
    only_opportunity,
    open_form,
    opportunity_values,
    post,
    shown,
)
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, open_prep, prep_values, set_up_pair
from tests.support.signed import SignedSlack

EVE = "UEVE"  # no reports: may not post
ADMIN = "UADMIN"
START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Mon 15:00 Berlin (Ana), 09:00 New York (Mira)


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack, clock: FakeClock) -> None:
    add_people(fake_slack)
    fake_slack.add_user(ADMIN, name="ada", real_name="Ada Admin", tz="UTC", is_admin=True)
    fake_slack.add_channel(CHANNEL, "opportunities")
    fake_slack.add_channel(NOT_IN, "random", is_member=False)
    clock.set(START)


def at(clock: FakeClock, sessions: SessionFactory, relay: Relay, instant: datetime) -> None:
    clock.set(instant)
    tick(sessions, relay, instant)


def dms(fake_slack: FakeSlack, user: str) -> str:
    return shown(fake_slack.messages(channel="D" + user))


def last_reply(fake_slack: FakeSlack) -> str:
    return shown(fake_slack.responses[-1])


def review_after_prep(slack: SignedSlack, fake_slack: FakeSlack, **answers: Any) -> dict[str, Any]:
    """Ana saves her prep; the review step (as the modal it replaced, so its buttons can be clicked)."""
    form = open_prep(slack, fake_slack)
    reply = answer(slack.submit_view(EMPLOYEE, form, prep_values(**answers)).body)
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == Callback.PREP_REVIEW
    return {**reply["view"], "id": form["id"]}


def test_an_opportunity_is_matched_into_a_prep_interest_reaches_its_owner_and_it_closes_on_its_date(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    set_up_pair(slack, fake_slack)  # Mira has a confirmed report: she may post
    posted = post(slack, fake_slack, MANAGER)
    assert posted["response_action"] == "update"
    assert "Posted #" in shown(posted["view"])
    row = only_opportunity(sessions)
    assert row.tags == ["design reviews", "public speaking"]
    at(clock, sessions, relay, START)
    [announced] = fake_slack.messages(channel=CHANNEL)
    assert "Run the design review guild" in shown(announced)
    assert buttons(announced["blocks"], Action.OPPORTUNITY_INTERESTED)

    # Tuesday 07:00 in Berlin, 01:00 in New York: Ana preps; the review shows the match and why.
    at(clock, sessions, relay, datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    review = review_after_prep(
        slack,
        fake_slack,
        grow_skills="Running design reviews, mentoring",
        direction="Leading a small platform team",
        strengths="Explaining tricky systems to customers",
    )
    assert "Run the design review guild" in shown(review)
    assert "Matches: design reviews" in shown(review)
    [interested] = buttons(review["blocks"], Action.OPPORTUNITY_INTERESTED)
    slack.click(EMPLOYEE, Action.OPPORTUNITY_INTERESTED, interested["value"], view=review)
    form = fake_slack.last("views.push").params["view"]
    assert form["callback_id"] == Callback.OPPORTUNITY_INTEREST
    form = fake_slack.last_view()
    sent = answer(
        slack.submit_view(EMPLOYEE, form, interest_values("I chaired billing's reviews", send_skills=True)).body
    )
    assert "Sent" in shown(sent["view"])

    at(clock, sessions, relay, clock())
    assert "interested" not in dms(fake_slack, MANAGER)  # 01:00 in New York: it waits for her hours
    at(clock, sessions, relay, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    told = dms(fake_slack, MANAGER)
    assert f"<@{EMPLOYEE}> is interested in *Run the design review guild" in told
    assert "I chaired billing's reviews" in told
    assert "Skills I want to build: Running design reviews, mentoring" in told
    assert "platform team" not in told  # nothing from the prep she did not choose to send
    assert "tricky systems" not in told
    assert EMPLOYEE not in shown(fake_slack.messages(channel=CHANNEL))  # the channel never learns who

    home = open_home(slack, fake_slack, EMPLOYEE)
    assert "Opportunities that match your prep" in shown(home)

    # Fri 4 Dec is the closing day in New York (Mira's zone): still open at 23:30 there, closed after midnight.
    at(clock, sessions, relay, datetime(2026, 12, 5, 4, 30, tzinfo=UTC))
    assert only_opportunity(sessions).state is OpportunityState.OPEN
    at(clock, sessions, relay, datetime(2026, 12, 5, 5, 1, tzinfo=UTC))
    closed = only_opportunity(sessions)
    assert closed.state is OpportunityState.CLOSED
    assert closed.plan_after is None  # nothing more to plan: the sweep will not read it again
    assert "has closed" not in dms(fake_slack, EMPLOYEE)  # Saturday: Ana hears on Monday, in her hours
    at(clock, sessions, relay, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert "Run the design review guild for a quarter* (#" in dms(fake_slack, EMPLOYEE)
    assert "has closed" in dms(fake_slack, EMPLOYEE)

    assert "Opportunities that match your prep" not in shown(open_home(slack, fake_slack, EMPLOYEE))
    slack.command(EMPLOYEE, "opportunities")
    assert "No open opportunities" in last_reply(fake_slack)
    slack.click(EMPLOYEE, Action.OPPORTUNITY_INTERESTED, interested["value"], message=announced)
    assert "has closed" in last_reply(fake_slack)


def test_only_managers_and_the_people_team_may_post(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack, confirm=False)  # Mira not confirmed yet: no reports
    for user in (EVE, MANAGER):
        views = len(fake_slack.calls_to("views.open"))
        slack.command(user, "opportunity")
        assert "managers (people with confirmed reports) and by the people team" in last_reply(fake_slack)
        assert len(fake_slack.calls_to("views.open")) == views
    assert post(slack, fake_slack, ADMIN, channel=None)["response_action"] == "update"
    assert only_opportunity(sessions).announce_channel is None
    with sessions.begin() as session:  # named for org digests: part of the people team
        apply_settings(session, team_id=TEAM_ID, assignments=[f"org-digest-users={EVE}"], now=START)
    open_form(slack, fake_slack, EVE)


def test_the_form_refuses_no_tags_a_past_day_and_a_channel_the_bot_is_not_in(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack)
    errors = post(slack, fake_slack, MANAGER, tags=" , ", closes_on="2026-11-20")["errors"]
    assert set(errors) == {Block.OPPORTUNITY_TAGS, Block.OPPORTUNITY_CLOSES}
    errors = post(slack, fake_slack, MANAGER, channel=NOT_IN)["errors"]
    assert set(errors) == {Block.OPPORTUNITY_CHANNEL}
    with sessions.begin() as session:
        assert session.scalars(select(OpportunityInterest)).first() is None
    form = open_form(slack, fake_slack, MANAGER)
    assert answer(slack.submit_view(MANAGER, form, opportunity_values(title=None)).body)["response_action"] == "errors"


def test_bring_to_my_one_on_one_adds_an_ask_and_only_the_owner_closes_early(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    set_up_pair(slack, fake_slack)
    post(slack, fake_slack, MANAGER, kind="shadowing", title="A day with the SRE team", channel=None)
    number = only_opportunity(sessions).id

    slack.command(EMPLOYEE, "opportunities")
    listed = fake_slack.responses[-1]
    assert "A day with the SRE team" in shown(listed)
    [bring] = buttons(listed["blocks"], Action.OPPORTUNITY_BRING)
    slack.click(EMPLOYEE, Action.OPPORTUNITY_BRING, bring["value"], view={"id": "VHOME", "type": "home"})
    assert "to your next 1:1's prep as an ask" in dms(fake_slack, EMPLOYEE)
    form = open_prep(slack, fake_slack)
    details = [b for b in form["blocks"] if b.get("block_id") == "prep_ask_0_detail"]
    assert details[0]["element"]["initial_value"] == f"A day with the SRE team (opportunity #{number})"
    kinds = [b for b in form["blocks"] if b.get("block_id") == "prep_ask_0"]
    assert kinds[0]["element"]["initial_option"]["value"] == "shadowing"

    slack.command(EMPLOYEE, f"opportunity close {number}")
    assert "Only the person who posted an opportunity can close it" in last_reply(fake_slack)
    slack.command(MANAGER, "opportunities")
    own = fake_slack.responses[-1]
    assert "0 people have said they're interested" in shown(own)
    assert not buttons(own["blocks"], Action.OPPORTUNITY_INTERESTED)
    [close] = buttons(own["blocks"], Action.OPPORTUNITY_CLOSE)
    slack.click(EVE, Action.OPPORTUNITY_CLOSE, close["value"], view={"id": "VHOME", "type": "home"})
    assert only_opportunity(sessions).state is OpportunityState.OPEN
    slack.click(MANAGER, Action.OPPORTUNITY_CLOSE, close["value"], view={"id": "VHOME", "type": "home"})
    assert only_opportunity(sessions).state is OpportunityState.CLOSED
    slack.command(EMPLOYEE, "opportunities")
    assert "No open opportunities" in last_reply(fake_slack)


def test_an_owner_who_left_takes_their_opportunity_out_of_matches(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack)
    post(slack, fake_slack, ADMIN, channel=None)
    review = review_after_prep(slack, fake_slack, grow_skills="public speaking")
    assert buttons(review["blocks"], Action.OPPORTUNITY_INTERESTED)

    slack.event({"type": "user_change", "user": {"id": ADMIN, "name": "ada", "deleted": True}})

    review = review_after_prep(slack, fake_slack, grow_skills="public speaking")
    assert not buttons(review["blocks"], Action.OPPORTUNITY_INTERESTED)
    slack.command(EMPLOYEE, "opportunities")
    assert "No open opportunities" in last_reply(fake_slack)


def test_a_channel_that_refuses_the_announcement_is_told_to_the_owner_once(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    set_up_pair(slack, fake_slack)
    fake_slack.fail_for_channel(CHANNEL, "not_in_channel")  # someone removed the bot after the form checked
    post(slack, fake_slack, MANAGER)
    at(clock, sessions, relay, START)
    assert fake_slack.messages(channel=CHANNEL) == []

    at(clock, sessions, relay, datetime(2026, 11, 23, 14, 6, tzinfo=UTC))
    at(clock, sessions, relay, datetime(2026, 11, 23, 14, 12, tzinfo=UTC))
    told = [m for m in fake_slack.messages(channel="D" + MANAGER) if "couldn't announce" in m["text"]]
    assert len(told) == 1
    assert f"in <#{CHANNEL}> (Slack said `not_in_channel`)" in shown(told[0])
    assert only_opportunity(sessions).state is OpportunityState.OPEN
