"""Sharing a prep: what the manager may see, and the outbox messages a share, a take-back, a moved
meeting or a change of manager owe the manager and the employee."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.ask_sync import sync_asks
from bot.domain.outbox import notice, sync_manager_copy
from bot.domain.outbox_payloads import (
    AgendaOldCopy,
    AgendaTakenBack,
    ConversationRef,
    ManagerCopy,
    Notice,
    OldCopyReason,
)
from bot.domain.outbox_payloads.stored import Ref, peek, stored_id, stored_template
from bot.domain.people import person_by_id
from bot.models import Conversation, Delivery, DeliveryKind, DeliveryState, Person


def shared_with_manager(conversation: Conversation) -> bool:
    """The employee confirmed a share with this conversation's manager (not an earlier one)."""
    return (
        conversation.prep_shared_at is not None
        and conversation.shared_prep is not None
        and conversation.prep_shared_with_id == conversation.manager_id
    )


def manager_may_see(conversation: Conversation, employee: Person) -> bool:
    """Shared with the manager, and the manager has confirmed the link (while it is the current one)."""
    current = employee.manager_id == conversation.manager_id
    return shared_with_manager(conversation) and (employee.manager_confirmed or not current)


def share_prep(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """The employee confirmed a share: the manager gets this version as a new message."""
    conversation.shared_prep = conversation.prep
    conversation.prep_shared_with_id = conversation.manager_id
    conversation.prep_shared_at = now
    conversation.prep_revision += 1  # each version of the manager's copy has its own delivery
    conversation.updated_at = now
    sync_asks(session, conversation, now=now)
    _queue_agenda(session, conversation, now=now, fresh=True)
    notice(
        session,
        recipient=person_by_id(session, conversation.employee_id),
        template=Notice.AGENDA_SHARED,
        payload=ConversationRef(conversation.id),
        immediate=True,
        key=f"{conversation.id}:{conversation.prep_revision}",
        now=now,
    )


def take_back(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """The employee unticked Share: the manager's copy becomes a short note, and the employee's
    "your agenda is with …" messages say it no longer is."""
    _clear(conversation, now)
    sync_asks(session, conversation, now=now)
    _queue_agenda(session, conversation, now=now, fresh=False)
    _tell_employee(session, conversation, now=now, manager_changed=False)


def manager_changing(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """Called before a planned conversation moves to another manager: a share was meant for the old
    one only, so it is taken back (the old copy says so) and the new manager sees nothing until the
    employee shares again."""
    if conversation.agenda_ts is not None and conversation.agenda_channel is not None:
        notice(
            session,
            recipient=person_by_id(session, conversation.manager_id),
            template=Notice.AGENDA_OLD_COPY,
            payload=AgendaOldCopy(
                conversation.id,
                conversation.employee_id,
                conversation.agenda_channel,
                conversation.agenda_ts,
                OldCopyReason.MOVED,
            ),
            immediate=True,  # an edit of a message already there: nobody is pinged
            key=f"{conversation.id}:{conversation.agenda_ts}:{OldCopyReason.MOVED.value}",
            now=now,
        )
    conversation.agenda_channel = None
    conversation.agenda_ts = None
    conversation.manager_declined_at = None  # the new manager's link is a fresh one
    if conversation.prep_shared_at is not None:
        _clear(conversation, now)
        sync_asks(session, conversation, now=now)
        _tell_employee(session, conversation, now=now, manager_changed=True)


def meeting_moved(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """The 1:1 moved: a shared agenda's copy shows the new date (updated in place)."""
    if shared_with_manager(conversation):
        conversation.prep_revision += 1
        _queue_agenda(session, conversation, now=now, fresh=False)


def asks_answered(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """An ask of the shared agenda was answered: the manager's copy shows the answer (updated in place)."""
    meeting_moved(session, conversation, now=now)


def mark_replaced(session: Session, conversation: Conversation, *, channel: str, ts: str, now: datetime) -> None:
    """A newer version was posted: the manager's old copy says so (no content left in it)."""
    notice(
        session,
        recipient=person_by_id(session, conversation.manager_id),
        template=Notice.AGENDA_OLD_COPY,
        payload=AgendaOldCopy(conversation.id, conversation.employee_id, channel, ts, OldCopyReason.REPLACED),
        immediate=True,
        key=f"{conversation.id}:{ts}:{OldCopyReason.REPLACED.value}",
        now=now,
    )


def _clear(conversation: Conversation, now: datetime) -> None:
    conversation.shared_prep = None
    conversation.prep_shared_with_id = None
    conversation.prep_shared_at = None
    conversation.prep_revision += 1
    conversation.updated_at = now


def _queue_agenda(session: Session, conversation: Conversation, *, now: datetime, fresh: bool) -> None:
    """Queue this revision of the manager's copy; a new share not yet posted stays a new post."""
    fresh = fresh or _fresh_post_waiting(session, conversation)
    sync_manager_copy(
        session,
        conversation=conversation,
        kind=DeliveryKind.AGENDA,
        revision=conversation.prep_revision,
        now=now,
        fresh=fresh,
    )


def _fresh_post_waiting(session: Session, conversation: Conversation) -> bool:
    waiting = session.scalars(
        select(Delivery).where(
            Delivery.team_id == conversation.team_id,
            Delivery.kind == DeliveryKind.AGENDA,
            Delivery.state == DeliveryState.PENDING,
            stored_id(Ref.CONVERSATION) == conversation.id,
        )
    )
    return any((copy := peek(ManagerCopy, d)) is not None and copy.fresh for d in waiting)


def _tell_employee(session: Session, conversation: Conversation, *, now: datetime, manager_changed: bool) -> None:
    """Every "your agenda is with …" message for this conversation is edited to say it is not."""
    told = session.scalars(
        select(Delivery).where(
            Delivery.team_id == conversation.team_id,
            Delivery.kind == DeliveryKind.NOTICE,
            Delivery.state == DeliveryState.SENT,
            Delivery.recipient_id == conversation.employee_id,
            stored_template() == Notice.AGENDA_SHARED.value,
            stored_id(Ref.CONVERSATION) == conversation.id,
        )
    ).all()
    employee = person_by_id(session, conversation.employee_id)
    for message in told:
        if message.slack_channel is None or not message.slack_ts:
            continue
        notice(
            session,
            recipient=employee,
            template=Notice.AGENDA_TAKEN_BACK,
            payload=AgendaTakenBack(conversation.id, message.slack_channel, message.slack_ts, now, manager_changed),
            immediate=True,
            key=f"{conversation.id}:{conversation.prep_revision}:{message.id}",
            now=now,
        )
