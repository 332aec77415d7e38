"""A person's office hours in their export, and what forgetting them removes: the office hours they hold
(with every booking in them) and their own bookings; messages still queued about either are cancelled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.markdown import Doc, inline
from bot.domain.office_hours_booking import redraw_after_removal
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import Notice, SessionEnded
from bot.domain.outbox_payloads.stored import Ref
from bot.models import OfficeHours, OfficeHoursBooking, Person

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hosted(session: Session, person: Person) -> list[OfficeHours]:
    return list(
        session.scalars(
            select(OfficeHours).where(OfficeHours.team_id == person.team_id, OfficeHours.host_id == person.id)
        )
    )


def _booked(session: Session, person: Person) -> list[OfficeHoursBooking]:
    """The person's own bookings, with the office hours and host of each."""
    return list(
        session.scalars(
            select(OfficeHoursBooking)
            .options(selectinload(OfficeHoursBooking.office_hours).selectinload(OfficeHours.host))
            .where(OfficeHoursBooking.team_id == person.team_id, OfficeHoursBooking.booker_id == person.id)
            .order_by(OfficeHoursBooking.session_at, OfficeHoursBooking.id)
        )
    )


def write_office_hours(doc: Doc) -> None:
    """The office hours the reader holds and the slots they booked (never who booked the reader's)."""
    session, person = doc.session, doc.reader
    doc.add("## Office hours", "")
    lines = []
    for hours in _hosted(session, person):
        clock = f"{hours.start_minute // 60:02d}:{hours.start_minute % 60:02d}"
        lines.append(
            f"- You hold office hours: {_DAYS[hours.weekday]}s at {clock} your time, {hours.length_minutes} minutes, "
            f"{hours.slots} slots, announced in {inline(hours.channel_id)}, {'on' if hours.active else 'paused'}"
            + (f"; bring questions about: {inline(hours.topic)}" if hours.topic else "")
        )
    for booking in _booked(session, person):
        state = f"cancelled {doc.when(booking.cancelled_at)}" if booking.cancelled_at else "booked"
        lines.append(
            f"- Office hours with {doc.name(booking.office_hours.host)} on {doc.when(booking.session_at)}, "
            f"slot {booking.slot_index + 1}: {state} (booked {doc.when(booking.booked_at)})"
        )
    doc.add(*(lines or ["None."]), "")


def office_hours_refs(session: Session, person: Person) -> dict[Ref, set[int]]:
    """Payload ids that make a queued message about this person's office hours or bookings."""
    hosted = {h.id for h in _hosted(session, person)}
    bookings = session.scalars(
        select(OfficeHoursBooking.id).where(
            OfficeHoursBooking.team_id == person.team_id,
            or_(OfficeHoursBooking.booker_id == person.id, OfficeHoursBooking.office_hours_id.in_(hosted)),
        )
    )
    return {Ref.OFFICE_HOURS: hosted, Ref.BOOKING: set(bookings)}


def delete_office_hours(session: Session, person: Person, now: datetime) -> None:
    """Their bookings (an upcoming one frees its slot, and its announcement is redrawn), then their office hours."""
    for booking in _booked(session, person):
        if booking.live_slot is not None and booking.session_at > now:
            redraw_after_removal(session, booking, now)
    session.execute(delete(OfficeHoursBooking).where(OfficeHoursBooking.booker_id == person.id))
    hosted = [h.id for h in _hosted(session, person)]
    _tell_bookers(session, hosted, now)
    session.execute(delete(OfficeHoursBooking).where(OfficeHoursBooking.office_hours_id.in_(hosted)))
    session.execute(delete(OfficeHours).where(OfficeHours.id.in_(hosted)))


def _tell_bookers(session: Session, hosted: list[int], now: datetime) -> None:
    """People booked into the host's upcoming sessions hear that those sessions won't happen (and no more)."""
    upcoming = session.scalars(
        select(OfficeHoursBooking)
        .options(selectinload(OfficeHoursBooking.booker))
        .where(
            OfficeHoursBooking.office_hours_id.in_(hosted),
            OfficeHoursBooking.live_slot.is_not(None),
            OfficeHoursBooking.session_at > now,
        )
    )
    for booking in upcoming:
        notice(
            session,
            recipient=booking.booker,
            template=Notice.OFFICE_HOURS_ENDED,
            payload=SessionEnded(booking.session_at),
            key=f"{booking.id}",
            now=now,
        )
