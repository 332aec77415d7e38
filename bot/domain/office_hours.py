"""Leadership office hours: who may host, setting a weekly session up, pausing it, and which sessions are on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.office_hours import SessionRule, sessions_after
from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import holiday_dates
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import Notice, SessionEnded
from bot.domain.people import Profile, person_by_id, upsert_person, valid_tz
from bot.domain.replan import mark
from bot.domain.workspaces import ensure_workspace
from bot.models import OfficeHours, OfficeHoursBooking, Person, PersonStatus, Workspace

# Field names shared with the set-up form; the edge maps them to block ids.
F_WEEKDAY = "weekday"
F_START = "start"
F_LENGTH = "length"
F_SLOTS = "slots"
F_CHANNEL = "channel"
F_LEAD = "lead"
F_TOPIC = "topic"

LENGTHS = (30, 45, 60, 90, 120)
LEADS = (60, 3 * 60, 24 * 60, 2 * 24 * 60, 7 * 24 * 60)  # minutes before a session its announcement goes
MAX_SLOTS = 8
MIN_SLOT_MINUTES = 10
TOPIC_MAX = 200


@dataclass(frozen=True)
class OfficeHoursInput:
    """What the set-up form holds: a weekly session in the host's own zone."""

    weekday: int | None
    start_minute: int | None
    length_minutes: int | None
    slots: int | None
    channel_id: str | None
    lead_minutes: int | None
    topic: str


def validate(form: OfficeHoursInput) -> dict[str, str]:
    """Field errors for a set-up form; empty when it can be saved."""
    errors: dict[str, str] = {}
    if form.weekday is None or not 0 <= form.weekday <= 6:
        errors[F_WEEKDAY] = "Pick the day of the week your office hours are on."
    if form.start_minute is None or not 0 <= form.start_minute < 24 * 60:
        errors[F_START] = "Pick a start time."
    if form.length_minutes not in LENGTHS:
        errors[F_LENGTH] = "Pick how long each session lasts."
    if form.slots is None or not 1 <= form.slots <= MAX_SLOTS:
        errors[F_SLOTS] = f"Offer between 1 and {MAX_SLOTS} slots per session."
    elif form.length_minutes in LENGTHS and (form.length_minutes or 0) // form.slots < MIN_SLOT_MINUTES:
        errors[F_SLOTS] = f"Each slot needs at least {MIN_SLOT_MINUTES} minutes; offer fewer slots."
    if not form.channel_id:
        errors[F_CHANNEL] = "Pick the channel where sessions are announced."
    if form.lead_minutes not in LEADS:
        errors[F_LEAD] = "Pick when the announcement goes out."
    if len(form.topic.strip()) > TOPIC_MAX:
        errors[F_TOPIC] = f"Keep this to {TOPIC_MAX} characters."
    return errors


def may_host(workspace: Workspace | None, slack_user_id: str) -> bool:
    """Anyone may hold office hours unless the workspace named who may (`office-hours-hosts`)."""
    allowed = workspace.office_hours_host_ids if workspace is not None else []
    return not allowed or slack_user_id in allowed


def check_may_host(session: Session, *, team_id: str, slack_user_id: str) -> None:
    if not may_host(session.get(Workspace, team_id), slack_user_id):
        raise NotAllowed("In this workspace, office hours are held by a set list of people, and you're not on it.")


def office_hours_of(session: Session, *, team_id: str, slack_user_id: str) -> OfficeHours | None:
    """The office hours this person hosts, if any."""
    return session.scalar(
        select(OfficeHours)
        .join(Person, Person.id == OfficeHours.host_id)
        .where(OfficeHours.team_id == team_id, Person.slack_user_id == slack_user_id)
    )


def save_office_hours(
    session: Session, *, team_id: str, host: Profile, form: OfficeHoursInput, now: datetime
) -> OfficeHours:
    """Create or change the host's office hours (turned on); the next planning pass announces anew."""
    check_may_host(session, team_id=team_id, slack_user_id=host.slack_user_id)
    errors = validate(form)
    if errors:
        raise InvalidInput(errors)
    ensure_workspace(session, team_id=team_id, now=now)
    person = upsert_person(session, team_id=team_id, profile=host, now=now)
    hours = office_hours_of(session, team_id=team_id, slack_user_id=host.slack_user_id)
    if hours is None:
        hours = OfficeHours(team_id=team_id, host_id=person.id, created_at=now)
        session.add(hours)
    _apply(hours, form)
    hours.updated_at = now
    mark(hours, now=now)
    session.flush()
    release_dropped(session, hours, now)
    return hours


def _apply(hours: OfficeHours, form: OfficeHoursInput) -> None:
    """Copy a validated form onto the row (validate() has refused any missing value)."""
    values = (form.weekday, form.start_minute, form.length_minutes, form.slots, form.lead_minutes)
    weekday, start, length, slots, lead = (int(v or 0) for v in values)
    hours.weekday, hours.start_minute, hours.length_minutes, hours.slots, hours.lead_minutes = (
        weekday,
        start,
        length,
        slots,
        lead,
    )
    hours.channel_id, hours.topic, hours.active = str(form.channel_id), form.topic.strip(), True


def set_active(session: Session, *, team_id: str, slack_user_id: str, active: bool, now: datetime) -> OfficeHours:
    """`office-hours off` pauses every session (none announced or bookable); `on` resumes them."""
    hours = office_hours_of(session, team_id=team_id, slack_user_id=slack_user_id)
    if hours is None:
        raise NotFound("You don't hold office hours yet. Run `/career-prep office-hours` to set them up.")
    if active:
        check_may_host(session, team_id=team_id, slack_user_id=slack_user_id)
    hours.active = active
    hours.updated_at = now
    mark(hours, now=now)
    if not active:
        release_dropped(session, hours, now)
    return hours


def release_dropped(session: Session, hours: OfficeHours, now: datetime) -> None:
    """Bookings in upcoming sessions that are no longer on (the office hours were paused, or moved to another
    day or time) are cancelled, and each booker is told the session won't take place."""
    booked = session.scalars(
        select(OfficeHoursBooking).where(
            OfficeHoursBooking.office_hours_id == hours.id,
            OfficeHoursBooking.live_slot.is_not(None),
            OfficeHoursBooking.session_at > now,
        )
    ).all()
    for booking in booked:
        if session_is_on(session, hours, booking.session_at, now):
            continue
        booking.cancelled_at, booking.cancelled_by_id = now, hours.host_id
        booking.live_slot = booking.live_booker_id = None
        booking.updated_at = now
        notice(
            session,
            recipient=person_by_id(session, booking.booker_id),
            template=Notice.OFFICE_HOURS_ENDED,
            payload=SessionEnded(booking.session_at),
            key=f"{booking.id}",
            now=now,
        )


def rule_of(hours: OfficeHours, host: Person) -> SessionRule:
    """The weekly rule, in the host's current zone (sessions follow the host, as 1:1s do)."""
    return SessionRule(weekday=hours.weekday, start_minute=hours.start_minute, tz=valid_tz(host.tz))


def skipped_days(host: Person, workspace: Workspace, now: datetime) -> Callable[[date], bool]:
    """Days without a session: the workspace's holidays, and the host's time away (an open-ended pause
    skips every session until they resume)."""
    holidays = holiday_dates(workspace.holidays)
    away = host.status is PersonStatus.PAUSED
    away_until = host.paused_until
    today = to_local(now, valid_tz(host.tz)).date()

    def skipped(day: date) -> bool:
        if day in holidays:
            return True
        return away and (away_until is None or today <= day <= away_until)

    return skipped


def session_is_on(session: Session, hours: OfficeHours, session_at: datetime, now: datetime) -> bool:
    """Whether a session (by its start) is still to be held: office hours on, the host here, the instant
    a real start of the current rule, and its day not skipped."""
    host = session.get(Person, hours.host_id)
    workspace = session.get(Workspace, hours.team_id)
    if host is None or workspace is None or not hours.active or host.status is PersonStatus.LEFT:
        return False
    rule = rule_of(hours, host)
    return rule.is_session(session_at) and not skipped_days(host, workspace, now)(rule.local_day(session_at))


def host_of(session: Session, hours: OfficeHours) -> Person:
    host = session.get(Person, hours.host_id)
    assert host is not None
    return host


def next_session(session: Session, hours: OfficeHours, now: datetime) -> datetime | None:
    """The next session to be held (holidays and time away skipped), or None if none is coming."""
    host, workspace = host_of(session, hours), session.get(Workspace, hours.team_id)
    if workspace is None or not hours.active:
        return None
    found = sessions_after(rule_of(hours, host), now, skipped=skipped_days(host, workspace, now))
    return found[0] if found else None


def form_for(session: Session, *, team_id: str, slack_user_id: str) -> OfficeHours | None:
    """What the set-up form opens with: the host's saved office hours (None: new); refused to non-hosts."""
    check_may_host(session, team_id=team_id, slack_user_id=slack_user_id)
    return office_hours_of(session, team_id=team_id, slack_user_id=slack_user_id)
