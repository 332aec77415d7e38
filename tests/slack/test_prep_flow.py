"""Prep end to end: draft, review, share, edit in place, carried-over items, and bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import ActionItem, Conversation, ConversationState, ItemStatus, Person
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from tests.conftest import FakeClock
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
    share,
    share_values,
)
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    fake_slack.clear_calls()


def manager_dms(fake_slack: FakeSlack) -> list[dict[str, object]]:
    return fake_slack.messages(channel="D" + MANAGER)


def test_employee_completes_and_shares_a_prep(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    before = len(manager_dms(fake_slack))
    form = open_prep(slack, fake_slack)

    review = body(
        slack.submit_view(
            EMPLOYEE,
            form,
            prep_values(
                people=["UPRIYA"], asks=[("mentor", "Someone who moved from engineering to product"), ("training", "")]
            ),
        )
    )

    assert review["response_action"] == "update"
    assert review["view"]["callback_id"] == "prep_review"
    assert "Explaining tricky systems to customers" in all_text(review["view"])
    # Saved as a draft, not shared: the manager has heard nothing yet.
    assert len(manager_dms(fake_slack)) == before
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.prep is not None
        assert conversation.prep["strengths"] == "Explaining tricky systems to customers"
        assert conversation.prep_shared_at is None

    response = slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    assert response.status == 200
    assert body(response) == {}
    [agenda] = manager_dms(fake_slack)[before:]
    text = all_text(agenda["blocks"])
    for expected in (
        "Explaining tricky systems to customers",
        "Running design reviews",
        "Leading a small platform team",
        "<@UPRIYA>",
        "A mentor",
        "Someone who moved from engineering to product",
        "A training or course",
        "What is one area I could develop to have more impact?",
        "09:30 (America/New_York)",
    ):
        assert expected in text, expected
    told = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert f"Your agenda is with <@{MANAGER}>" in told["text"]
    assert "(shared Mon 23 Nov 2026, 15:00 (Europe/Berlin))" in told["text"]


def test_edits_after_sharing_reach_the_manager_only_once_shared_again(
    slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock, relay: Relay
) -> None:
    share(slack, fake_slack)
    [first] = [m for m in manager_dms(fake_slack) if "shared an agenda" in m["text"]]
    before = all_text(manager_dms(fake_slack))
    posts, updates = len(fake_slack.calls_to("chat.postMessage")), len(fake_slack.calls_to("chat.update"))
    clock.advance(hours=2)

    form = open_prep(slack, fake_slack)
    assert "Explaining tricky systems to customers" in all_text(form)  # the draft is prefilled
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(strengths="Calm under incident pressure")))

    # Pressing Review saved the edit, but the manager has exactly what they had before.
    assert all_text(manager_dms(fake_slack)) == before
    assert len(fake_slack.calls_to("chat.update")) == updates
    assert "Calm under incident pressure" not in all_text(
        [c.params for c in fake_slack.calls if c.params.get("channel") == "D" + MANAGER]
    )
    assert "still has the version you shared" in all_text(review["view"])

    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    relay.run_once(clock.now)  # the next tick marks the old copy

    # Shared again: a new message, so Mira is notified; the old copy says it was replaced.
    assert len(fake_slack.calls_to("chat.postMessage")) > posts
    [latest] = [m for m in manager_dms(fake_slack) if "shared an agenda" in m["text"]]
    assert latest["ts"] != first["ts"]
    assert latest["updated"] is False
    assert "Calm under incident pressure" in all_text(latest["blocks"])
    assert "Explaining tricky systems" not in all_text(latest["blocks"])
    [old] = [m for m in manager_dms(fake_slack) if m["ts"] == first["ts"]]
    assert old["updated"] is True
    assert "shared a newer version of this agenda" in all_text(old["blocks"])
    assert "Explaining tricky systems" not in all_text(old)


def test_unsharing_withdraws_the_content_from_the_manager(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    review = share(slack, fake_slack)

    slack.submit_view(EMPLOYEE, {**review["view"], "id": "V1"}, share_values(False))

    agenda = manager_dms(fake_slack)[-1]
    assert "took this agenda back" in all_text(agenda["blocks"])
    assert agenda["updated"] is True
    assert "Explaining tricky systems" not in all_text(agenda)
    # Ana's "your agenda is with Mira" now says it no longer is.
    [told] = [m for m in fake_slack.messages(channel="D" + EMPLOYEE) if m["updated"] and "agenda" in m["text"]]
    assert "no longer shared" in told["text"]
    assert "you took it back on Mon 23 Nov 2026, 15:00 (Europe/Berlin)" in told["text"]
    assert f"Your agenda is with <@{MANAGER}>" not in all_text(fake_slack.messages(channel="D" + EMPLOYEE))


def test_carried_over_items_appear_on_the_agenda(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        upcoming = session.scalars(select(Conversation)).one()
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        earlier = Conversation(
            team_id=upcoming.team_id,
            series_id=upcoming.series_id,
            employee_id=ana.id,
            manager_id=mira.id,
            scheduled_at=clock.now - timedelta(days=30),
            state=ConversationState.HELD,
            prep_revision=0,
            created_at=clock.now,
            updated_at=clock.now,
        )
        session.add(earlier)
        session.flush()
        for text, owner, status in (
            ("Introduce Ana to the platform lead", mira, ItemStatus.OPEN),
            ("Draft a proposal for the on-call rota", ana, ItemStatus.BLOCKED),
            ("Finished long ago", ana, ItemStatus.DONE),
        ):
            session.add(
                ActionItem(
                    team_id=upcoming.team_id,
                    conversation_id=earlier.id,
                    owner_id=owner.id,
                    counterpart_id=(ana if owner is mira else mira).id,
                    text=text,
                    due_date=date(2026, 12, 1),
                    status=status,
                    created_at=clock.now,
                    updated_at=clock.now,
                )
            )

    share(slack, fake_slack)

    text = all_text(manager_dms(fake_slack)[-1]["blocks"])
    assert "Carried over from earlier conversations" in text
    assert f"Introduce Ana to the platform lead — <@{MANAGER}>, due Tue 1 Dec" in text
    assert "(blocked)" in text
    assert "Finished long ago" not in text


def test_an_empty_prep_cannot_be_shared(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(strengths="   ", grow_skills="\n\n", direction="")))
    assert "Your prep is empty so far" in all_text(review["view"])

    response = slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    assert body(response)["errors"]["prep_share"].startswith("Add at least one answer before sharing")
    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).one().prep_shared_at is None
    assert len(manager_dms(fake_slack)) == 1  # only the setup confirmation request


def test_over_long_answers_and_unlabelled_requests_are_field_errors(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    form = open_prep(slack, fake_slack)

    too_long = body(slack.submit_view(EMPLOYEE, form, prep_values(strengths="x" * 2001)))
    no_kind = body(slack.submit_view(EMPLOYEE, form, prep_values(asks=[(None, "Shadow the SRE team")])))

    assert "under 2000 characters" in too_long["errors"]["prep_strengths"]
    assert "Pick what kind of request" in no_kind["errors"]["prep_ask_0_detail"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).one().prep is None


def test_prep_after_the_meeting_started_is_refused_on_the_form(
    slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock, sessions: SessionFactory
) -> None:
    form = open_prep(slack, fake_slack)
    clock.set(clock.now.replace(year=2026, month=12, day=8, hour=14, minute=45))

    response = body(slack.submit_view(EMPLOYEE, form, prep_values()))

    assert "already started" in response["errors"]["prep_strengths"]
    with sessions.begin() as session:
        assert session.scalars(select(Conversation).order_by(Conversation.id)).first().prep is None  # type: ignore[union-attr]


def test_prep_for_a_recapped_meeting_is_refused_and_nothing_typed_is_lost(
    slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock, sessions: SessionFactory
) -> None:
    form = open_prep(slack, fake_slack)
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation)).one()
        conversation.state = ConversationState.HELD
        conversation.recap_submitted_at = clock.now

    response = body(slack.submit_view(EMPLOYEE, form, prep_values()))

    # The modal stays open with an error, so the typed answers are still there to copy.
    assert response["response_action"] == "errors"
    assert "already has a recap" in response["errors"]["prep_strengths"]


def test_review_edit_button_goes_back_to_the_form(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values()))
    edit = next(
        e
        for b in review["view"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.PREP_EDIT
    )

    slack.click(EMPLOYEE, Action.PREP_EDIT, edit["value"], view={**review["view"], "id": form["id"]})

    updated = fake_slack.last("views.update").params["view"]
    assert updated["callback_id"] == "prep_form"
    assert "Running design reviews" in all_text(updated)


def test_a_manager_who_left_is_explained(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    with sessions.begin() as session:
        mira = session.scalars(select(Person).where(Person.slack_user_id == MANAGER)).one()
        mira.status = mira.status.LEFT

    slack.command(EMPLOYEE, "prep")

    assert "no longer in this workspace" in fake_slack.responses[-1]["text"]
    assert fake_slack.calls_to("views.open") == []
