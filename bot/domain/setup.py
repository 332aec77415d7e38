"""Setup: who your manager is and when your 1:1s happen; asks the manager to confirm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import rule_for, to_utc
from bot.domain import calendar_invites
from bot.domain.conversations import ends_at, move_conversation, plan_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.manager_link import cancel_for_link, mark_declined, release_held
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import ManagerConfirmation, ManagerConfirmed, ManagerDeclined, Notice, SeriesRef
from bot.domain.people import Profile, people_of, person_by_id, upsert_person, valid_tz
from bot.domain.prep_share import manager_changing
from bot.domain.replan import mark
from bot.domain.team import confirm_by_invitation
from bot.domain.workspaces import ensure_workspace
from bot.models import (
    Cadence,
    Conversation,
    ConversationState,
    DeliveryKind,
    OneOnOneSeries,
    Person,
)

MEETING_LENGTHS = (15, 30, 45, 60, 90)
MAX_MONTHS_AHEAD = 12

# Field names shared with the setup form; the edge maps them to block ids.
F_MANAGER = "manager"
F_DATE = "date"
F_TIME = "time"
F_CADENCE = "cadence"
F_LENGTH = "length"


@dataclass(frozen=True)
class SetupInput:
    """The setup form, parsed; profiles come from Slack at submit time."""

    employee: Profile
    manager: Profile | None
    meeting_date: date | None
    meeting_time: time | None
    cadence: Cadence
    length_minutes: int


@dataclass(frozen=True)
class SetupResult:
    series: OneOnOneSeries
    employee: Person
    manager: Person
    manager_changed: bool
    next_meeting_local: datetime


def validate_setup(form: SetupInput, *, now: datetime) -> dict[str, str]:
    """Field errors for a setup form; empty when it can be saved."""
    errors: dict[str, str] = {}
    manager = form.manager
    if manager is None:
        errors[F_MANAGER] = "Pick the person you have 1:1s with."
    elif manager.slack_user_id == form.employee.slack_user_id:
        errors[F_MANAGER] = "That's you. Pick the manager you have 1:1s with."
    elif manager.is_bot:
        errors[F_MANAGER] = f"{manager.display_name} is an app, not a person. Pick your manager."
    elif manager.deleted:
        errors[F_MANAGER] = f"{manager.display_name} is no longer in this workspace. Pick your current manager."
    if form.meeting_date is None:
        errors[F_DATE] = "Pick the date of your next 1:1."
    if form.meeting_time is None:
        errors[F_TIME] = "Pick the time your next 1:1 starts."
    if form.length_minutes not in MEETING_LENGTHS:
        errors[F_LENGTH] = "Pick one of the listed lengths."
    if form.meeting_date is not None and form.meeting_time is not None:
        starts = to_utc(datetime.combine(form.meeting_date, form.meeting_time), valid_tz(form.employee.tz))
        if starts <= now:
            errors[F_DATE] = "That time has already passed. Pick your next 1:1, in the future."
        elif starts > now + relativedelta(months=MAX_MONTHS_AHEAD):
            errors[F_DATE] = "Pick a date within the next 12 months."
    return errors


def save_setup(session: Session, *, team_id: str, form: SetupInput, submission_id: str, now: datetime) -> SetupResult:
    """Store the manager link and 1:1 rhythm; queue the manager's confirmation when the link is new
    (not when that manager invited the employee).

    `submission_id` identifies one submitted form, so a retried or double-clicked submit queues
    the employee's confirmation once.
    """
    errors = validate_setup(form, now=now)
    if errors:
        raise InvalidInput(errors)
    assert form.manager is not None
    assert form.meeting_date is not None
    assert form.meeting_time is not None
    ensure_workspace(session, team_id=team_id, now=now)
    employee = upsert_person(session, team_id=team_id, profile=form.employee, now=now)
    manager = upsert_person(session, team_id=team_id, profile=form.manager, now=now)
    manager_changed = employee.manager_id != manager.id
    manager_before = calendar_invites.confirmed_manager_id(employee)
    named_before = person_by_id(session, employee.manager_id) if employee.manager_id is not None else None
    if manager_changed and named_before is not None and not employee.manager_confirmed:
        # The person named before never confirmed: what waited for them is never sent.
        reason = "the employee picked another manager before this one confirmed"
        cancel_for_link(session, employee=employee, manager=named_before, reason=reason, now=now)
        mark_declined(session, employee=employee, manager=named_before, now=now)
    if manager_changed:
        employee.manager_id = manager.id
        employee.manager_confirmed = False
        employee.manager_confirmed_at = None
        # Named (again) after a "Not me": what is shared from now on waits for their answer; what
        # was cancelled by the earlier answer stays cancelled.
        mark_declined(session, employee=employee, manager=manager, now=None)
    if not employee.manager_confirmed and confirm_by_invitation(session, employee=employee, manager=manager, now=now):
        # The manager invited this person, so naming them needs no second confirmation.
        employee.manager_confirmed = True
        employee.manager_confirmed_at = now
        release_held(session, employee=employee, manager=manager, now=now)
        mark_declined(session, employee=employee, manager=manager, now=None)

    anchor = datetime.combine(form.meeting_date, form.meeting_time)
    series = _upsert_series(session, team_id=team_id, employee=employee, manager=manager, now=now)
    shape_before = calendar_invites.shape_of(series)
    series.cadence = form.cadence
    series.rrule = rule_for(form.cadence, anchor)
    series.anchor_local = anchor.isoformat(timespec="seconds")
    series.tz = employee.tz
    series.length_minutes = form.length_minutes
    series.next_meeting_at = to_utc(anchor, employee.tz)
    series.active = True
    series.updated_at = now
    mark(series, now=now)
    session.flush()
    _plan_next_conversation(session, series=series, now=now)
    calendar_invites.after_setup(session, series=series, before=shape_before, manager_before=manager_before, now=now)

    if manager_changed and not employee.manager_confirmed:
        enqueue(
            session,
            team_id=team_id,
            kind=DeliveryKind.MANAGER_CONFIRMATION,
            key=f"manager_confirmation:{employee.id}:{manager.id}:{submission_id}",
            due_at=now,
            now=now,
            recipient=manager,
            payload=ManagerConfirmation(series.id, employee.id),
        )
    notice(
        session,
        recipient=employee,
        template=Notice.SETUP_SAVED,
        payload=SeriesRef(series.id),
        immediate=True,
        key=submission_id,
        now=now,
    )
    return SetupResult(series, employee, manager, manager_changed, anchor)


def _upsert_series(
    session: Session, *, team_id: str, employee: Person, manager: Person, now: datetime
) -> OneOnOneSeries:
    series = session.scalar(
        select(OneOnOneSeries).where(OneOnOneSeries.team_id == team_id, OneOnOneSeries.employee_id == employee.id)
    )
    if series is None:
        series = OneOnOneSeries(team_id=team_id, employee_id=employee.id, created_at=now)
        session.add(series)
    series.manager_id = manager.id
    return series


def _plan_next_conversation(session: Session, *, series: OneOnOneSeries, now: datetime) -> Conversation:
    """Point the upcoming conversation at the series' next meeting, keeping any prep already saved."""
    candidates = session.scalars(
        select(Conversation)
        .where(
            Conversation.series_id == series.id,
            Conversation.state == ConversationState.PLANNED,
            Conversation.recap_submitted_at.is_(None),
            Conversation.scheduled_at >= now - timedelta(days=1),
        )
        .order_by(Conversation.scheduled_at.desc())
    )
    # Only a meeting that hasn't ended moves; one that just took place stays, ready for its recap.
    upcoming = next((c for c in candidates if ends_at(c) > now), None)
    if upcoming is None:
        return plan_conversation(session, series=series, at=series.next_meeting_at, now=now)
    if upcoming.manager_id != series.manager_id:
        manager_changing(session, upcoming, now=now)
    upcoming.employee_id = series.employee_id
    upcoming.manager_id = series.manager_id
    upcoming.length_minutes = series.length_minutes
    return move_conversation(session, conversation=upcoming, at=series.next_meeting_at, now=now, onto_rule=True)


STALE_REQUEST = "This request is no longer current: the setup it refers to has changed since."


def _series_for_manager_answer(
    session: Session, *, team_id: str, series_id: int, manager_id: int, actor_slack_id: str
) -> OneOnOneSeries:
    """The series a manager's answer is about, if the request is still current and theirs to answer."""
    series = session.get(OneOnOneSeries, series_id)
    if series is None or series.team_id != team_id:
        raise NotFound(STALE_REQUEST)
    addressee = session.get(Person, manager_id)
    if addressee is None or addressee.team_id != team_id or addressee.slack_user_id != actor_slack_id:
        raise NotAllowed("Only the person named as the manager can answer this request.")
    if not series.active or series.manager_id != manager_id or people_of(session, series)[0].manager_id != manager_id:
        raise NotFound(STALE_REQUEST)
    return series


def confirm_manager(
    session: Session, *, team_id: str, series_id: int, manager_id: int, actor_slack_id: str, now: datetime
) -> OneOnOneSeries:
    """The manager confirms the reporting line; the employee is told once."""
    series = _series_for_manager_answer(
        session, team_id=team_id, series_id=series_id, manager_id=manager_id, actor_slack_id=actor_slack_id
    )
    employee, manager = people_of(session, series)
    mark(series, now=now)  # the brief waits for this confirmation
    if not employee.manager_confirmed:
        employee.manager_confirmed = True
        employee.manager_confirmed_at = now
        employee.updated_at = now
        # What the employee sent while waiting (agenda, request, recap, items) reaches them now.
        release_held(session, employee=employee, manager=manager, now=now)
        mark_declined(session, employee=employee, manager=manager, now=None)
        notice(
            session,
            recipient=employee,
            template=Notice.MANAGER_CONFIRMED,
            payload=ManagerConfirmed(series.manager_id),
            # Told once per confirmation: the guard above stops repeats, the instant allows a
            # later re-confirmation (after a switch away and back) to be announced again.
            key=f"{series.id}:{series.manager_id}:{int(now.timestamp())}",
            now=now,
        )
        calendar_invites.after_confirmation(session, series=series, now=now)
    return series


def decline_manager(
    session: Session, *, team_id: str, series_id: int, manager_id: int, actor_slack_id: str, now: datetime
) -> OneOnOneSeries:
    """The named manager says "not me": unlink them and ask the employee to pick again."""
    series = _series_for_manager_answer(
        session, team_id=team_id, series_id=series_id, manager_id=manager_id, actor_slack_id=actor_slack_id
    )
    employee, manager = people_of(session, series)
    manager_name = manager.display_name
    manager_knew = employee.manager_confirmed
    if not employee.manager_confirmed:
        reason = "the named manager said they are not the employee's manager"
        cancel_for_link(session, employee=employee, manager=manager, reason=reason, now=now)
        mark_declined(session, employee=employee, manager=manager, now=now)
    employee.manager_id = None
    employee.manager_confirmed = False
    employee.manager_confirmed_at = None
    employee.updated_at = now
    series.active = False
    series.updated_at = now
    calendar_invites.after_end(session, series=series, manager_knew=manager_knew, now=now)
    notice(
        session,
        recipient=employee,
        template=Notice.MANAGER_DECLINED,
        payload=ManagerDeclined(manager_name),
        key=f"{series.id}:{series.manager_id}:{int(now.timestamp())}",
        now=now,
    )
    return series
