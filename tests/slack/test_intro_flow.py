"""Intros end to end: signed requests into Bolt, the outbox relay and the planner, against the fake Slack;
the clock is moved, never slept."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.intro_answers import NOT_YOURS
from bot.domain.intro_records import met_counts
from bot.models import Delivery, DeliveryKind, DeliveryState, Intro, IntroOutcome, IntroState, OfferKind
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action
from bot.slack.values import IntroAnswer, IntroStart, decode
from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.intro_flow import (
    HELPER,
    OTHER_HELPER,
    buttons,
    intro_values,
    open_intro_form,
    person_id,
    seed_offer,
    start_value,
    with_button,
)
from tests.support.prep_flow import EMPLOYEE, add_people, open_prep, prep_values, set_up_pair
from tests.support.signed import SignedSlack

THIRD_PARTY = "UEVE"
PRIYAS_MORNING = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # Tue 09:30 in Kolkata, 05:00 in Berlin
ANAS_MORNING = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # Tue 09:30 in Berlin


@pytest.fixture(autouse=True)
def people(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    # Ana's prep (private to her and her manager): only what she ticks may reach a helper.
    slack.submit_view(
        EMPLOYEE,
        open_prep(slack, fake_slack),
        prep_values(
            strengths="Untangling incidents", grow_skills="Running design reviews", paths="Platform engineering"
        ),
    )
    seed_offer(sessions, fake_slack, HELPER, name="Priya Rao", tz="Asia/Kolkata", now=clock())
    fake_slack.clear_calls()


def the_intro(sessions: SessionFactory) -> Intro:
    with sessions.begin() as session:
        intro = session.scalars(select(Intro)).one()
        session.expunge(intro)
        return intro


def ask_priya(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, **values: Any) -> dict[str, Any]:
    form = open_intro_form(slack, fake_slack, EMPLOYEE, start_value(person_id(sessions, HELPER), reasons="platform"))
    response = slack.submit_view(EMPLOYEE, form, intro_values(**values))
    assert response.status == 200
    assert response.body in ("", None), response.body
    return form


def refusals_to(fake_slack: FakeSlack, user: str) -> str:
    """What `user` was told ephemerally or by DM, as one string."""
    told = list(fake_slack.responses)
    return json.dumps(told) + json.dumps(fake_slack.messages(channel="D" + user))


def test_intro_requested_accepted_into_a_group_dm_and_followed_up_two_weeks_later(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    form = ask_priya(
        slack, fake_slack, sessions, note="I'd love to hear how you moved into platform work.", include=("paths",)
    )
    shown = json.dumps(form["blocks"])
    assert "Platform engineering" in shown
    assert "Running design reviews" in shown
    assert "Only your message and what you tick here reach" in shown

    # Ana is told at once (her own action), with a way to take it back.
    assert with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_CANCEL)
    # Priya's DM waits for her working hours (19:30 in Kolkata now).
    assert fake_slack.messages(channel="D" + HELPER) == []
    clock.set(PRIYAS_MORNING)
    tick(sessions, relay, clock())
    [request] = fake_slack.messages(channel="D" + HELPER)
    text = json.dumps(request)
    assert "<@UANA>" in text
    assert "mentoring" in text
    assert "moved into platform work" in text
    assert "Platform engineering" in text
    assert "Running design reviews" not in text
    assert "Untangling incidents" not in text
    assert set(buttons(request)) == {Action.INTRO_ACCEPT, Action.INTRO_DECLINE}

    # A third party's click (a forged one: they never saw the DM) is refused and changes nothing.
    slack.click(THIRD_PARTY, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT])
    assert the_intro(sessions).state is IntroState.REQUESTED
    assert NOT_YOURS in refusals_to(fake_slack, THIRD_PARTY)

    slack.click(HELPER, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT], message=request)
    assert the_intro(sessions).state is IntroState.ACCEPTED
    assert "opening a group DM" in json.dumps(fake_slack.messages(channel="D" + HELPER)[-1])
    # The opener waits for Ana's hours (05:00 in Berlin); then the group DM is opened and posted in once.
    assert fake_slack.calls_to("conversations.open") == [] or all(
        "," not in str(c.params.get("users")) for c in fake_slack.calls_to("conversations.open")
    )
    clock.set(ANAS_MORNING)
    tick(sessions, relay, clock())
    tick(sessions, relay, clock())
    group_opens = [c for c in fake_slack.calls_to("conversations.open") if "," in str(c.params.get("users"))]
    assert {tuple(sorted(str(c.params["users"]).split(","))) for c in group_opens} == {("UANA", "UPRIYA")}
    channel = the_intro(sessions).group_channel_id
    assert channel is not None
    assert channel.startswith("G")
    [opener] = fake_slack.messages(channel=channel)
    assert "<@UANA>" in opener["text"]
    assert "<@UPRIYA>" in opener["text"]

    # Two weeks after acceptance: "did you meet?" to both, each at 10:00 their time.
    clock.set(datetime(2026, 12, 8, 4, 35, tzinfo=UTC))  # 10:05 in Kolkata, 05:35 in Berlin
    tick(sessions, relay, clock())
    assert len(with_button(fake_slack, "D" + HELPER, Action.INTRO_MET)) == 1
    assert with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_MET) == []
    clock.set(datetime(2026, 12, 8, 9, 5, tzinfo=UTC))  # 10:05 in Berlin
    tick(sessions, relay, clock())
    tick(sessions, relay, clock())
    [asked] = with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_MET)
    assert len(with_button(fake_slack, "D" + HELPER, Action.INTRO_MET)) == 1  # exactly once each

    # A third party can't answer it either.
    met = buttons(asked)[Action.INTRO_MET]
    slack.click(THIRD_PARTY, Action.INTRO_MET, met)
    assert the_intro(sessions).outcome is None

    slack.click(EMPLOYEE, Action.INTRO_MET, met, message=asked)
    intro = the_intro(sessions)
    assert (intro.outcome, intro.follow_up_due_at) == (IntroOutcome.MET, None)
    with sessions.begin() as session:
        assert met_counts(session, team_id=intro.team_id, employee_id=person_id(sessions, EMPLOYEE)) == {
            OfferKind.MENTORING: 1
        }
    assert decode(IntroAnswer, met).round == 1
    # Ana's App Home (re-published after her answer) counts it; Priya's does not.
    slack.wait_for_listeners()
    assert "1 mentoring conversation" in json.dumps(fake_slack.home_views[EMPLOYEE])
    assert HELPER not in fake_slack.home_views


def test_the_helper_says_not_now_and_the_employee_is_told_kindly_with_the_next_suggestion(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    omar = seed_offer(sessions, fake_slack, OTHER_HELPER, name="Omar Haddad", tz="Europe/Berlin", now=clock())
    ask_priya(slack, fake_slack, sessions)
    clock.set(PRIYAS_MORNING)
    tick(sessions, relay, clock())
    [request] = fake_slack.messages(channel="D" + HELPER)

    slack.click(HELPER, Action.INTRO_DECLINE, buttons(request)[Action.INTRO_DECLINE], message=request)
    assert the_intro(sessions).state is IntroState.DECLINED
    # Ana hears it in her hours, not at 05:00 Berlin.
    told = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if "can't take on" in m["text"]]
    assert told == []
    clock.set(ANAS_MORNING)
    tick(sessions, relay, clock())
    [told_msg] = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if "can't take on" in m["text"]]
    assert "<@UPRIYA>" in told_msg["text"]
    # The next person to ask, with why, and a button that opens the intro form for them.
    assert "<@UOMAR>" in json.dumps(told_msg["blocks"])
    suggested = decode(IntroStart, buttons(told_msg)[Action.INTRO_START])
    assert (suggested.helper_id, suggested.kind) == (omar, OfferKind.MENTORING)
    assert suggested.reasons
    form = open_intro_form(slack, fake_slack, EMPLOYEE, buttons(told_msg)[Action.INTRO_START])
    assert "<@UOMAR>" in json.dumps(form["blocks"])
    # A second click on the old DM is answered plainly and changes nothing.
    slack.click(HELPER, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT], message=request)
    assert the_intro(sessions).state is IntroState.DECLINED


def test_the_employee_takes_a_request_back_and_the_helper_cannot_accept_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    ask_priya(slack, fake_slack, sessions)
    [sent] = with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_CANCEL)
    slack.click(HELPER, Action.INTRO_CANCEL, buttons(sent)[Action.INTRO_CANCEL])  # not hers to take back
    assert the_intro(sessions).state is IntroState.REQUESTED
    slack.click(EMPLOYEE, Action.INTRO_CANCEL, buttons(sent)[Action.INTRO_CANCEL], message=sent)
    assert the_intro(sessions).state is IntroState.CANCELLED

    clock.set(PRIYAS_MORNING)
    tick(sessions, relay, clock())
    assert with_button(fake_slack, "D" + HELPER, Action.INTRO_ACCEPT) == []  # the queued DM was no use any more
    with sessions.begin() as session:
        request = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.INTRO_REQUEST)).one()
        assert request.state is DeliveryState.CANCELLED


def test_did_you_meet_waits_for_the_end_of_time_away(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    ask_priya(slack, fake_slack, sessions)
    clock.set(PRIYAS_MORNING)
    tick(sessions, relay, clock())
    [request] = fake_slack.messages(channel="D" + HELPER)
    slack.click(HELPER, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT], message=request)
    slack.command(EMPLOYEE, "pause until 2026-12-11")

    clock.set(datetime(2026, 12, 8, 9, 5, tzinfo=UTC))  # 10:05 in Berlin: due, but Ana is away
    tick(sessions, relay, clock())
    assert with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_MET) == []
    assert len(with_button(fake_slack, "D" + HELPER, Action.INTRO_MET)) == 1
    clock.set(datetime(2026, 12, 14, 8, 30, tzinfo=UTC))  # Monday 09:30 in Berlin, back from time away
    tick(sessions, relay, clock())
    tick(sessions, relay, clock())
    assert len(with_button(fake_slack, "D" + EMPLOYEE, Action.INTRO_MET)) == 1


def test_forgetting_the_employee_deletes_their_words_from_the_helpers_dm(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    ask_priya(slack, fake_slack, sessions, note="Secretly hoping to switch to the lighthouse team.")
    clock.set(PRIYAS_MORNING)
    tick(sessions, relay, clock())
    assert "lighthouse" in json.dumps(fake_slack.messages(channel="D" + HELPER))

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)

    assert "lighthouse" not in json.dumps(fake_slack.messages())
    intro = the_intro(sessions)
    assert (intro.employee_id, intro.message, intro.state) == (None, None, IntroState.CANCELLED)
