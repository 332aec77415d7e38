"""Setup messages: the manager's confirmation request and the notices about it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.arrival import arrival
from bot.domain.outbox_payloads import ManagerConfirmation, ManagerConfirmed, ManagerDeclined, Notice, SeriesRef, decode
from bot.domain.people import people_of, person_by_id
from bot.models import Delivery, DeliveryKind, OneOnOneSeries, Person
from bot.slack.blocks import setup_messages
from bot.slack.blocks.common import gets_it, mention
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _series(session: Session, series_id: int) -> OneOnOneSeries | None:
    return session.get(OneOnOneSeries, series_id)


def manager_confirmation(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    series = _series(session, decode(ManagerConfirmation, delivery.payload).series_id)
    if series is None or not series.active or series.manager_id != delivery.recipient_id:
        return Skip("the employee changed their manager before this was sent")
    employee, manager = people_of(session, series)
    if employee.manager_confirmed:
        return Skip("already confirmed")
    return Rendered(
        setup_messages.manager_confirmation(
            series_id=series.id,
            manager_id=series.manager_id,
            employee_user_id=employee.slack_user_id,
            next_meeting_at=series.next_meeting_at,
            manager_tz=manager.tz,
            cadence=series.cadence,
            length_minutes=series.length_minutes,
        )
    )


def setup_saved(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    series = _series(session, decode(SeriesRef, delivery.payload).series_id)
    if series is None or not series.active:
        return Skip("the setup was changed again before this was sent")
    employee, manager = people_of(session, series)
    # The request to confirm queued by the same save, if one was (a new, unconfirmed manager).
    asked = session.scalar(
        select(Delivery)
        .where(
            Delivery.team_id == delivery.team_id,
            Delivery.kind == DeliveryKind.MANAGER_CONFIRMATION,
            Delivery.recipient_id == manager.id,
            Delivery.created_at >= delivery.created_at,
        )
        .order_by(Delivery.id.desc())
        .limit(1)
    )
    arrives = arrival(session, asked, now)
    return Rendered(
        setup_messages.setup_saved(
            manager_user_id=manager.slack_user_id,
            manager_confirmed=employee.manager_confirmed,
            next_meeting_at=series.next_meeting_at,
            tz=employee.tz,
            cadence=series.cadence,
            length_minutes=series.length_minutes,
            held=gets_it(
                mention(manager.slack_user_id), arrives, now=now, recipient_tz=manager.tz, reader_tz=employee.tz
            ),
        )
    )


def manager_confirmed(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    recipient = session.get(Person, delivery.recipient_id)
    manager_id = decode(ManagerConfirmed, delivery.payload).manager_id
    # Only the manager who confirmed is named, and only while they still are the manager.
    if recipient is None or recipient.manager_id != manager_id or not recipient.manager_confirmed:
        return Skip("the employee changed their manager before this was sent")
    manager = person_by_id(session, manager_id)
    return Rendered(setup_messages.manager_confirmed(manager_user_id=manager.slack_user_id))


def manager_declined(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    name = decode(ManagerDeclined, delivery.payload).manager_name
    if name is None:
        name = "The person you picked"
    return Rendered(setup_messages.manager_declined(manager_name=name))


REGISTRY = Registry(
    kinds={DeliveryKind.MANAGER_CONFIRMATION: manager_confirmation},
    notices={
        Notice.SETUP_SAVED: setup_saved,
        Notice.MANAGER_CONFIRMED: manager_confirmed,
        Notice.MANAGER_DECLINED: manager_declined,
    },
)
