"""Recap messages: the manager's thank-you recap (kept current in place) and the confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.arrival import arrival_of
from bot.domain.check_ins import check_in_at
from bot.domain.outbox_payloads import ConversationRef, ManagerCopy, Notice, decode
from bot.domain.people import people_of
from bot.domain.recap import conversation_items
from bot.domain.recap_asks import recap_answers
from bot.domain.sent_messages import recap_gone, recap_sent
from bot.models import AskState, CheckIn, Conversation, ConversationState, Delivery, DeliveryKind, Person
from bot.slack.blocks.common import gets_it, mention
from bot.slack.blocks.recap import AnswerLine, ItemLine, manager_recap
from bot.slack.blocks.recap import recap_saved as recap_saved_message
from bot.slack.outbound.outcomes import Defer, Outcome, Registry, Rendered, Skip
from bot.slack.outbound.synced import conversation_of, older_version_in_flight


def _lines(session: Session, conversation: Conversation) -> list[ItemLine]:
    return [ItemLine(i.text, i.owner.slack_user_id, i.due_date) for i in conversation_items(session, conversation)]


def _check_in_on(session: Session, conversation: Conversation, reader: Person) -> datetime | None:
    """When the reader's own check-in arrives, else the other person's: as the planner will send it."""
    check_ins = session.scalars(select(CheckIn).where(CheckIn.conversation_id == conversation.id)).all()
    own = [c for c in check_ins if c.owner_id == reader.id] or list(check_ins)
    return min((check_in_at(session, c) for c in own), default=None)


def recap(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's copy: posted once, then updated in place for each revision of the recap."""
    payload = decode(ManagerCopy, delivery.payload)
    conversation = conversation_of(session, payload.conversation_id)
    if conversation is None or conversation.state is not ConversationState.HELD:
        return Skip("the conversation has no recap")
    if conversation.recap_revision != payload.revision:
        return Skip("superseded by a newer version of the recap")
    if older_version_in_flight(session, delivery, payload.conversation_id):
        return Defer(30, "an older version of this recap is being sent")
    saved = conversation.recap or {}
    employee, manager = people_of(session, conversation)
    message = manager_recap(
        employee_user_id=employee.slack_user_id,
        employee_name=employee.display_name,
        manager_user_id=manager.slack_user_id,
        scheduled_at=conversation.scheduled_at,
        reader_tz=manager.tz,
        takeaways=str(saved.get("takeaways", "")),
        feedback=str(saved.get("feedback", "")),
        items=_lines(session, conversation),
        check_in_on=_check_in_on(session, conversation, manager),
        answers=[
            AnswerLine(a.kind, a.detail, a.state is AskState.YES, a.answer_text or "")
            for a in recap_answers(session, conversation)
            if a.state in (AskState.YES, AskState.NOT_NOW)
        ],
    )
    if conversation.recap_ts:
        return Rendered(message, channel_id=conversation.recap_channel, update_ts=conversation.recap_ts)
    return Rendered(message)


def recap_saved(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    conversation = conversation_of(session, decode(ConversationRef, delivery.payload).conversation_id)
    if conversation is None or conversation.state is not ConversationState.HELD:
        return Skip("the conversation has no recap")
    employee, manager = people_of(session, conversation)
    key = f"{DeliveryKind.RECAP.value}:{conversation.id}:{conversation.recap_revision}"
    arrives = arrival_of(session, team_id=conversation.team_id, key=key, now=now)
    return Rendered(
        recap_saved_message(
            manager_user_id=manager.slack_user_id,
            employee_user_id=employee.slack_user_id,
            items=_lines(session, conversation),
            tz=employee.tz,
            check_in_on=_check_in_on(session, conversation, employee),
            held=gets_it(
                mention(manager.slack_user_id), arrives, now=now, recipient_tz=manager.tz, reader_tz=employee.tz
            ),
        )
    )


REGISTRY = Registry(
    kinds={DeliveryKind.RECAP: recap},
    notices={Notice.RECAP_SAVED: recap_saved},
    after_sent={DeliveryKind.RECAP: recap_sent},
    forget_message={DeliveryKind.RECAP: recap_gone},
)
