"""Who can help, the whole journey end to end: an offer made in Slack, a suggestion with its reasons (nobody in
the employee's reporting line, nobody at capacity), an intro asked for from that suggestion's own button, the
helper's DM in her hours with only what was ticked, a group DM on accept, "did you meet?" two weeks later for
both (the clock moved, never slept), the meeting in the employee's record and a digest that keeps a single
intro out of its counts; a third party's click on the helper's Accept changes nothing.

Nothing is written behind the bot's back: only Slack users exist in the fake Slack; everything else is done
with signed requests, the planner's tick and the outbox relay, as in production."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.intro_answers import NOT_YOURS
from bot.models import Intro, IntroState
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Callback
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.help_journey import ask_from_directory, make_offer, said_to, set_up_with, with_action
from tests.support.http_slack import ServerLog
from tests.support.intro_flow import buttons, intro_values
from tests.support.offer_flow import buttons as accessory_buttons
from tests.support.offer_flow import open_home
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, body, open_prep, prep_values, set_up_pair
from tests.support.signed import SignedSlack

ANA, MIRA, PRIYA = EMPLOYEE, MANAGER, "UPRIYA"  # Berlin, New York, Kolkata (from add_people)
KAI = "UKAI"  # Mira's manager, in London: same topics as Priya, but in Ana's reporting line
OMAR = "UOMAR"  # Lisbon: same topics, one conversation a month, already taken by Leo
LEO = "ULEO"  # set up with Kai; asks Omar for an intro, and later tries to answer Priya's
ADMIN = "UADMIN"

TOPICS = "design reviews, platform engineering"
TICKED_PATHS = "Platform engineering, maybe a staff role"
UNTICKED_SKILLS = "Running design reviews without freezing up"
PRIVATE_STRENGTH = "Untangling incidents at 3am"
MENTOR_ASK = "Someone who has grown into platform engineering"
NOTE = "I'd love to hear how you moved into platform work."

PRIYAS_MORNING = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # Tue 09:30 in Kolkata, 05:00 in Berlin
ANAS_MORNING = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)  # Tue 09:30 in Berlin
MONDAY_9_UTC = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)  # the admin's weekly org digest


@pytest.fixture(autouse=True)
def workspace(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    """The people exist in Slack only; the reporting lines are made with the setup form, as anyone would."""
    add_people(fake_slack)
    fake_slack.add_user(KAI, name="kai", real_name="Kai Berg", tz="Europe/London")
    fake_slack.add_user(OMAR, name="omar", real_name="Omar Haddad", tz="Europe/Lisbon")
    fake_slack.add_user(LEO, name="leo", real_name="Leo Park", tz="Europe/Berlin")
    fake_slack.add_user(ADMIN, name="ada", real_name="Ada Admin", tz="UTC", is_admin=True)
    fake_slack.add_channel("CPEOPLE", "people-team")
    set_up_pair(slack, fake_slack)  # Ana -> Mira, confirmed
    set_up_with(slack, fake_slack, MIRA, KAI, day="2026-12-09")  # Mira -> Kai: Kai is Ana's manager's manager
    set_up_with(slack, fake_slack, LEO, KAI, day="2026-12-10")


def ticks(sessions: SessionFactory, relay: Relay, clock: FakeClock, *moments: datetime) -> None:
    for moment in moments:
        clock.set(moment)
        tick(sessions, relay, moment)
        tick(sessions, relay, moment)


def the_intro(sessions: SessionFactory) -> Intro:
    """Read only, to show a refused click changed nothing (Ana's is the one intro Priya was asked for)."""
    with sessions.begin() as session:
        [intro] = [i for i in session.scalars(select(Intro)) if NOTE in (i.message or "")]
        session.expunge(intro)
        return intro


def group_opens(fake_slack: FakeSlack) -> list[tuple[str, ...]]:
    return [
        tuple(sorted(str(c.params["users"]).split(",")))
        for c in fake_slack.calls_to("conversations.open")
        if "," in str(c.params.get("users"))
    ]


def test_an_offer_a_suggestion_an_intro_a_group_dm_and_did_you_meet_two_weeks_later(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    watched_log: ServerLog,
) -> None:
    # 1. Three offers about the same topics, made with /career-prep offer over signed HTTP.
    make_offer(slack, fake_slack, PRIYA, typed=TOPICS, kinds=["mentoring", "shadowing"], capacity="2")
    make_offer(slack, fake_slack, KAI, typed=TOPICS, kinds=["mentoring"], capacity="3")
    make_offer(slack, fake_slack, OMAR, typed=TOPICS, kinds=["mentoring"], capacity="1")
    ask_from_directory(slack, fake_slack, LEO, OMAR)  # Omar's one conversation this month is taken

    # 2. Ana fills her prep with what she wants to grow and a mentor ask, and saves it.
    form = open_prep(slack, fake_slack)
    values = prep_values(
        strengths=PRIVATE_STRENGTH, grow_skills=UNTICKED_SKILLS, paths=TICKED_PATHS, asks=[("mentor", MENTOR_ASK)]
    )
    review = body(slack.submit_view(ANA, form, values))["view"]
    assert review["callback_id"] == Callback.PREP_REVIEW
    shown = json.dumps(review, ensure_ascii=False)
    assert "For your mentor ask" in shown
    # Only Priya: Kai is up Ana's reporting line, Omar is full this month.
    rows = [b for b in review["blocks"] if accessory_buttons([b], Action.INTRO_START)]
    assert [row["text"]["text"].split("\n")[0] for row in rows] == [f"<@{PRIYA}>"]
    [suggested] = rows
    why = suggested["text"]["text"]
    assert f"<@{PRIYA}>" in why
    assert f"<@{KAI}>" not in shown
    assert f"<@{OMAR}>" not in shown
    assert "also into: design reviews, platform engineering" in why
    assert "works hours that overlap yours 4h a day" in why  # 09:00-18:00 each: 08:00-12:30 UTC
    assert "outside your reporting line" in why
    assert "2 of 2 conversations free this month" in why

    # 3. Ana clicks that suggestion's own "Ask for an intro" and ticks only her paths.
    [button] = accessory_buttons([suggested], Action.INTRO_START)
    assert slack.click(ANA, Action.INTRO_START, button["value"], view={**review, "id": form["id"]}).status == 200
    intro_form = fake_slack.last_view()
    assert intro_form["callback_id"] == Callback.INTRO_FORM
    assert intro_form["previous_view_id"] == form["id"]  # pushed onto the review: closing it goes back there
    assert f"<@{PRIYA}>" in json.dumps(intro_form)
    sent = slack.submit_view(ANA, intro_form, intro_values(note=NOTE, include=("paths",)))
    assert sent.body in ("", None), sent.body
    assert with_action(fake_slack, ANA, Action.INTRO_CANCEL)  # Ana is told at once, with a way to take it back

    assert with_action(fake_slack, PRIYA, Action.INTRO_ACCEPT) == []  # 19:30 in Kolkata: it waits
    ticks(sessions, relay, clock, PRIYAS_MORNING)
    [request] = with_action(fake_slack, PRIYA, Action.INTRO_ACCEPT)
    asked = json.dumps(request, ensure_ascii=False)
    assert f"<@{ANA}>" in asked
    assert NOTE in asked
    assert TICKED_PATHS in asked
    assert UNTICKED_SKILLS not in asked

    # 5. Leo (set up, not Priya) clicks Priya's Accept: refused plainly, and nothing changes.
    before = (len(fake_slack.messages(channel="D" + PRIYA)), len(fake_slack.messages(channel="D" + ANA)))
    assert slack.click(LEO, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT]).status == 200
    assert NOT_YOURS in said_to(fake_slack, LEO)  # told in his own DM: he has no message to answer in
    assert the_intro(sessions).state is IntroState.REQUESTED
    assert group_opens(fake_slack) == []
    assert (len(fake_slack.messages(channel="D" + PRIYA)), len(fake_slack.messages(channel="D" + ANA))) == before

    # Priya accepts; the group DM is opened with both of them and the opener posted there once.
    slack.click(PRIYA, Action.INTRO_ACCEPT, buttons(request)[Action.INTRO_ACCEPT], message=request)
    assert the_intro(sessions).state is IntroState.ACCEPTED
    ticks(sessions, relay, clock, ANAS_MORNING, ANAS_MORNING + timedelta(hours=2))
    assert sorted(set(group_opens(fake_slack))) == [(ANA, PRIYA)]
    channel = the_intro(sessions).group_channel_id
    assert channel is not None
    [opener] = fake_slack.messages(channel=channel)
    assert f"<@{ANA}>" in opener["text"]
    assert f"<@{PRIYA}>" in opener["text"]

    # 4. Two weeks on: "did you meet?" to each in their own hours, exactly once each.
    accepted = PRIYAS_MORNING
    ticks(sessions, relay, clock, accepted + timedelta(days=14, minutes=35))  # 10:05 in Kolkata, 05:35 in Berlin
    assert len(with_action(fake_slack, PRIYA, Action.INTRO_MET)) == 1
    assert with_action(fake_slack, ANA, Action.INTRO_MET) == []
    ticks(sessions, relay, clock, datetime(2026, 12, 8, 9, 5, tzinfo=UTC))  # 10:05 in Berlin
    [did_you_meet] = with_action(fake_slack, ANA, Action.INTRO_MET)
    ticks(sessions, relay, clock, datetime(2026, 12, 9, 9, 5, tzinfo=UTC), datetime(2026, 12, 10, 9, 5, tzinfo=UTC))
    assert len(with_action(fake_slack, ANA, Action.INTRO_MET)) == 1
    assert len(with_action(fake_slack, PRIYA, Action.INTRO_MET)) == 1

    slack.click(ANA, Action.INTRO_MET, buttons(did_you_meet)[Action.INTRO_MET], message=did_you_meet)
    slack.wait_for_listeners()
    assert "1 mentoring conversation" in json.dumps(open_home(slack, fake_slack, ANA))
    slack.command(ANA, "export")
    record = fake_slack.files[-1]["content"].decode("utf-8")
    assert "- You asked priya for mentoring" in record  # her Slack name
    assert "- Did you meet: met (Thu 10 Dec 2026" in record

    # A workspace digest in a channel: one person's intro is no figure to show.
    slack.command(ADMIN, "digest #people-team org")
    ticks(sessions, relay, clock, MONDAY_9_UTC - timedelta(minutes=15), MONDAY_9_UTC)
    [digest] = fake_slack.messages(channel="CPEOPLE")
    posted = json.dumps(digest, ensure_ascii=False)
    assert "intros led to" not in posted
    assert "mentoring" not in posted
    for named in (ANA, PRIYA, "priya"):
        assert named not in posted

    # Of Ana's prep, Priya (and the group DM) only ever saw what Ana ticked.
    everything_priya_saw = said_to(fake_slack, PRIYA)
    assert TICKED_PATHS in everything_priya_saw
    for private in (UNTICKED_SKILLS, PRIVATE_STRENGTH, MENTOR_ASK):
        assert private not in everything_priya_saw
    # The opener was posted in the group DM once, whatever came after; Slack saw nothing go wrong.
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")].count(channel) == 1
    assert fake_slack.violations == []
    assert watched_log.alarms() == []
