"""How long a queued message stays worth sending: while Slack keeps failing it, the relay retries until
then (a prep reminder until its meeting starts, a digest until the next one), then gives up saying why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain.conversations import RECAP_WINDOW, ends_at
from bot.domain.outbox_payloads import DigestSlot, DueReminder, MeetingReminder
from bot.domain.outbox_payloads.stored import peek
from bot.models import Conversation, Delivery, DeliveryKind, DigestSubscription

# Notices, confirmations, agendas, requests, check-ins: still worth sending a day after Slack first failed.
AT_LEAST = timedelta(days=1)
# The last time zone to finish a day (UTC-12): a due-date reminder is useful until the due day ends there.
LAST_DAY_END = timedelta(days=1, hours=12)
MEETING_KINDS = frozenset({DeliveryKind.PREP_REMINDER, DeliveryKind.MANAGER_BRIEF})
DIGEST_KINDS = frozenset({DeliveryKind.TEAM_DIGEST, DeliveryKind.ORG_DIGEST})


@dataclass(frozen=True)
class Useful:
    """Until when a delivery is worth sending, and what ends it."""

    until: datetime
    ends: str


def useful_until(session: Session, delivery: Delivery, *, failing_since: datetime) -> Useful:
    """When the message `delivery` holds stops being useful; Slack has failed it since `failing_since`."""
    kind = delivery.kind
    if kind in MEETING_KINDS or kind is DeliveryKind.RECAP_NUDGE:
        reminder = peek(MeetingReminder, delivery)
        conversation = session.get(Conversation, reminder.conversation_id) if reminder is not None else None
        if conversation is not None and kind is DeliveryKind.RECAP_NUDGE:
            return Useful(ends_at(conversation) + RECAP_WINDOW, "the window for a recap closed")
        start = (reminder.scheduled_at if reminder is not None else None) or (
            conversation.scheduled_at if conversation is not None else None
        )
        if start is not None:
            return Useful(start, "the meeting started")
    if kind is DeliveryKind.DUE_REMINDER and (due := peek(DueReminder, delivery)) is not None:
        return Useful(datetime.combine(due.due, time.min, UTC) + LAST_DAY_END, "the due day ended")
    if kind in DIGEST_KINDS and (slot := peek(DigestSlot, delivery)) is not None:
        sub = session.get(DigestSubscription, slot.subscription_id)
        weeks = sub.interval_weeks if sub is not None else 1
        return Useful(slot.slot + timedelta(weeks=weeks), "the next digest was due")
    return Useful(failing_since + AT_LEAST, "a day went by")
