"""Prep messages: the manager's copy of the agenda, the day-before brief, the share notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.arrival import arrival_of
from bot.domain.brief import brief_for
from bot.domain.prep import build_agenda
from bot.models import ConversationState, Delivery, DeliveryKind
from bot.scheduling.outcomes import Defer, Outcome, Registry, Rendered, Skip
from bot.scheduling.recurrence import to_local
from bot.scheduling.renderers.synced import conversation_of, message_slot, older_version_in_flight
from bot.slack.blocks.agenda import agenda_message, agenda_withdrawn
from bot.slack.blocks.brief import manager_brief
from bot.slack.blocks.common import gets_it, mention
from bot.slack.blocks.prep_messages import agenda_shared as agenda_shared_message


def agenda(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's copy of the agenda: posted once, then updated in place for each revision."""
    conversation = conversation_of(session, delivery)
    if conversation is None:
        return Skip("the conversation no longer exists")
    if conversation.prep_revision != delivery.payload.get("revision"):
        return Skip("superseded by a newer version of the agenda")
    if conversation.manager_id != delivery.recipient_id:
        return Skip("the employee has a different manager now")
    if older_version_in_flight(session, delivery):
        return Defer(30, "an older version of this agenda is being sent")
    target = {"channel_id": conversation.agenda_channel, "update_ts": conversation.agenda_ts}
    if conversation.prep_shared_at is None:
        if conversation.agenda_ts is None:
            return Skip("the agenda is not shared")
        withdrawn = agenda_withdrawn(
            employee_user_id=conversation.employee.slack_user_id, employee_name=conversation.employee.display_name
        )
        return Rendered(withdrawn, **target)
    message = agenda_message(
        build_agenda(session, conversation),
        reader_tz=conversation.manager.tz,
        shared_at=conversation.prep_shared_at,
        updated_at=conversation.prep_saved_at,
    )
    return Rendered(message, **target) if conversation.agenda_ts else Rendered(message)


def brief(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's day-before brief; pointless once the meeting has happened or moved on."""
    conversation = conversation_of(session, delivery)
    if conversation is None or conversation.state is not ConversationState.PLANNED:
        return Skip("the conversation is no longer planned")
    if conversation.manager_id != delivery.recipient_id:
        return Skip("the employee has a different manager now")
    planned_for = delivery.payload.get("scheduled_at")
    if planned_for is not None and planned_for != conversation.scheduled_at.isoformat():
        return Skip("the meeting moved; its new time has its own brief")
    if now >= conversation.scheduled_at:
        return Skip("the meeting has already started")
    tz = conversation.manager.tz
    return Rendered(manager_brief(brief_for(session, conversation), reader_tz=tz, sent_on=to_local(now, tz).date()))


def agenda_shared(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    conversation = conversation_of(session, delivery)
    if conversation is None or conversation.prep_shared_at is None:
        return Skip("the agenda was taken back before this was sent")
    manager, employee = conversation.manager, conversation.employee
    key = f"{DeliveryKind.AGENDA.value}:{conversation.id}:{conversation.prep_revision}"
    arrives = arrival_of(session, team_id=conversation.team_id, key=key, now=now)
    return Rendered(
        agenda_shared_message(
            manager_user_id=manager.slack_user_id,
            shared_at=conversation.prep_shared_at,
            scheduled_at=conversation.scheduled_at,
            tz=employee.tz,
            held=gets_it(
                mention(manager.slack_user_id), arrives, now=now, recipient_tz=manager.tz, reader_tz=employee.tz
            ),
        )
    )


REMEMBER, FORGET = message_slot("agenda")

REGISTRY = Registry(
    kinds={DeliveryKind.AGENDA: agenda, DeliveryKind.MANAGER_BRIEF: brief},
    notices={"agenda_shared": agenda_shared},
    after_sent={DeliveryKind.AGENDA: REMEMBER},
    forget_message={DeliveryKind.AGENDA: FORGET},
)
