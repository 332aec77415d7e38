"""Scheduled nudges, each re-checked when due: a moved meeting, a finished prep or a closed item
makes the nudge pointless, and it is cancelled with that reason instead of sent."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.ask_nudges import waiting_on
from bot.domain.check_in_completion import settle_check_in
from bot.domain.conversations import LAST_CALL, RECAP_WINDOW, ends_at
from bot.domain.item_views import checkin_board
from bot.domain.outbox_payloads import CheckInRef, DueReminder, MeetingReminder, decode
from bot.domain.people import people_of, person_by_id
from bot.domain.prep import carried_items
from bot.domain.prep_answers import PrepAnswers
from bot.domain.prep_share import shared_with_manager
from bot.domain.sent_messages import check_in_sent
from bot.domain.snooze import offered_snoozes
from bot.models import ActionItem, CheckIn, Conversation, ConversationState, Delivery, DeliveryKind, ItemStatus, Person
from bot.slack.blocks import reminders
from bot.slack.blocks.ask_follow import waiting_on_section
from bot.slack.blocks.common import Message, mention, section
from bot.slack.blocks.items import checkin_surface, items_message
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _meeting(session: Session, payload: MeetingReminder) -> Conversation | Skip:
    conversation = session.get(Conversation, payload.conversation_id)
    if conversation is None:
        return Skip("the conversation no longer exists")
    if conversation.scheduled_at != payload.scheduled_at:
        return Skip("the meeting moved; its new time has its own reminders")
    if conversation.state is not ConversationState.PLANNED or conversation.recap_submitted_at is not None:
        return Skip("the meeting already has a recap or was skipped")
    return conversation


def prep_reminder(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    conversation = _meeting(session, decode(MeetingReminder, delivery.payload))
    if isinstance(conversation, Skip):
        return conversation
    if now >= conversation.scheduled_at:
        # Held back (the workspace was blocked, the bot was down) until after the meeting.
        return Skip("the meeting has already taken place")
    if now >= conversation.scheduled_at - LAST_CALL:
        return Skip("too close to the meeting for a prep reminder")
    answers = PrepAnswers.from_json(conversation.prep)
    employee, manager = people_of(session, conversation)
    return Rendered(
        reminders.prep_reminder(
            delivery_id=delivery.id,
            manager_user_id=manager.slack_user_id,
            scheduled_at=conversation.scheduled_at,
            tz=employee.tz,
            prepped=not answers.is_empty(),
            shared=shared_with_manager(conversation),
            open_items=[item.text for item in carried_items(session, conversation)],
            snoozes=offered_snoozes(session, delivery, now),
        )
    )


def recap_nudge(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    payload = decode(MeetingReminder, delivery.payload)
    conversation = _meeting(session, payload)
    if isinstance(conversation, Skip):
        return conversation
    if now - ends_at(conversation) > RECAP_WINDOW:
        return Skip("too long after the meeting for a recap nudge")
    employee, manager = people_of(session, conversation)
    return Rendered(
        reminders.recap_nudge(
            delivery_id=delivery.id,
            manager_user_id=manager.slack_user_id,
            scheduled_at=conversation.scheduled_at,
            tz=employee.tz,
            follow_up=bool(payload.follow_up),
            snoozes=offered_snoozes(session, delivery, now),
        )
    )


def due_reminder(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    payload = decode(DueReminder, delivery.payload)
    item = session.get(ActionItem, payload.item_id)
    if item is None or item.status in (ItemStatus.DONE, ItemStatus.DROPPED):
        return Skip("the item is closed")
    due = payload.due
    if item.due_date != due:
        return Skip("the due date changed; the new date has its own reminder")
    today = to_local(now, person_by_id(session, item.owner_id).tz).date()
    if today > due:
        return Skip("the due day has passed")
    return Rendered(
        reminders.due_reminder(
            delivery_id=delivery.id,
            item_id=item.id,
            text=item.text,
            due=due,
            today=today,
            counterpart_user_id=person_by_id(session, item.counterpart_id).slack_user_id,
            snoozes=offered_snoozes(session, delivery, now),
        )
    )


def check_in(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """Weeks after the recap: the owner's still-open items from that conversation, with controls."""
    record = session.get(CheckIn, decode(CheckInRef, delivery.payload).check_in_id)
    owner = session.get(Person, record.owner_id) if record is not None else None
    conversation = session.get(Conversation, record.conversation_id) if record is not None else None
    if record is None or owner is None or conversation is None:
        return Skip("the check-in no longer exists")
    if record.completed_at is not None:  # settle_check_in found everything closed
        return Skip("everything from that conversation is already closed")
    board = checkin_board(
        session, team_id=record.team_id, conversation_id=record.conversation_id, slack_user_id=owner.slack_user_id
    )
    other = person_by_id(
        session, conversation.manager_id if owner.id == conversation.employee_id else conversation.employee_id
    )
    when = to_local(conversation.scheduled_at, owner.tz)
    listing = items_message(
        board,
        viewer_slack_id=owner.slack_user_id,
        tz=board.tz,
        today=board.today(now),
        surface=checkin_surface(record.conversation_id),
        title=f"Checking in on what you agreed on {when:%a} {when.day} {when:%b}",
    )
    intro = section(
        f"A few weeks ago you and {mention(other.slack_user_id)} agreed on these. How are they going? "
        "One click each keeps you both in the picture."
    )
    snooze = ActionsBlock(elements=reminders.snooze_menu(delivery.id))
    asks = _asks_waiting(session, record, conversation, now)
    blocks = [listing.blocks[0], intro, *listing.blocks[1:], *asks, snooze]
    return Rendered(Message(text=listing.text, blocks=blocks))


def _asks_waiting(session: Session, record: CheckIn, conversation: Conversation, now: datetime) -> list[Block]:
    """For the manager: the employee's asks still waiting on their answer (counts and kinds, no detail)."""
    if record.owner_id != conversation.manager_id:
        return []
    waiting = waiting_on(
        session, team_id=record.team_id, asked_id=record.owner_id, employee_id=conversation.employee_id, now=now
    )
    if waiting is None:
        return []
    employee = person_by_id(session, conversation.employee_id)
    return [
        waiting_on_section(
            employee_user_id=employee.slack_user_id,
            count=waiting.count,
            oldest_days=waiting.oldest_days,
            kinds=waiting.kinds,
        )
    ]


REGISTRY = Registry(
    kinds={
        DeliveryKind.PREP_REMINDER: prep_reminder,
        DeliveryKind.RECAP_NUDGE: recap_nudge,
        DeliveryKind.DUE_REMINDER: due_reminder,
        DeliveryKind.CHECK_IN: check_in,
    },
    before_render={DeliveryKind.CHECK_IN: settle_check_in},
    after_sent={DeliveryKind.CHECK_IN: check_in_sent},
)
