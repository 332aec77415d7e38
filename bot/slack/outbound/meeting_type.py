"""The notice that the other person of a pair made their next 1:1 a different kind of conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.conversation_types import type_of
from bot.domain.meeting_type import newer_notice
from bot.domain.outbox_payloads import ConversationRef, Notice, decode
from bot.domain.people import people_of
from bot.models import ConversationState, Delivery
from bot.slack.blocks.meeting_type import type_chosen
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip
from bot.slack.outbound.synced import conversation_of


def meeting_type_chosen(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    conversation_id = decode(ConversationRef, delivery.payload).conversation_id
    conversation = conversation_of(session, conversation_id)
    if conversation is None or conversation.state is not ConversationState.PLANNED or conversation.scheduled_at <= now:
        return Skip("the 1:1 has passed or no longer exists")
    employee, manager = people_of(session, conversation)
    if delivery.recipient_id not in (employee.id, manager.id):
        return Skip("the pair has changed")
    if newer_notice(session, delivery, conversation_id):
        return Skip("a later change of the type is on its way")
    reader, chooser = (employee, manager) if delivery.recipient_id == employee.id else (manager, employee)
    return Rendered(
        type_chosen(
            kind=type_of(conversation.conversation_type),
            chooser_user_id=chooser.slack_user_id,
            scheduled_at=conversation.scheduled_at,
            reader_tz=reader.tz,
            reader_is_employee=reader.id == employee.id,
        )
    )


REGISTRY = Registry(notices={Notice.MEETING_TYPE_CHOSEN: meeting_type_chosen})
