"""Calendar invites for a 1:1 series: which change raises the iCalendar SEQUENCE, who gets an .ics and when.

Every change both calendars must pick up (set up, moved, new rhythm or length, cancelled) raises the
series' `ics_sequence` and queues one CALENDAR_INVITE per person, keyed by series, sequence and
recipient, so a retried request queues it once. The renderer skips an invite a newer sequence has
superseded before it went out. The manager gets invites only once they confirmed the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import CalendarInvite
from bot.domain.people import people_of, person_by_id
from bot.models import Delivery, DeliveryKind, DeliveryState, OneOnOneSeries, Person, PersonStatus

# Setup is often corrected right after it is saved: an invite waits this long, so a quick second change
# supersedes it (the renderer skips an older sequence) and each person gets one file, not two.
SETTLE = timedelta(minutes=10)


@dataclass(frozen=True)
class InviteShape:
    """What an invite shows of a series: a change to any of it is a change to the calendar event."""

    rrule: str
    anchor_local: str
    tz: str
    length_minutes: int
    active: bool


def shape_of(series: OneOnOneSeries) -> InviteShape | None:
    """The series as its last invite showed it; None for a series not stored yet (never invited)."""
    if series.id is None:
        return None
    return InviteShape(series.rrule, series.anchor_local, series.tz, series.length_minutes, series.active)


def confirmed_manager_id(employee: Person) -> int | None:
    """The manager the employee's 1:1s are with, once they confirmed (they see the invites)."""
    return employee.manager_id if employee.manager_confirmed else None


def _queue(
    session: Session,
    series: OneOnOneSeries,
    recipient: Person,
    *,
    cancel: bool,
    now: datetime,
    key: str = "",
    payload: CalendarInvite | None = None,
) -> None:
    if recipient.status is PersonStatus.LEFT:
        return
    enqueue(
        session,
        team_id=series.team_id,
        kind=DeliveryKind.CALENDAR_INVITE,
        key=key or f"calendar_invite:{series.id}:{series.ics_sequence}:{recipient.id}",
        due_at=now + SETTLE,
        now=now,
        recipient=recipient,
        payload=payload or CalendarInvite(series.id, series.ics_sequence, cancel=cancel),
    )


def _raise(series: OneOnOneSeries, now: datetime) -> None:
    series.ics_sequence += 1
    series.updated_at = now


def after_setup(
    session: Session,
    *,
    series: OneOnOneSeries,
    before: InviteShape | None,
    manager_before: int | None,
    now: datetime,
) -> None:
    """Setup saved: invite both people to a new or changed series; a confirmed manager who is no
    longer the one gets a cancel. Saving the same settings again sends nothing."""
    session.flush()
    employee, manager = people_of(session, series)
    shape = shape_of(series)
    if shape == before and manager_before == confirmed_manager_id(employee):
        return
    _raise(series, now)
    _queue(session, series, employee, cancel=not series.active, now=now)
    if confirmed_manager_id(employee) == manager.id:
        _queue(session, series, manager, cancel=not series.active, now=now)
    if manager_before is not None and manager_before != manager.id:
        _queue(session, series, person_by_id(session, manager_before), cancel=True, now=now)


def after_confirmation(session: Session, *, series: OneOnOneSeries, now: datetime) -> None:
    """The manager confirmed the link: they get the series as it stands, at a new sequence. A manager
    confirming again after a switch away and back may have a cancel pending at the current one, under
    the same key: the new sequence supersedes it rather than colliding with it. The employee's invite
    goes again only if theirs at the old sequence has not gone yet (the new one silences it)."""
    employee, manager = people_of(session, series)
    if not series.active or confirmed_manager_id(employee) != manager.id:
        return
    employee_has_it = _sent(session, series, employee)
    _raise(series, now)
    if not employee_has_it:
        _queue(session, series, employee, cancel=False, now=now)
    _queue(session, series, manager, cancel=False, now=now)


def _sent(session: Session, series: OneOnOneSeries, recipient: Person) -> bool:
    """Whether the recipient's invite at the series' current sequence has reached them."""
    key = f"{series.team_id}:calendar_invite:{series.id}:{series.ics_sequence}:{recipient.id}"
    state = session.scalar(select(Delivery.state).where(Delivery.idempotency_key == key))
    return state is DeliveryState.SENT


def after_move(session: Session, *, series: OneOnOneSeries, now: datetime) -> None:
    """One meeting moved (a meeting request accepted): both calendars get the moved occurrence."""
    if not series.active:
        return
    employee, manager = people_of(session, series)
    _raise(series, now)
    _queue(session, series, employee, cancel=False, now=now)
    if confirmed_manager_id(employee) == manager.id:
        _queue(session, series, manager, cancel=False, now=now)


def after_end(session: Session, *, series: OneOnOneSeries, manager_knew: bool, now: datetime) -> None:
    """The series ended (the manager declined or left, or deleted their data): cancel it in both
    calendars; the manager only if they had confirmed (and so had the invite)."""
    employee, manager = people_of(session, series)
    _raise(series, now)
    _queue(session, series, employee, cancel=True, now=now)
    if manager_knew:
        _queue(session, series, manager, cancel=True, now=now)


def after_left(session: Session, *, person: Person, now: datetime) -> None:
    """Someone left the workspace: the other side of each of their active series gets a cancel, once
    per departure (a repeated deactivation event sends nothing more)."""
    if person.status is not PersonStatus.LEFT:
        return
    series_list = session.scalars(
        select(OneOnOneSeries).where(
            OneOnOneSeries.team_id == person.team_id,
            OneOnOneSeries.active.is_(True),
            or_(OneOnOneSeries.employee_id == person.id, OneOnOneSeries.manager_id == person.id),
        )
    ).all()
    for series in series_list:
        employee, manager = people_of(session, series)
        other = manager if employee.id == person.id else employee
        if other.id == manager.id and confirmed_manager_id(employee) != manager.id:
            continue  # never confirmed, so never invited
        key = f"calendar_invite:{series.id}:left:{person.id}:{other.id}"
        if session.scalar(select(Delivery.id).where(Delivery.idempotency_key == f"{series.team_id}:{key}")):
            continue
        _raise(series, now)
        _queue(session, series, other, cancel=True, now=now, key=key)


def before_forget(session: Session, *, employee: Person, now: datetime) -> None:
    """The employee deletes their data, series included: their confirmed manager gets a cancel that
    carries the schedule itself, since the series row is gone by the time it is sent."""
    series = session.scalar(
        select(OneOnOneSeries).where(
            OneOnOneSeries.team_id == employee.team_id,
            OneOnOneSeries.employee_id == employee.id,
            OneOnOneSeries.active.is_(True),
        )
    )
    if series is None or confirmed_manager_id(employee) != series.manager_id:
        return
    _raise(series, now)
    snapshot = CalendarInvite(
        series.id,
        series.ics_sequence,
        cancel=True,
        rrule=series.rrule,
        anchor_local=series.anchor_local,
        tz=series.tz,
        length_minutes=series.length_minutes,
    )
    _queue(session, series, person_by_id(session, series.manager_id), cancel=True, now=now, payload=snapshot)
