"""Booking office hours: first come, first served per slot, one slot per person per session; cancelling
from either side frees the slot and tells the other person. The channel only ever sees how many are left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.domain.errors import Conflict, NotAllowed, NotFound
from bot.domain.office_hours import host_of, session_is_on
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import BookingRef, Notice, OfficeHoursSession
from bot.domain.people import Profile, upsert_person
from bot.models import Delivery, DeliveryKind, DeliveryState, OfficeHours, OfficeHoursBooking, Person


def _session_key(hours_id: int, session_at: datetime) -> str:
    return f"{hours_id}:{int(session_at.timestamp())}"


def announcement_key(hours_id: int, session_at: datetime) -> str:
    """The one announcement of a session (the outbox posts it exactly once)."""
    return f"office_hours:{_session_key(hours_id, session_at)}"


def list_key(hours_id: int, session_at: datetime) -> str:
    """The host's list of a session's bookings, sent the morning of it."""
    return f"office_hours_list:{_session_key(hours_id, session_at)}"


def live_bookings(session: Session, *, hours_id: int, session_at: datetime) -> list[OfficeHoursBooking]:
    """A session's bookings that still hold a slot, in slot order, with their bookers loaded."""
    return list(
        session.scalars(
            select(OfficeHoursBooking)
            .options(selectinload(OfficeHoursBooking.booker))
            .where(
                OfficeHoursBooking.office_hours_id == hours_id,
                OfficeHoursBooking.session_at == session_at,
                OfficeHoursBooking.live_slot.is_not(None),
            )
            .order_by(OfficeHoursBooking.slot_index)
        )
    )


def slots_left(session: Session, hours: OfficeHours, session_at: datetime) -> int:
    taken = session.scalar(
        select(func.count()).where(
            OfficeHoursBooking.office_hours_id == hours.id,
            OfficeHoursBooking.session_at == session_at,
            OfficeHoursBooking.live_slot.is_not(None),
        )
    )
    return max(hours.slots - int(taken or 0), 0)


def _bookable(session: Session, *, team_id: str, hours_id: int, session_at: datetime, now: datetime) -> OfficeHours:
    hours = session.get(OfficeHours, hours_id)
    if hours is None or hours.team_id != team_id or not session_is_on(session, hours, session_at, now):
        raise NotFound("This session isn't on any more: the host paused or changed their office hours.")
    if session_at <= now:
        raise Conflict("This session has already started, so it can't be booked any more.")
    return hours


def book(
    session: Session, *, team_id: str, hours_id: int, session_at: datetime, booker: Profile, now: datetime
) -> OfficeHoursBooking:
    """The next free slot of the session for `booker`. Two people clicking at once never get the same slot:
    the loser of the insert race tries the next free one, and a full session says so."""
    hours = _bookable(session, team_id=team_id, hours_id=hours_id, session_at=session_at, now=now)
    person = upsert_person(session, team_id=team_id, profile=booker, now=now)
    if person.id == hours.host_id:
        raise NotAllowed("These are your own office hours, so there's nothing to book.")
    for _ in range(hours.slots + 1):
        live = live_bookings(session, hours_id=hours.id, session_at=session_at)
        if any(b.booker_id == person.id for b in live):
            raise Conflict("You already have a slot in this session. Your confirmation is in your DMs.")
        taken = {b.slot_index for b in live}
        free = next((i for i in range(hours.slots) if i not in taken), None)
        if free is None:
            raise Conflict("Sorry, this session is full. Every slot is taken; look out for the next one.")
        booking = OfficeHoursBooking(
            team_id=team_id,
            office_hours_id=hours.id,
            session_at=session_at,
            slot_index=free,
            booker_id=person.id,
            booked_at=now,
            live_slot=free,
            live_booker_id=person.id,
            created_at=now,
            updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(booking)
        except IntegrityError:
            continue  # someone took that slot (or this person booked) a moment ago: look again
        _booked(session, hours, booking, now)
        return booking
    raise Conflict("Sorry, this session just filled up.")


def _booked(session: Session, hours: OfficeHours, booking: OfficeHoursBooking, now: datetime) -> None:
    booker = session.get(Person, booking.booker_id)
    assert booker is not None
    ref = BookingRef(booking.id)
    notice(
        session,
        recipient=booker,
        template=Notice.OFFICE_HOURS_BOOKED,
        payload=ref,
        key=str(booking.id),
        now=now,
        immediate=True,
    )
    _redraw(session, hours, booking, "booked", now)
    listed = session.scalar(
        select(Delivery.state).where(
            Delivery.idempotency_key == f"{hours.team_id}:{list_key(hours.id, booking.session_at)}"
        )
    )
    if listed is DeliveryState.SENT:  # the host's list went out already: tell them of this one on its own
        host = host_of(session, hours)
        notice(
            session,
            recipient=host,
            template=Notice.OFFICE_HOURS_LATE_BOOKING,
            payload=ref,
            key=str(booking.id),
            now=now,
        )


def cancel(
    session: Session, *, team_id: str, booking_id: int, actor_slack_id: str, now: datetime
) -> OfficeHoursBooking:
    """Cancel a booking, by the person who booked it or by the host; the other one is told by DM. The row is
    locked first: when both cancel at the same moment, the second sees the first one's cancellation."""
    booking = session.get(OfficeHoursBooking, booking_id, with_for_update=True)
    hours = session.get(OfficeHours, booking.office_hours_id) if booking is not None else None
    if booking is None or hours is None or booking.team_id != team_id:
        raise NotFound("That booking no longer exists.")
    booker, host = session.get(Person, booking.booker_id), host_of(session, hours)
    assert booker is not None
    if actor_slack_id not in (booker.slack_user_id, host.slack_user_id):
        raise NotAllowed("Only the person who booked this slot, or the host, can cancel it.")
    if booking.cancelled_at is not None:
        raise Conflict("This booking was already cancelled.")
    if booking.session_at <= now:
        raise Conflict("This session has already started, so the booking stays as it is.")
    by_host = actor_slack_id == host.slack_user_id and actor_slack_id != booker.slack_user_id
    booking.cancelled_at, booking.cancelled_by_id = now, host.id if by_host else booker.id
    booking.live_slot = booking.live_booker_id = None
    booking.updated_at = now
    told, template = (
        (booker, Notice.OFFICE_HOURS_CANCELLED_BY_HOST)
        if by_host
        else (
            host,
            Notice.OFFICE_HOURS_CANCELLED_BY_BOOKER,
        )
    )
    notice(session, recipient=told, template=template, payload=BookingRef(booking.id), key=str(booking.id), now=now)
    _redraw(session, hours, booking, "cancelled", now)
    return booking


def _redraw(session: Session, hours: OfficeHours, booking: OfficeHoursBooking, change: str, now: datetime) -> None:
    """Queue a redraw of the session's announcement, so the slots-left count is current (counts only)."""
    enqueue(
        session,
        team_id=hours.team_id,
        kind=DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT,
        key=f"office_hours_update:{_session_key(hours.id, booking.session_at)}:{booking.id}:{change}",
        due_at=now,
        now=now,
        channel_id=hours.channel_id,
        payload=OfficeHoursSession(hours.id, booking.session_at, update=True),
    )


def redraw_after_removal(session: Session, booking: OfficeHoursBooking, now: datetime) -> None:
    """A booking is about to be deleted (its booker asked to be forgotten): its session's count is redrawn."""
    hours = session.get(OfficeHours, booking.office_hours_id)
    if hours is not None:
        _redraw(session, hours, booking, "removed", now)
