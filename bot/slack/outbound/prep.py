"""Prep messages: the manager's copy of the agenda and its old copies, the day-before brief, the
employee's share notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.arrival import arrival_of
from bot.domain.brief import brief_for
from bot.domain.outbox_payloads import (
    AgendaOldCopy,
    AgendaTakenBack,
    ConversationRef,
    ManagerCopy,
    MeetingReminder,
    Notice,
    OldCopyReason,
    decode,
)
from bot.domain.people import people_of, person_by_id
from bot.domain.prep import shared_agenda
from bot.domain.prep_share import shared_with_manager
from bot.domain.reflection_brief import news_for_brief
from bot.domain.sent_messages import agenda_gone, agenda_sent
from bot.models import ConversationState, Delivery, DeliveryKind
from bot.slack.blocks.agenda import agenda_message, agenda_moved, agenda_replaced, agenda_withdrawn
from bot.slack.blocks.brief import manager_brief
from bot.slack.blocks.common import gets_it, mention
from bot.slack.blocks.prep_messages import agenda_no_longer_shared
from bot.slack.blocks.prep_messages import agenda_shared as agenda_shared_message
from bot.slack.outbound.outcomes import Defer, Outcome, Registry, Rendered, Skip
from bot.slack.outbound.synced import conversation_of, older_version_in_flight


def agenda(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's copy of the agenda: a new share is posted anew (so the manager is notified);
    a withdrawal or a moved date updates the copy in place."""
    payload = decode(ManagerCopy, delivery.payload)
    conversation = conversation_of(session, payload.conversation_id)
    if conversation is None:
        return Skip("the conversation no longer exists")
    if conversation.prep_revision != payload.revision:
        return Skip("superseded by a newer version of the agenda")
    if conversation.manager_id != delivery.recipient_id:
        return Skip("the employee has a different manager now")
    if older_version_in_flight(session, delivery, payload.conversation_id):
        return Defer(30, "an older version of this agenda is being sent")
    if conversation.agenda_ts is None and (
        conversation.state is not ConversationState.PLANNED or conversation.scheduled_at <= now
    ):
        # Held (say, for a confirmation that came late) until its 1:1 was over: no use to anyone now.
        return Skip("the 1:1 this agenda was for has passed")
    target = {"channel_id": conversation.agenda_channel, "update_ts": conversation.agenda_ts}
    shared = shared_agenda(session, conversation)
    if shared is None:
        if conversation.agenda_ts is None:
            return Skip("the agenda is not shared")
        employee = person_by_id(session, conversation.employee_id)
        withdrawn = agenda_withdrawn(employee_user_id=employee.slack_user_id, employee_name=employee.display_name)
        return Rendered(withdrawn, **target)
    assert conversation.prep_shared_at is not None
    manager = person_by_id(session, conversation.manager_id)
    message = agenda_message(shared, reader_tz=manager.tz, shared_at=conversation.prep_shared_at)
    if payload.fresh or conversation.agenda_ts is None:
        return Rendered(message)
    return Rendered(message, **target)


def old_copy(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """An earlier copy of the agenda in the manager's DM, emptied: replaced, or no longer theirs."""
    payload = decode(AgendaOldCopy, delivery.payload)
    conversation = conversation_of(session, payload.conversation_id)
    if conversation is None or not payload.channel or not payload.ts:
        return Skip("nothing to update")
    employee = person_by_id(session, conversation.employee_id)
    if payload.reason is OldCopyReason.REPLACED:
        message = agenda_replaced(employee_user_id=employee.slack_user_id, employee_name=employee.display_name)
    else:
        message = agenda_moved(employee_user_id=employee.slack_user_id, employee_name=employee.display_name)
    return Rendered(message, channel_id=payload.channel, update_ts=payload.ts)


def brief(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's day-before brief; pointless once the meeting has happened or moved on."""
    payload = decode(MeetingReminder, delivery.payload)
    conversation = conversation_of(session, payload.conversation_id)
    if conversation is None or conversation.state is not ConversationState.PLANNED:
        return Skip("the conversation is no longer planned")
    if conversation.manager_id != delivery.recipient_id:
        return Skip("the employee has a different manager now")
    if payload.scheduled_at is not None and payload.scheduled_at != conversation.scheduled_at:
        return Skip("the meeting moved; its new time has its own brief")
    if now >= conversation.scheduled_at:
        return Skip("the meeting has already started")
    tz = person_by_id(session, conversation.manager_id).tz
    # What the employee chose to share from their mid-year reflection, told in this one brief.
    told = replace(brief_for(session, conversation), reflection=news_for_brief(session, conversation, now))
    message = manager_brief(told, reader_tz=tz, sent_on=to_local(now, tz).date(), now=now)
    return Rendered(message)


def agenda_shared(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    conversation = conversation_of(session, decode(ConversationRef, delivery.payload).conversation_id)
    if conversation is None or not shared_with_manager(conversation) or conversation.prep_shared_at is None:
        return Skip("the agenda was taken back before this was sent")
    employee, manager = people_of(session, conversation)
    key = f"{DeliveryKind.AGENDA.value}:{conversation.id}:{conversation.prep_revision}"
    arrives = arrival_of(session, team_id=conversation.team_id, key=key, now=now)
    return Rendered(
        agenda_shared_message(
            manager_user_id=manager.slack_user_id,
            shared_at=conversation.prep_shared_at,
            scheduled_at=conversation.scheduled_at,
            tz=employee.tz,
            manager_confirmed=employee.manager_confirmed,
            held=gets_it(
                mention(manager.slack_user_id), arrives, now=now, recipient_tz=manager.tz, reader_tz=employee.tz
            ),
        )
    )


def agenda_taken_back(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The employee's "your agenda is with …" message, edited: it is no longer shared."""
    payload = decode(AgendaTakenBack, delivery.payload)
    conversation = conversation_of(session, payload.conversation_id)
    if conversation is None or not payload.channel or not payload.ts:
        return Skip("nothing to update")
    message = agenda_no_longer_shared(
        taken_back_at=payload.taken_back_at,
        tz=person_by_id(session, conversation.employee_id).tz,
        manager_changed=payload.manager_changed,
    )
    return Rendered(message, channel_id=payload.channel, update_ts=payload.ts)


REGISTRY = Registry(
    kinds={DeliveryKind.AGENDA: agenda, DeliveryKind.MANAGER_BRIEF: brief},
    notices={
        Notice.AGENDA_SHARED: agenda_shared,
        Notice.AGENDA_TAKEN_BACK: agenda_taken_back,
        Notice.AGENDA_OLD_COPY: old_copy,
    },
    after_sent={DeliveryKind.AGENDA: agenda_sent},
    forget_message={DeliveryKind.AGENDA: agenda_gone},
)
