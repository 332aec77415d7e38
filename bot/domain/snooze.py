"""Putting a reminder off (snooze) and pausing every reminder while away."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.conversations import LAST_CALL, RECAP_WINDOW, ends_at
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import snoozed_copy
from bot.domain.outbox_payloads import DueReminder, MeetingReminder, decode
from bot.domain.outbox_payloads.stored import is_held_away
from bot.domain.people import find_person, hours_for
from bot.domain.replan import replan_person
from bot.models import Conversation, Delivery, DeliveryKind, DeliveryState, Person, PersonStatus, Workspace

SNOOZABLE = frozenset(
    {
        DeliveryKind.PREP_REMINDER,
        DeliveryKind.RECAP_NUDGE,
        DeliveryKind.CHECK_IN,
        DeliveryKind.DUE_REMINDER,
        DeliveryKind.ASK_NUDGE,
    }
)
AWAY_RECHECK = timedelta(hours=6)  # how often a held reminder looks again while someone is away
SNOOZE_CHOICES = ("hour", "tomorrow", "week")
MAX_PAUSE_DAYS = 120
TOO_LATE = "That would bring it back too late to be of use. Pick an earlier option, or let it go."


def snooze(
    session: Session, *, team_id: str, delivery_id: int, slack_user_id: str, until: str, now: datetime
) -> Delivery:
    """Send this reminder again later; the copy is re-checked then (a past meeting cancels it)."""
    original = session.get(Delivery, delivery_id)
    if original is None or original.team_id != team_id or original.kind not in SNOOZABLE:
        raise NotFound("That reminder can't be snoozed any more.")
    recipient = session.get(Person, original.recipient_id) if original.recipient_id else None
    if recipient is None or recipient.slack_user_id != slack_user_id:
        raise NotAllowed("Only the person a reminder is for can snooze it.")
    if until not in SNOOZE_CHOICES:
        raise InvalidInput({"until": "Pick one of the snooze options."})
    workspace = session.get(Workspace, team_id)
    assert workspace is not None
    hours = hours_for(recipient, workspace)
    if until not in snooze_choices(hours=hours, now=now, deadline=snooze_deadline(session, original, hours)):
        raise InvalidInput({"until": TOO_LATE})
    due = snooze_until(until, hours=hours, now=now)
    base_key = original.idempotency_key.split(":", 1)[1].split(":snooze:")[0]
    return snoozed_copy(
        session, original, key=f"{base_key}:snooze:{int(now.timestamp())}", due_at=due, now=now, recipient=recipient
    )


def recipient_tz(session: Session, delivery: Delivery) -> str:
    """The zone the reminder's recipient reads its times in (UTC for a channel post)."""
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
    return recipient.tz if recipient is not None else "UTC"


def snooze_until(choice: str, *, hours: WorkingHours, now: datetime) -> datetime:
    """When a reminder snoozed with `choice` at `now` is due again (the relay then holds it to
    working hours, see `lands_at`)."""
    today = to_local(now, hours.tz).date()
    if choice == "hour":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        return hours.at(hours.next_working_day(today), hours.start_minute)
    monday = today + timedelta(days=7 - today.weekday())
    return hours.next_open(hours.at(monday, hours.start_minute))


def snooze_choices(*, hours: WorkingHours, now: datetime, deadline: datetime | None) -> tuple[str, ...]:
    """The snoozes worth offering: those whose copy reaches the person (in their working hours)
    before `deadline`, after which the reminder would be cancelled as pointless."""
    return tuple(
        choice
        for choice in SNOOZE_CHOICES
        if deadline is None or hours.next_open(snooze_until(choice, hours=hours, now=now)) < deadline
    )


def offered_snoozes(session: Session, delivery: Delivery, now: datetime) -> tuple[str, ...]:
    """What the reminder's snooze menu offers when it is sent at `now`."""
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
    workspace = session.get(Workspace, delivery.team_id)
    if recipient is None or workspace is None:
        return SNOOZE_CHOICES
    hours = hours_for(recipient, workspace)
    return snooze_choices(hours=hours, now=now, deadline=snooze_deadline(session, delivery, hours))


def snooze_deadline(session: Session, delivery: Delivery, hours: WorkingHours) -> datetime | None:
    """The last moment a copy of this reminder still makes sense, mirroring its renderer's checks:
    a prep reminder before the meeting's last call, a recap nudge within the recap window, a due
    reminder on its due day. None: no limit (a check-in)."""
    if delivery.kind is DeliveryKind.DUE_REMINDER:
        return hours.at(decode(DueReminder, delivery.payload).due + timedelta(days=1), 0)
    if delivery.kind not in (DeliveryKind.PREP_REMINDER, DeliveryKind.RECAP_NUDGE):
        return None
    conversation = session.get(Conversation, decode(MeetingReminder, delivery.payload).conversation_id)
    if conversation is None:
        return None
    if delivery.kind is DeliveryKind.PREP_REMINDER:
        return conversation.scheduled_at - LAST_CALL
    return ends_at(conversation) + RECAP_WINDOW


def pause(session: Session, *, team_id: str, slack_user_id: str, until: date | None, now: datetime) -> Person:
    """Hold every reminder for this person until the day after `until` (or until they resume)."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        raise NotFound("You haven't set up your 1:1s yet, so there is nothing to pause.")
    today = to_local(now, person.tz).date()
    if until is not None and until < today:
        raise InvalidInput({"until": "That date has passed. Pick a day from today on."})
    if until is not None and until > today + timedelta(days=MAX_PAUSE_DAYS):
        raise InvalidInput({"until": f"Pick a day within the next {MAX_PAUSE_DAYS} days."})
    person.status = PersonStatus.PAUSED
    person.paused_until = until
    person.updated_at = now
    replan_person(session, team_id=team_id, person_id=person.id, now=now)
    return person


def resume(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> Person:
    """Reminders flow again; what was held is re-checked and sent if it still makes sense."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        raise NotFound("You haven't set up your 1:1s yet.")
    if person.status is PersonStatus.PAUSED:
        person.status = PersonStatus.ACTIVE
        person.paused_until = None
        person.updated_at = now
        replan_person(session, team_id=team_id, person_id=person.id, now=now)
        # What was held during the time away was only ever pushed a few hours at a time: bring
        # it back to now, so it goes (or is found stale and cancelled) at the next tick.
        pending = session.scalars(
            select(Delivery).where(
                Delivery.team_id == person.team_id,
                Delivery.recipient_id == person.id,
                Delivery.state == DeliveryState.PENDING,
                Delivery.due_at <= now + AWAY_RECHECK,
            )
        )
        for delivery in pending:
            if is_held_away(delivery):
                delivery.due_at = now
    return person
