"""Recap end to end: items for both owners, the manager's thank-you recap, edits in place,
skipping a meeting, growing the form, and a duplicate submit that changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.db import SessionFactory
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    ItemStatus,
    Person,
    Workspace,
)
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block
from bot.slack.values import RecapRef, encode
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, body, set_up_pair
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack


@pytest.fixture(autouse=True)
def after_the_meeting(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    clock.set(
        clock.now.replace(
            year=MEETING_OVER[0],
            month=MEETING_OVER[1],
            day=MEETING_OVER[2],
            hour=MEETING_OVER[3],
            minute=MEETING_OVER[4],
        )
    )


def items(sessions: SessionFactory) -> list[tuple[str, str, str]]:
    with sessions.begin() as session:
        rows = session.scalars(select(ActionItem).options(selectinload(ActionItem.owner)).order_by(ActionItem.id)).all()
        return [(i.text, i.owner.slack_user_id, i.status.value) for i in rows]


def test_recap_with_items_for_both_owners_is_stored_and_sent(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_recap(slack, fake_slack)

    response = slack.submit_view(EMPLOYEE, view, recap_values())

    assert response.status == 200
    assert body(response) == {}
    assert items(sessions) == [
        ("Ask the platform lead about shadowing on-call", EMPLOYEE, "open"),
        ("Introduce Ana to the product director", MANAGER, "open"),
    ]
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.state is ConversationState.HELD
        assert conversation.recap == {
            "takeaways": "A move to product is realistic within a year",
            "feedback": "Speak up earlier in design reviews",
        }
        manager_item = session.scalars(
            select(ActionItem).options(selectinload(ActionItem.counterpart)).where(ActionItem.text.like("Introduce%"))
        ).one()
        assert manager_item.counterpart.slack_user_id == EMPLOYEE
        assert [(e.from_status, e.to_status) for e in manager_item.history] == [(None, ItemStatus.OPEN)]
        check_ins = session.scalars(select(CheckIn).options(selectinload(CheckIn.owner))).all()
        assert {c.owner.slack_user_id for c in check_ins} == {EMPLOYEE, MANAGER}
        assert {c.due_at.date().isoformat() for c in check_ins} == {"2026-12-29"}  # 21 days later

    recap = fake_slack.messages(channel="D" + MANAGER)[-1]
    text = all_text(recap["blocks"])
    assert "Thank you for the career conversation" in text
    assert "*What you'll do*\\n• Introduce Ana to the product director — by Tue 15 Dec" in text
    assert f"*What <@{EMPLOYEE}> will do*\\n• Ask the platform lead about shadowing on-call — by Fri 18 Dec" in text
    assert "09:30 (America/New_York)" in text  # the meeting time in the manager's zone
    confirmation = fake_slack.messages(channel="D" + EMPLOYEE)[-1]
    assert "Recap saved and sent to" in all_text(confirmation)


def test_editing_the_recap_updates_items_and_the_managers_message_in_place(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values())
    before = len(fake_slack.messages(channel="D" + MANAGER))
    clock.advance(hours=3)

    view = open_recap(slack, fake_slack)
    assert "Ask the platform lead about shadowing on-call" in all_text(view)  # prefilled
    slack.submit_view(
        EMPLOYEE,
        view,
        recap_values(
            rows=[
                ("Ask the platform lead about shadowing on-call", "employee", "2026-12-22"),
                ("", "manager", None),  # cleared: that item is dropped
                ("Book a product-discovery course", "employee", None),
            ]
        ),
    )

    assert items(sessions) == [
        ("Ask the platform lead about shadowing on-call", EMPLOYEE, "open"),
        ("Introduce Ana to the product director", MANAGER, "dropped"),
        ("Book a product-discovery course", EMPLOYEE, "open"),
    ]
    messages = fake_slack.messages(channel="D" + MANAGER)
    assert len(messages) == before
    assert messages[-1]["updated"] is True
    assert "Book a product-discovery course" in all_text(messages[-1]["blocks"])
    assert "by Tue 22 Dec" in all_text(messages[-1]["blocks"])


def test_a_duplicate_submit_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_recap(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, recap_values())
    dms = len(fake_slack.messages())
    with sessions.begin() as session:
        deliveries = session.scalar(select(func.count()).select_from(Delivery))
    slack.submit_view(EMPLOYEE, view, recap_values())

    assert len(items(sessions)) == 2
    assert len(fake_slack.messages()) == dms
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == deliveries


def test_a_retried_request_changes_nothing(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    view = open_recap(slack, fake_slack)
    slack.submit_view(EMPLOYEE, view, recap_values())
    dms = len(fake_slack.messages())

    # Slack re-sends the same payload when our answer was slow (X-Slack-Retry-Num).
    for attempt in (1, 2):
        assert slack.submit_view(EMPLOYEE, view, recap_values(), retry_num=attempt).status == 200

    assert len(items(sessions)) == 2
    assert len(fake_slack.messages()) == dms


def test_skipped_meeting_sends_nothing_and_leaves_items_alone(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    before = len(fake_slack.messages(channel="D" + MANAGER))

    response = slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(met=False, rows=[]))

    assert body(response) == {}
    with sessions.begin() as session:
        assert session.scalars(select(Conversation)).one().state is ConversationState.SKIPPED
    assert items(sessions) == []
    assert len(fake_slack.messages(channel="D" + MANAGER)) == before


def test_add_another_grows_the_form_and_keeps_what_was_typed(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    view = open_recap(slack, fake_slack)
    typed = {**view, "state": {"values": recap_values(takeaways="Typed before growing")}}

    slack.click(EMPLOYEE, Action.RECAP_ADD_ROW, "add", view=typed)

    grown = fake_slack.last("views.update").params["view"]
    assert sum(1 for b in grown["blocks"] if b.get("block_id", "").endswith("_text")) == 4
    assert "Typed before growing" in all_text(grown)
    assert "Introduce Ana to the product director" in all_text(grown)


def test_bad_rows_are_field_errors(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    view = open_recap(slack, fake_slack)

    past = body(slack.submit_view(EMPLOYEE, view, recap_values(rows=[("Something", "employee", "2026-12-01")])))
    empty = body(slack.submit_view(EMPLOYEE, view, recap_values(takeaways="  ", rows=[])))

    assert "That date has passed" in past["errors"]["recap_row_0_due"]
    assert "Add a takeaway or an action item" in empty["errors"][Block.RECAP_TAKEAWAYS]
    assert items(sessions) == []


def test_a_recap_can_close_carried_over_items(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values())
    # A month later, the next meeting has happened; its recap closes one of the earlier items.
    clock.set(clock.now.replace(month=12, day=8).replace(year=2027, month=1, day=12, hour=16))
    view = open_recap(slack, fake_slack)
    with sessions.begin() as session:
        earlier = session.scalars(select(ActionItem).where(ActionItem.text.like("Introduce%"))).one().id
    assert "Introduce Ana to the product director" in all_text(view)

    slack.submit_view(EMPLOYEE, view, recap_values(rows=[("Next step", "employee", None)], closing=[earlier]))

    with sessions.begin() as session:
        closed = session.get(ActionItem, earlier)
        assert closed is not None
        assert closed.status is ItemStatus.DONE
        assert closed.history[-1].note is not None
        assert closed.history[-1].note.startswith("closed in the recap of")
        assert session.scalar(select(func.count()).select_from(Conversation)) == 2


def test_nobody_else_can_write_the_recap(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    view = open_recap(slack, fake_slack)

    slack.submit_view(MANAGER, view, recap_values())
    refused = json.loads(slack.submit_view("UEVE", view, recap_values()).body)

    assert items(sessions) == []
    # Refused inside the acknowledgement: the form stays open with the reason under its first field.
    assert refused["response_action"] == "errors"
    assert "Only the person who had the conversation" in next(iter(refused["errors"].values()))


def test_recap_before_the_meeting_is_explained(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    clock.set(clock.now.replace(day=1))

    slack.command(EMPLOYEE, "recap")

    assert "hasn't happened yet" in fake_slack.responses[-1]["text"]


def test_someone_not_set_up_is_told(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    slack.command("UPRIYA", "recap")

    assert "haven't set up" in fake_slack.responses[-1]["text"]
    with sessions.begin() as session:
        assert session.scalars(select(Person).where(Person.slack_user_id == "UPRIYA")).first() is None


def test_the_check_in_is_announced_when_the_planner_will_send_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock, relay: Relay
) -> None:
    # 21 days after the recap is Tue 29 Dec, a holiday here: the check-in comes the next working day at 10:00.
    with sessions.begin() as session:
        session.scalars(select(Workspace)).one().holidays = ["2026-12-29"]
    view = open_recap(slack, fake_slack)

    slack.submit_view(EMPLOYEE, view, recap_values())

    confirmation = all_text(fake_slack.messages(channel="D" + EMPLOYEE)[-1])
    recap = all_text(fake_slack.messages(channel="D" + MANAGER)[-1])
    assert "I'll check in on these on Wed 30 Dec 2026, 10:00 (Europe/Berlin)." in confirmation
    assert "I'll check in on what you agreed on Wed 30 Dec 2026, 10:00 (America/New_York)." in recap
    assert "around" not in confirmation + recap
    clock.set(datetime(2026, 12, 20, 12, 0, tzinfo=UTC))
    tick(sessions, relay, clock.now)
    with sessions.begin() as session:
        planned = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.CHECK_IN)).all()
        due = {session.get(Person, d.recipient_id).slack_user_id: d.due_at for d in planned}  # type: ignore[union-attr]
    assert due == {
        EMPLOYEE: datetime(2026, 12, 30, 9, 0, tzinfo=UTC),  # 10:00 in Berlin
        MANAGER: datetime(2026, 12, 30, 15, 0, tzinfo=UTC),  # 10:00 in New York
    }


def test_a_recap_for_a_1_1_that_has_not_started_is_refused(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    """The form never offers it; a forged or stale submission for a later 1:1 changes nothing."""
    view = open_recap(slack, fake_slack)
    slack.submit_view(EMPLOYEE, view, recap_values())
    with sessions.begin() as session:
        held = session.scalars(select(Conversation)).one()
        later = Conversation(
            team_id=held.team_id,
            series_id=held.series_id,
            employee_id=held.employee_id,
            manager_id=held.manager_id,
            scheduled_at=clock.now + timedelta(days=20),
            state=ConversationState.PLANNED,
            created_at=clock.now,
            updated_at=clock.now,
        )
        session.add(later)
        session.flush()
        later_id = later.id
    before = items(sessions)
    forged = {**view, "id": "VFORGED", "private_metadata": encode(RecapRef(conversation_id=later_id))}

    response = slack.submit_view(EMPLOYEE, forged, recap_values())

    assert "hasn't happened yet" in json.dumps(json.loads(response.body or "{}")) + json.dumps(fake_slack.messages())
    assert items(sessions) == before
    with sessions.begin() as session:
        assert session.get(Conversation, later_id).state is ConversationState.PLANNED  # type: ignore[union-attr]
