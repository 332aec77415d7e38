"""Prep answers are the employee's: nobody else can read or change them, and the manager sees
only what was shared."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import MeetingReminder
from bot.models import Conversation, DeliveryKind, Person
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from bot.slack.values import PrepRef, encode
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.invites import without_invites
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
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import SignedSlack

SECRET = "Thinking about leaving for a startup next year"


@pytest.fixture(autouse=True)
def pair_with_draft(slack: SignedSlack, fake_slack: FakeSlack) -> dict[str, object]:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    return {"form": form, "review": review["view"]}


def conversation_id(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return session.scalars(select(Conversation.id)).one()


def everything_sent(fake_slack: FakeSlack) -> str:
    return all_text([fake_slack.messages(), fake_slack.responses, fake_slack.home_views])


@pytest.mark.parametrize("intruder", [MANAGER, "UEVE"])
def test_nobody_else_can_change_the_prep(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, intruder: str
) -> None:
    crafted = {
        "id": "VCRAFTED",
        "type": "modal",
        "callback_id": "prep_form",
        "private_metadata": encode(PrepRef(conversation_id=conversation_id(sessions))),
        "blocks": [],
    }

    response = slack.submit_view(intruder, crafted, prep_values(direction="Overwritten by someone else"))

    assert response.status == 200
    with sessions.begin() as session:
        prep = session.scalars(select(Conversation)).one().prep
        assert prep is not None
        assert prep["direction"] == SECRET
    refusal = fake_slack.messages(channel="D" + intruder)[-1]
    assert "Only the person preparing can see or change this prep" in refusal["text"]


@pytest.mark.parametrize("intruder", [MANAGER, "UEVE"])
def test_nobody_else_can_share_or_read_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, intruder: str
) -> None:
    ref = encode(PrepRef(conversation_id=conversation_id(sessions)))
    review = {"id": "VX", "type": "modal", "callback_id": "prep_review", "private_metadata": ref, "blocks": []}

    slack.submit_view(intruder, review, share_values(True))
    slack.click(intruder, Action.PREP_EDIT, ref, view={"id": "VX", "hash": "h", "type": "modal"})

    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).one().prep_shared_at is None
    assert [c for c in fake_slack.calls_to("views.update") if c.params.get("view_id") == "VX"] == []
    assert SECRET not in everything_sent(fake_slack)


def test_an_unshared_draft_never_reaches_the_manager(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    # The day-before brief goes out while the prep is still a private draft.
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation)).one()
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        enqueue(
            session,
            team_id=conversation.team_id,
            kind=DeliveryKind.MANAGER_BRIEF,
            key=f"brief:{conversation.id}",
            due_at=clock.now,
            now=clock.now,
            recipient=mira,
            payload=MeetingReminder(conversation.id),
        )
    relay.run_once(clock.now)
    slack.event({"type": "app_home_opened", "user": MANAGER, "tab": "home", "channel": "D1"})

    brief = fake_slack.messages(channel="D" + MANAGER)[-1]
    assert "hasn't shared a prep" in all_text(brief["blocks"])
    assert SECRET not in everything_sent(fake_slack)


def test_once_shared_the_manager_sees_it_and_nobody_else_does(
    slack: SignedSlack, fake_slack: FakeSlack, pair_with_draft: dict[str, dict[str, object]], clock: FakeClock
) -> None:
    review = pair_with_draft["review"]
    slack.submit_view(EMPLOYEE, {**review, "id": pair_with_draft["form"]["id"]}, share_values(True))
    clock.advance(minutes=5)

    slack.event({"type": "app_home_opened", "user": "UEVE", "tab": "home", "channel": "D2"})

    assert SECRET in all_text(fake_slack.messages(channel="D" + MANAGER))
    for channel in {m["channel"] for m in fake_slack.messages()} - {"D" + MANAGER, "D" + EMPLOYEE}:
        assert SECRET not in all_text(fake_slack.messages(channel=channel))
    assert SECRET not in all_text(fake_slack.home_views)


def brief_now(sessions: SessionFactory, relay: Relay, clock: FakeClock, manager: str) -> None:
    """Queue the day-before brief of the upcoming conversation for `manager` and run the relay."""
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation).order_by(Conversation.scheduled_at.desc())).first()
        assert conversation is not None
        recipient = session.scalars(select(Person).where(Person.slack_user_id == manager)).one()
        enqueue(
            session,
            team_id=conversation.team_id,
            kind=DeliveryKind.MANAGER_BRIEF,
            key=f"brief:{conversation.id}:{manager}",
            due_at=clock.now,
            now=clock.now,
            recipient=recipient,
            payload=MeetingReminder(conversation.id),
        )
    relay.run_once(clock.now)


def test_a_new_manager_sees_nothing_of_a_prep_shared_with_the_old_one(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    pair_with_draft: dict[str, dict[str, object]],
) -> None:
    review = pair_with_draft["review"]
    slack.submit_view(EMPLOYEE, {**review, "id": "V1"}, share_values(True))
    assert SECRET in all_text(fake_slack.messages(channel="D" + MANAGER))
    [told] = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if "Your agenda is with" in m["text"]]

    # Ana now has her 1:1s with Priya, who confirms at once.
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values(manager="UPRIYA"))
    relay.run_once(clock.advance(hours=15))  # Priya's morning, in Kolkata
    priya_request = fake_slack.messages(channel="DUPRIYA")[0]
    confirm = next(
        e["value"]
        for b in priya_request["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.MANAGER_CONFIRM
    )
    slack.click("UPRIYA", Action.MANAGER_CONFIRM, confirm, message=priya_request)
    relay.run_once(clock.now)
    brief_now(sessions, relay, clock, "UPRIYA")
    slack.event({"type": "app_home_opened", "user": "UPRIYA", "tab": "home", "channel": "DUPRIYA"})
    slack.command("UPRIYA", "export")

    # Nothing Priya sees holds the prep: DMs, the brief, her Home, her export.
    assert SECRET not in all_text(fake_slack.messages(channel="DUPRIYA"))
    assert "hasn't shared a prep" in all_text(without_invites(fake_slack.messages(channel="DUPRIYA"))[-1]["blocks"])
    assert SECRET not in all_text(fake_slack.home_views["UPRIYA"])
    assert "Prep: not shared" in all_text(fake_slack.home_views["UPRIYA"])
    [export] = [f for f in fake_slack.files if f["channel_id"] == "DUPRIYA"]
    assert SECRET not in export["content"].decode("utf-8")
    # Mira's old copy no longer holds it, and Ana's "your agenda is with Mira" says it is not.
    assert SECRET not in all_text(fake_slack.messages(channel="D" + MANAGER))
    [now_told] = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if m["ts"] == told["ts"]]
    assert "no longer shared" in now_told["text"]
    assert "you changed manager" in now_told["text"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).one().prep_shared_at is None

    # Shared again, it reaches Priya.
    form = open_prep(slack, fake_slack)
    assert f"<@{'UPRIYA'}>" in all_text(form)
    again = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    assert "Not shared yet" in all_text(again["view"])
    slack.submit_view(EMPLOYEE, {**again["view"], "id": form["id"]}, share_values(True))
    assert SECRET in all_text(fake_slack.messages(channel="DUPRIYA"))


def test_an_edit_never_shared_stays_out_of_the_brief(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    pair_with_draft: dict[str, dict[str, object]],
) -> None:
    slack.submit_view(EMPLOYEE, {**pair_with_draft["review"], "id": "V1"}, share_values(True))
    form = open_prep(slack, fake_slack)
    slack.submit_view(EMPLOYEE, form, prep_values(direction="A private second thought"))  # Review, then closed

    brief_now(sessions, relay, clock, MANAGER)

    brief = fake_slack.messages(channel="D" + MANAGER)[-1]
    assert SECRET in all_text(brief["blocks"])
    assert "A private second thought" not in everything_sent(fake_slack)
