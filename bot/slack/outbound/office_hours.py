"""Office-hours messages from the outbox: the channel announcement and its redraws, the host's morning list,
and the booking and cancellation notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.office_hours import slot_start
from bot.domain.office_hours import host_of, session_is_on
from bot.domain.office_hours_booking import announcement_key, live_bookings, slots_left
from bot.domain.outbox_payloads import (
    BookingRef,
    Notice,
    OfficeHoursRefused,
    OfficeHoursSession,
    SessionEnded,
    decode,
)
from bot.domain.outbox_payloads.stored import Ref, stored_id
from bot.domain.people import person_by_id, valid_tz
from bot.models import Delivery, DeliveryKind, DeliveryState, OfficeHours, OfficeHoursBooking
from bot.slack.blocks import office_hours as blocks
from bot.slack.blocks.common import Message
from bot.slack.outbound.outcomes import Defer, Outcome, Registry, Rendered, Skip

# How soon a redraw looks again while the announcement it redraws is still being posted.
REDRAW_RETRY_SECONDS = 30


def _view(session: Session, hours: OfficeHours, session_at: datetime) -> blocks.Session:
    host = host_of(session, hours)
    return blocks.Session(
        office_hours_id=hours.id,
        host_user_id=host.slack_user_id,
        starts=session_at,
        length_minutes=hours.length_minutes,
        slots=hours.slots,
        topic=hours.topic,
        host_tz=valid_tz(host.tz),
    )


def _hours(session: Session, delivery: Delivery, office_hours_id: int) -> OfficeHours | None:
    hours = session.get(OfficeHours, office_hours_id)
    return hours if hours is not None and hours.team_id == delivery.team_id else None


def announcement(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The channel post at the lead time, or a redraw of it with the current count of slots left."""
    payload = decode(OfficeHoursSession, delivery.payload)
    hours = _hours(session, delivery, payload.office_hours_id)
    if hours is None:
        return Skip("the office hours no longer exist")
    on = session_is_on(session, hours, payload.session_at, now) and payload.session_at > now
    message = blocks.announcement(
        _view(session, hours, payload.session_at),
        slots_left=slots_left(session, hours, payload.session_at),
        open_for_booking=on,
    )
    if not payload.update:
        return Rendered(message, channel_id=hours.channel_id) if on else Skip("the session is no longer on")
    posted = session.scalar(
        select(Delivery).where(
            Delivery.idempotency_key == f"{delivery.team_id}:{announcement_key(hours.id, payload.session_at)}"
        )
    )
    if posted is None or posted.state in (DeliveryState.CANCELLED, DeliveryState.FAILED):
        return Skip("the announcement was never posted")
    if posted.state is not DeliveryState.SENT or posted.slack_ts is None or _older_redraw_in_flight(session, delivery):
        return Defer(REDRAW_RETRY_SECONDS, "the announcement is still being posted")
    return Rendered(message, channel_id=posted.slack_channel, update_ts=posted.slack_ts)


def _older_redraw_in_flight(session: Session, delivery: Delivery) -> bool:
    older = session.scalar(
        select(Delivery.id).where(
            Delivery.team_id == delivery.team_id,
            Delivery.kind == delivery.kind,
            Delivery.state == DeliveryState.CLAIMED,
            Delivery.id < delivery.id,
            stored_id(Ref.OFFICE_HOURS) == decode(OfficeHoursSession, delivery.payload).office_hours_id,
        )
    )
    return older is not None


def host_list(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The host's list of bookings the morning of the session (nothing when nobody booked)."""
    payload = decode(OfficeHoursSession, delivery.payload)
    hours = _hours(session, delivery, payload.office_hours_id)
    if hours is None or hours.host_id != delivery.recipient_id:
        return Skip("the office hours no longer exist or changed hands")
    if payload.session_at <= now or not session_is_on(session, hours, payload.session_at, now):
        return Skip("the session has started or is no longer on")
    bookings = live_bookings(session, hours_id=hours.id, session_at=payload.session_at)
    if not bookings:
        return Skip("nobody booked this session")
    from_view = _view(session, hours, payload.session_at)
    rows = [blocks.Booked(b.id, b.booker.slack_user_id, _slot_at(hours, b)) for b in bookings]
    return Rendered(blocks.host_list(from_view, rows))


def _slot_at(hours: OfficeHours, booking: OfficeHoursBooking) -> datetime:
    return slot_start(
        booking.session_at, length_minutes=hours.length_minutes, slots=hours.slots, index=booking.slot_index
    )


def _booking(session: Session, delivery: Delivery) -> tuple[OfficeHoursBooking, OfficeHours] | None:
    booking = session.get(OfficeHoursBooking, decode(BookingRef, delivery.payload).booking_id)
    hours = session.get(OfficeHours, booking.office_hours_id) if booking is not None else None
    if booking is None or hours is None or booking.team_id != delivery.team_id:
        return None
    return booking, hours


def confirmation(session: Session, booking: OfficeHoursBooking, *, with_cancel: bool) -> Message:
    """The booker's confirmation, the slot's time in their own zone; the DM copy has a Cancel button."""
    hours = session.get(OfficeHours, booking.office_hours_id)
    assert hours is not None
    booker = person_by_id(session, booking.booker_id)
    return blocks.booked(
        _view(session, hours, booking.session_at),
        slot_at=_slot_at(hours, booking),
        slot_minutes=hours.length_minutes // hours.slots,
        tz=valid_tz(booker.tz),
        booking_id=booking.id if with_cancel else None,
    )


def after_cancel(session: Session, booking: OfficeHoursBooking, *, actor_slack_id: str) -> Message:
    """What the clicked message becomes: the booker's note that it is cancelled, or the host's list redrawn."""
    hours = session.get(OfficeHours, booking.office_hours_id)
    assert hours is not None
    host, booker = host_of(session, hours), person_by_id(session, booking.booker_id)
    actor = booker if actor_slack_id == booker.slack_user_id else host
    other = host if actor is booker else booker
    note = blocks.you_cancelled(
        other_user_id=other.slack_user_id, slot_at=_slot_at(hours, booking), tz=valid_tz(actor.tz)
    )
    if actor is booker:
        return note
    rest = live_bookings(session, hours_id=hours.id, session_at=booking.session_at)
    rows = [blocks.Booked(b.id, b.booker.slack_user_id, _slot_at(hours, b)) for b in rest]
    return blocks.host_list(_view(session, hours, booking.session_at), rows, note=note.text)


def booked(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The booker's DM confirmation, with a Cancel button."""
    found = _booking(session, delivery)
    if found is None or found[0].cancelled_at is not None:
        return Skip("the booking was cancelled before this was sent")
    return Rendered(confirmation(session, found[0], with_cancel=True))


def cancelled(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The other side of a cancellation, told by DM: the host (by the booker) or the booker (by the host)."""
    found = _booking(session, delivery)
    if found is None:
        return Skip("the booking no longer exists")
    booking, hours = found
    reader = person_by_id(session, delivery.recipient_id or 0)
    at, tz = _slot_at(hours, booking), valid_tz(reader.tz)
    if reader.id == hours.host_id:
        booker = person_by_id(session, booking.booker_id)
        return Rendered(blocks.cancelled_by_booker(booker_user_id=booker.slack_user_id, slot_at=at, tz=tz))
    host = host_of(session, hours)
    return Rendered(blocks.cancelled_by_host(host_user_id=host.slack_user_id, slot_at=at, tz=tz))


def late_booking(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """A booking made after the host's list went out, told to the host on its own, with a Cancel button."""
    found = _booking(session, delivery)
    if found is None or found[0].cancelled_at is not None or found[0].session_at <= now:
        return Skip("the booking was cancelled or its session has started")
    booking, hours = found
    booker = person_by_id(session, booking.booker_id)
    row = blocks.Booked(booking.id, booker.slack_user_id, _slot_at(hours, booking))
    return Rendered(blocks.late_booking(_view(session, hours, booking.session_at), row))


def undeliverable(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The host's DM after their channel refused an announcement; pointless once they moved it elsewhere."""
    payload = decode(OfficeHoursRefused, delivery.payload)
    hours = _hours(session, delivery, payload.office_hours_id)
    if hours is None or hours.channel_id != payload.channel_id or hours.updated_at > delivery.created_at:
        return Skip("the office hours changed or no longer exist")
    return Rendered(blocks.undeliverable(channel_id=payload.channel_id, reason=payload.reason, paused=not hours.active))


def ended(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """A booked session that won't happen (its host deleted their data)."""
    payload = decode(SessionEnded, delivery.payload)
    reader = person_by_id(session, delivery.recipient_id or 0)
    return Rendered(blocks.session_ended(starts=payload.session_at, tz=valid_tz(reader.tz)))


REGISTRY = Registry(
    kinds={DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT: announcement, DeliveryKind.OFFICE_HOURS_LIST: host_list},
    notices={
        Notice.OFFICE_HOURS_BOOKED: booked,
        Notice.OFFICE_HOURS_CANCELLED_BY_BOOKER: cancelled,
        Notice.OFFICE_HOURS_CANCELLED_BY_HOST: cancelled,
        Notice.OFFICE_HOURS_LATE_BOOKING: late_booking,
        Notice.OFFICE_HOURS_UNDELIVERABLE: undeliverable,
        Notice.OFFICE_HOURS_ENDED: ended,
    },
)
