"""Whether a message about an employee may reach the person they named as manager: only once that
person has confirmed the link. Until then it waits; if they decline, it is never sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.outbox import QUEUED_KEY
from bot.domain.outbox_payloads.stored import Mark, Ref, about, held_for_link, mark
from bot.domain.people import people_of
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryState,
    MeetingRequest,
    Person,
)

# How often a held delivery is looked at again; confirming releases it at once anyway.
LINK_RECHECK = timedelta(hours=6)
# Messages that only make sense for the current, confirmed manager.
AHEAD_OF_MEETING = frozenset({DeliveryKind.AGENDA, DeliveryKind.MANAGER_BRIEF, DeliveryKind.MEETING_REQUEST})


class LinkGate(StrEnum):
    OPEN = "open"  # not about a manager link, or the link is confirmed
    WAIT = "wait"  # the recipient was named as manager and has not confirmed yet
    NEVER = "never"  # the link it waited for is gone (declined, or the employee picked someone else)


def awaiting_confirmation(employee: Person, manager_id: int) -> bool:
    """The employee named this person as manager, who has not confirmed yet: they see no content."""
    return employee.manager_id == manager_id and not employee.manager_confirmed


def _about(session: Session, delivery: Delivery) -> tuple[Person, Person, Conversation | None] | None:
    """The (employee, manager, conversation) a delivery's content is about, from its payload."""
    ids = about(delivery)
    conversation: Conversation | None = None
    if Ref.CONVERSATION in ids:
        conversation = session.get(Conversation, ids[Ref.CONVERSATION])
    elif Ref.ITEM in ids:
        item = session.get(ActionItem, ids[Ref.ITEM])
        conversation = session.get(Conversation, item.conversation_id) if item is not None else None
    elif Ref.CHECK_IN in ids:
        check_in = session.get(CheckIn, ids[Ref.CHECK_IN])
        conversation = session.get(Conversation, check_in.conversation_id) if check_in is not None else None
    elif Ref.REQUEST in ids:
        request = session.get(MeetingRequest, ids[Ref.REQUEST])
        return (*people_of(session, request), None) if request is not None else None
    return (*people_of(session, conversation), conversation) if conversation is not None else None


def pair_of(session: Session, delivery: Delivery) -> tuple[Person, Person] | None:
    """The (employee, manager) a delivery's content is about, from its payload; None if none."""
    about = _about(session, delivery)
    return (about[0], about[1]) if about is not None else None


def link_gate(session: Session, delivery: Delivery) -> LinkGate:
    """May this delivery reach its recipient, as far as the manager link goes?"""
    about = _about(session, delivery)
    if about is None or delivery.recipient_id is None:
        return LinkGate.OPEN
    employee, manager, conversation = about
    if delivery.recipient_id != manager.id:
        return LinkGate.OPEN  # the employee's own messages
    if conversation is not None and conversation.manager_declined_at is not None:
        return LinkGate.NEVER
    if employee.manager_id == manager.id:
        return LinkGate.OPEN if employee.manager_confirmed else LinkGate.WAIT
    if held_for_link(delivery) is not None or delivery.kind in AHEAD_OF_MEETING:
        return LinkGate.NEVER
    return LinkGate.OPEN  # a former manager's own follow-ups from when the link was theirs


def hold_for_link(session: Session, delivery: Delivery) -> None:
    """Mark a delivery as waiting for the manager's confirmation."""
    pair = pair_of(session, delivery)
    if pair is not None and held_for_link(delivery) is None:
        mark(delivery, Mark.HELD_FOR_LINK, pair[0].id)


def release_held(session: Session, *, employee: Person, manager: Person, now: datetime) -> list[Delivery]:
    """The manager confirmed: what waited for it is due now (and sent right after the answer)."""
    released = [d for d in _pending_to(session, manager) if held_for_link(d) == employee.id]
    for delivery in released:
        delivery.due_at = now
        delivery.updated_at = now
    session.info.setdefault(QUEUED_KEY, []).extend(released)
    return released


def awaiting_or_declined(conversation: Conversation, manager_id: int) -> bool:
    """This manager may not see the conversation's content: not confirmed yet, or declined it."""
    if conversation.manager_id != manager_id:
        return False
    return conversation.manager_declined_at is not None or awaiting_confirmation(conversation.employee, manager_id)


def mark_declined(session: Session, *, employee: Person, manager: Person, now: datetime | None) -> None:
    """The named manager said "not me", or was replaced, before confirming: the pair's conversations
    are never theirs (`now`); None when they do confirm later after all."""
    session.execute(
        update(Conversation)
        .where(
            Conversation.team_id == employee.team_id,
            Conversation.employee_id == employee.id,
            Conversation.manager_id == manager.id,
        )
        .values(manager_declined_at=now)
        .execution_options(synchronize_session="fetch")
    )


def cancel_for_link(session: Session, *, employee: Person, manager: Person, reason: str, now: datetime) -> int:
    """The link was never confirmed and is gone: nothing queued about the employee goes to them."""
    cancelled = 0
    for delivery in _pending_to(session, manager):
        pair = pair_of(session, delivery)
        if pair is not None and pair[0].id == employee.id and pair[1].id == manager.id:
            delivery.state = DeliveryState.CANCELLED
            delivery.last_error = reason
            delivery.updated_at = now
            cancelled += 1
    return cancelled


def _pending_to(session: Session, manager: Person) -> list[Delivery]:
    return list(
        session.scalars(
            select(Delivery)
            .where(
                Delivery.team_id == manager.team_id,
                Delivery.recipient_id == manager.id,
                Delivery.state == DeliveryState.PENDING,
            )
            .order_by(Delivery.id)
        )
    )
