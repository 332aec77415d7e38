"""When a message the relay holds (for the recipient's working hours, or their time away) will
reach them: the rules of `bot.domain.availability.not_now`, run forward, so a confirmation can
say "Mira gets it at 09:00 her time" instead of "sent"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.manager_link import LinkGate, link_gate
from bot.domain.outbox_payloads.stored import is_immediate
from bot.domain.people import hours_for
from bot.domain.snooze import AWAY_RECHECK
from bot.models import Delivery, DeliveryState, Person, PersonStatus, Workspace

# What `arrival` answers for a message about an employee to the person they named as manager:
# it waits for that person to confirm, or it will never reach them (they said "Not me").
UNTIL_CONFIRMED: Final = datetime.max.replace(tzinfo=UTC)
NOT_SENT: Final = datetime.min.replace(tzinfo=UTC)


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
    if delivery is not None and delivery.state in (DeliveryState.PENDING, DeliveryState.CANCELLED):
        gate = link_gate(session, delivery)
        if gate is LinkGate.WAIT and delivery.state is DeliveryState.PENDING:
            return UNTIL_CONFIRMED
        if gate is LinkGate.NEVER:
            return NOT_SENT
    if delivery is None or delivery.state in (DeliveryState.CANCELLED, DeliveryState.FAILED):
        return now  # nothing is waiting: the confirmation reads as it always did
    if delivery.state is DeliveryState.SENT:
        return delivery.sent_at or now
    due = max(now, delivery.due_at)
    person = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
    workspace = session.get(Workspace, delivery.team_id)
    if is_immediate(delivery) or person is None or workspace is None:
        return due
    away = person.status is PersonStatus.PAUSED
    return arrives_at(hours_for(person, workspace), due, away=away, away_until=person.paused_until)


def arrival_of(session: Session, *, team_id: str, key: str, now: datetime) -> datetime | None:
    """`arrival` of the delivery queued under idempotency `key` (without the workspace prefix)."""
    delivery = session.scalar(select(Delivery).where(Delivery.idempotency_key == f"{team_id}:{key}"))
    return arrival(session, delivery, now)
