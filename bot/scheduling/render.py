"""Turn a queued delivery into the message to send now, or a reason it no longer makes sense."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Delivery, DeliveryKind, OneOnOneSeries, Person, PersonStatus
from bot.slack.blocks import setup_messages
from bot.slack.blocks.common import Message


@dataclass(frozen=True)
class Rendered:
    message: Message
    # A channel id for channel posts; None means the recipient's DM.
    channel_id: str | None = None


@dataclass(frozen=True)
class Skip:
    """The delivery should be cancelled, with this reason recorded."""

    reason: str


class NoRenderer(Exception):
    """A delivery kind or template the bot cannot render: a bug, recorded as a failure."""


Renderer = Callable[[Session, Delivery, datetime], Rendered | Skip]


def render(session: Session, delivery: Delivery, now: datetime) -> Rendered | Skip:
    """Dispatch on the delivery kind (and a notice's template)."""
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
    if recipient is not None and recipient.status is PersonStatus.LEFT:
        return Skip("recipient has left the workspace")
    if delivery.kind is DeliveryKind.NOTICE:
        template = str(delivery.payload.get("template", ""))
        renderer = NOTICE_RENDERERS.get(template)
        if renderer is None:
            raise NoRenderer(f"no template named {template!r}")
        return renderer(session, delivery, now)
    kind_renderer = KIND_RENDERERS.get(delivery.kind)
    if kind_renderer is None:
        raise NoRenderer(f"no renderer for {delivery.kind.value}")
    return kind_renderer(session, delivery, now)


def _series(session: Session, delivery: Delivery) -> OneOnOneSeries | None:
    series_id = delivery.payload.get("series_id")
    return session.get(OneOnOneSeries, series_id) if series_id is not None else None


def _manager_confirmation(session: Session, delivery: Delivery, now: datetime) -> Rendered | Skip:
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


def _setup_saved(session: Session, delivery: Delivery, now: datetime) -> Rendered | Skip:
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


def _manager_confirmed(session: Session, delivery: Delivery, now: datetime) -> Rendered | Skip:
    recipient = session.get(Person, delivery.recipient_id)
    manager_id = delivery.payload.get("manager_id")
    # Only the manager who confirmed is named, and only while they still are the manager.
    if recipient is None or recipient.manager_id != manager_id or not recipient.manager_confirmed:
        return Skip("the employee changed their manager before this was sent")
    assert recipient.manager is not None
    return Rendered(setup_messages.manager_confirmed(manager_user_id=recipient.manager.slack_user_id))


def _manager_declined(session: Session, delivery: Delivery, now: datetime) -> Rendered | Skip:
    name = str(delivery.payload.get("manager_name", "The person you picked"))
    return Rendered(setup_messages.manager_declined(manager_name=name))


NOTICE_RENDERERS: dict[str, Renderer] = {
    "setup_saved": _setup_saved,
    "manager_confirmed": _manager_confirmed,
    "manager_declined": _manager_declined,
}

KIND_RENDERERS: dict[DeliveryKind, Renderer] = {
    DeliveryKind.MANAGER_CONFIRMATION: _manager_confirmation,
}
