"""Whether a delivery may reach its recipient now: working hours in their zone, and time away;
and, by the same rules, when one that is held will arrive (what "sent" confirmations quote)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.schedule import hours_for
from bot.domain.snooze import AWAY_RECHECK, HELD_AWAY
from bot.models import Delivery, DeliveryState, Person, PersonStatus, Workspace
from bot.scheduling.recurrence import to_local
from bot.scheduling.working_hours import WorkingHours


def not_now(session: Session, delivery: Delivery, now: datetime) -> datetime | None:
    """None if the delivery may go now; else the instant to try again.

    Answers to a person's own action (`immediate` notices) go at once. Everything else waits for
    the recipient's working hours, and for the end of their time away (status paused).
    """
    if delivery.payload.get("immediate") or delivery.recipient_id is None:
        return None
    person = session.get(Person, delivery.recipient_id)
    workspace = session.get(Workspace, delivery.team_id)
    if person is None or workspace is None:
        return None
    hours = hours_for(person, workspace)
    if person.status is PersonStatus.PAUSED:
        today = to_local(now, person.tz).date()
        if person.paused_until is None or person.paused_until >= today:
            # Look again in a few hours rather than at the end of the pause, so resuming early
            # (or the pause ending) lets held reminders go promptly; `resume` finds them by the mark.
            if not delivery.payload.get(HELD_AWAY):
                delivery.payload = {**delivery.payload, HELD_AWAY: True}
            return now + AWAY_RECHECK
        person.status = PersonStatus.ACTIVE  # the time away is over
        person.paused_until = None
        person.updated_at = now
    opens = hours.next_open(now)
    return None if opens <= now else opens


def arrives_at(hours: WorkingHours, due: datetime, *, away: bool, away_until: date | None) -> datetime | None:
    """When a delivery due at `due` reaches someone, following `not_now`: while they are away it is
    looked at again every AWAY_RECHECK until their last day away has passed, then it waits for
    their working hours. None: away with no end date, so it waits until they come back."""
    instant = due
    if away:
        if away_until is None:
            return None
        while to_local(instant, hours.tz).date() <= away_until:
            instant += AWAY_RECHECK
    return hours.next_open(instant)


def arrival(session: Session, delivery: Delivery | None, now: datetime) -> datetime | None:
    """When this delivery reaches (or reached) its recipient: its send time once sent, else the
    moment the relay's rules will let it go. None: held while the recipient is away, with no end."""
    if delivery is None or delivery.state in (DeliveryState.CANCELLED, DeliveryState.FAILED):
        return now  # nothing is waiting: the confirmation reads as it always did
    if delivery.state is DeliveryState.SENT:
        return delivery.sent_at or now
    due = max(now, delivery.due_at)
    person = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
    workspace = session.get(Workspace, delivery.team_id)
    if delivery.payload.get("immediate") or person is None or workspace is None:
        return due
    away = person.status is PersonStatus.PAUSED
    return arrives_at(hours_for(person, workspace), due, away=away, away_until=person.paused_until)


def arrival_of(session: Session, *, team_id: str, key: str, now: datetime) -> datetime | None:
    """`arrival` of the delivery queued under idempotency `key` (without the workspace prefix)."""
    delivery = session.scalar(select(Delivery).where(Delivery.idempotency_key == f"{team_id}:{key}"))
    return arrival(session, delivery, now)
