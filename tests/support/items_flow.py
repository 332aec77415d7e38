"""Action item steps for flow tests: a seeded conversation with items, the lists in DMs and the item forms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import (
    ActionItem,
    Conversation,
    ConversationState,
    ItemStatus,
    OneOnOneSeries,
    Person,
)
from bot.slack.ids import Action, Block
from bot.slack.values import ItemRef, decode
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, add_people, set_up_pair
from tests.support.signed import SignedSlack, datepicker, plain_text

Json = dict[str, Any]


HELD_AT = datetime(2026, 11, 16, 14, 30, tzinfo=UTC)  # the 1:1 a week before the clock's Monday


@dataclass(frozen=True)
class Seeded:
    conversation_id: int
    plan: int  # Ana's, for Mira, due in December
    shadow: int  # Ana's, for Mira, overdue
    intro: int  # Mira's, for Ana


@pytest.fixture
def seeded(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock) -> Seeded:
    """A set-up pair and what a recap of their last 1:1 would have stored."""
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    with sessions.begin() as session:
        conversation = held_conversation(session, EMPLOYEE, clock.now)
        ana, mira = conversation.employee, conversation.manager
        seeded = Seeded(
            conversation_id=conversation.id,
            plan=add_item(session, conversation, ana, mira, "Draft a learning plan", date(2026, 12, 4), clock),
            shadow=add_item(session, conversation, ana, mira, "Shadow the on-call lead", date(2026, 11, 20), clock),
            intro=add_item(session, conversation, mira, ana, "Introduce Ana to the platform team", None, clock),
        )
    fake_slack.clear_calls()
    return seeded


def held_conversation(session: Any, employee: str, now: datetime, at: datetime = HELD_AT) -> Conversation:
    person = session.scalars(select(Person).filter_by(slack_user_id=employee)).one()
    series = session.scalars(select(OneOnOneSeries).filter_by(employee_id=person.id)).one()
    conversation = Conversation(
        team_id=TEAM_ID,
        series=series,
        employee=person,
        manager=session.get(Person, series.manager_id),  # relationships never lazy-load
        scheduled_at=at,
        state=ConversationState.HELD,
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    session.flush()
    return conversation


def add_item(
    session: Any,
    conversation: Conversation,
    owner: Person,
    other: Person,
    text: str,
    due: date | None,
    clock: FakeClock,
) -> int:
    item = ActionItem(
        team_id=TEAM_ID,
        conversation_id=conversation.id,
        owner_id=owner.id,
        counterpart_id=other.id,
        text=text,
        due_date=due,
        status=ItemStatus.OPEN,
        created_at=clock.now,
        updated_at=clock.now,
    )
    session.add(item)
    session.flush()
    return item.id


def value_for(blocks: list[Json], item_id: int, action_id: str = Action.ITEM_DONE) -> str:
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element["action_id"] == action_id and decode(ItemRef, element["value"]).item_id == item_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button for item {item_id}")


def last_response(fake_slack: FakeSlack) -> Json:
    return fake_slack.responses[-1]


def shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dms(fake_slack: FakeSlack, user: str) -> list[Json]:
    return fake_slack.messages(channel="D" + user)


def state_of(sessions: SessionFactory, item_id: int) -> tuple[ItemStatus, str, date | None, list[tuple[Any, ...]]]:
    """An item's status, text, due date, and history as (actor's Slack id, from, to, note)."""
    with sessions.begin() as session:
        item = session.get(ActionItem, item_id)
        assert item is not None
        people = {p.id: p.slack_user_id for p in session.scalars(select(Person))}
        history = [(people.get(e.actor_id or 0), e.from_status, e.to_status, e.note) for e in item.history]
        return item.status, item.text, item.due_date, history


def items_list(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> Json:
    """`/career-prep items`: the ephemeral reply."""
    assert slack.command(user, "items").status == 200
    reply = last_response(fake_slack)
    assert reply["response_type"] == "ephemeral"
    return reply


def dm_list(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> Json:
    """The list as a DM message (the "My action items" button where there's no response_url, e.g. App Home)."""
    slack.click(user, Action.OPEN_ITEMS, view={"id": "VHOME", "type": "home"})
    return dms(fake_slack, user)[-1]


def reason_values(reason: str | None) -> dict[str, dict[str, Json]]:
    return {Block.ITEM_REASON: {Action.ITEM_REASON: plain_text(reason)}}


def edit_values(text: str | None, due: str | None) -> dict[str, dict[str, Json]]:
    return {Block.ITEM_TEXT: {Action.ITEM_TEXT: plain_text(text)}, Block.ITEM_DUE: {Action.ITEM_DUE: datepicker(due)}}
