"""Putting a reminder off (snooze) and pausing every reminder while away."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import enqueue
from bot.domain.people import find_person
from bot.domain.schedule import hours_for
from bot.models import Delivery, DeliveryKind, DeliveryState, Person, PersonStatus, Workspace
from bot.scheduling.recurrence import to_local

SNOOZABLE = frozenset(
    {DeliveryKind.PREP_REMINDER, DeliveryKind.RECAP_NUDGE, DeliveryKind.CHECK_IN, DeliveryKind.DUE_REMINDER}
)
AWAY_RECHECK = timedelta(hours=6)  # how often a held reminder looks again while someone is away
HELD_AWAY = "held_away"  # payload mark on a delivery held back because its recipient was away
SNOOZE_CHOICES = ("hour", "tomorrow", "week")
MAX_PAUSE_DAYS = 120


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
    today = to_local(now, recipient.tz).date()
    if until == "hour":
        due = now + timedelta(hours=1)
    elif until == "tomorrow":
        due = hours.at(hours.next_working_day(today), hours.start_minute)
    else:
        monday = today + timedelta(days=7 - today.weekday())
        due = hours.next_open(hours.at(monday, hours.start_minute))
    base_key = original.idempotency_key.split(":", 1)[1].split(":snooze:")[0]
    return enqueue(
        session,
        team_id=team_id,
        kind=original.kind,
        key=f"{base_key}:snooze:{int(now.timestamp())}",
        due_at=due,
        now=now,
        recipient=recipient,
        payload={**original.payload, "snoozed": True},
    )


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
            if delivery.payload.get(HELD_AWAY):
                delivery.due_at = now
    return person
