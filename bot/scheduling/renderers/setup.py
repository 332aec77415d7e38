"""Setup messages: the manager's confirmation request and the notices about it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryKind, OneOnOneSeries, Person
from bot.scheduling.outcomes import Outcome, Registry, Rendered, Skip
from bot.slack.blocks import setup_messages


def _series(session: Session, delivery: Delivery) -> OneOnOneSeries | None:
    series_id = delivery.payload.get("series_id")
    return session.get(OneOnOneSeries, series_id) if series_id is not None else None


def manager_confirmation(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    series = _series(session, delivery)
    if series is None or not series.active or series.manager_id != delivery.recipient_id:
        return Skip("the employee changed their manager before this was sent")
    if series.employee.manager_confirmed:
        return Skip("already confirmed")
    return Rendered(
        setup_messages.manager_confirmation(
            series_id=series.id,
            manager_id=series.manager_id,
            employee_user_id=series.employee.slack_user_id,
            next_meeting_at=series.next_meeting_at,
            manager_tz=series.manager.tz,
            cadence=series.cadence,
            length_minutes=series.length_minutes,
        )
    )


def setup_saved(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    series = _series(session, delivery)
    if series is None or not series.active:
        return Skip("the setup was changed again before this was sent")
    return Rendered(
        setup_messages.setup_saved(
            manager_user_id=series.manager.slack_user_id,
            manager_confirmed=series.employee.manager_confirmed,
            next_meeting_at=series.next_meeting_at,
            tz=series.employee.tz,
            cadence=series.cadence,
            length_minutes=series.length_minutes,
        )
    )


def manager_confirmed(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    recipient = session.get(Person, delivery.recipient_id)
    manager_id = delivery.payload.get("manager_id")
    # Only the manager who confirmed is named, and only while they still are the manager.
    if recipient is None or recipient.manager_id != manager_id or not recipient.manager_confirmed:
        return Skip("the employee changed their manager before this was sent")
    assert recipient.manager is not None
    return Rendered(setup_messages.manager_confirmed(manager_user_id=recipient.manager.slack_user_id))


def manager_declined(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    name = str(delivery.payload.get("manager_name", "The person you picked"))
    return Rendered(setup_messages.manager_declined(manager_name=name))


REGISTRY = Registry(
    kinds={DeliveryKind.MANAGER_CONFIRMATION: manager_confirmation},
    notices={
        "setup_saved": setup_saved,
        "manager_confirmed": manager_confirmed,
        "manager_declined": manager_declined,
    },
)
