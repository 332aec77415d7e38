"""Answers to a meeting request: the manager accepts or proposes another time, the employee accepts that;
the agreed time becomes their next conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_utc
from bot.domain import calendar_invites
from bot.domain.conversations import move_conversation, series_for, upcoming_conversation
from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.domain.meeting_request import OPEN_STATES, sync_manager_copy, validate_slot
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import Notice, RequestRef
from bot.domain.people import people_of, person_by_id, valid_tz
from bot.models import MeetingRequest, OneOnOneSeries, Person, RequestState

ALREADY_ANSWERED = "This request was already answered or replaced by a newer one, so there is nothing left to do here."
NO_LONGER_CURRENT = "This request is no longer current: the 1:1 setup it belongs to has changed since it was sent."


class SlotPassed(DomainError):
    """The time being accepted is already in the past."""


def _load(session: Session, *, team_id: str, request_id: int) -> MeetingRequest:
    # Locked (on PostgreSQL) so that two answers, or an answer and a replacement, can't both win.
    request = session.scalar(
        select(MeetingRequest)
        .where(MeetingRequest.team_id == team_id, MeetingRequest.id == request_id)
        .with_for_update()
    )
    if request is None:
        raise NotFound(ALREADY_ANSWERED)
    return request


def _current_series(session: Session, request: MeetingRequest) -> OneOnOneSeries:
    """The series the request belongs to, if the employee still has 1:1s with that manager."""
    series = series_for(session, team_id=request.team_id, employee=person_by_id(session, request.employee_id))
    if series is None or not series.active or series.manager_id != request.manager_id:
        raise NotFound(NO_LONGER_CURRENT)
    return series


def counter_target(session: Session, *, team_id: str, request_id: int, actor_slack_id: str) -> MeetingRequest:
    """The request the actor may propose another time for: only its manager, only while pending."""
    request = _load(session, team_id=team_id, request_id=request_id)
    if person_by_id(session, request.manager_id).slack_user_id != actor_slack_id:
        raise NotAllowed("Only the manager this request was sent to can propose another time.")
    if request.state is not RequestState.PENDING:
        raise NotFound(ALREADY_ANSWERED)
    return request


def counter_request(
    session: Session, *, team_id: str, request_id: int, actor_slack_id: str, counter_local: datetime, now: datetime
) -> MeetingRequest:
    """The manager proposes another time (naive, in the manager's zone); the employee is asked to accept."""
    request = counter_target(session, team_id=team_id, request_id=request_id, actor_slack_id=actor_slack_id)
    employee, manager = people_of(session, request)
    tz = valid_tz(manager.tz)
    errors = validate_slot(meeting_date=counter_local.date(), meeting_time=counter_local.time(), tz=tz, now=now)
    if errors:
        raise InvalidInput(errors)
    _current_series(session, request)
    request.state = RequestState.COUNTERED
    request.counter_at = to_utc(counter_local, tz)
    request.answered_at = now
    request.updated_at = now
    notice(
        session,
        recipient=employee,
        template=Notice.REQUEST_COUNTERED,
        payload=RequestRef(request.id),
        key=str(request.id),
        now=now,
    )
    return request


def accept_request(
    session: Session, *, team_id: str, request_id: int, actor_slack_id: str, now: datetime
) -> MeetingRequest:
    """Accept the time on the table: the manager accepts a proposal, the employee a counter-proposal.

    The employee's upcoming conversation moves to the agreed time and keeps its prep.
    """
    request = _load(session, team_id=team_id, request_id=request_id)
    if request.state not in OPEN_STATES:
        raise NotFound(ALREADY_ANSWERED)
    by_manager = request.state is RequestState.PENDING
    employee, manager = people_of(session, request)
    decider = manager if by_manager else employee
    if decider.slack_user_id != actor_slack_id:
        if not by_manager and manager.slack_user_id == actor_slack_id:
            raise NotAllowed(f"You proposed this time, so it's {employee.display_name}'s turn to accept it.")
        raise NotAllowed("This request is waiting for someone else: only they can accept it.")
    agreed = request.proposed_at if by_manager else request.counter_at
    assert agreed is not None
    if agreed <= now:
        raise SlotPassed(
            "That time has already passed. Propose another one, or send a new request with `/career-prep request`."
        )
    series = _current_series(session, request)
    conversation = upcoming_conversation(session, series=series, now=now)
    conversation.length_minutes = request.length_minutes
    move_conversation(session, conversation=conversation, at=agreed, now=now)
    calendar_invites.after_move(session, series=series, now=now)
    request.state = RequestState.ACCEPTED
    request.accepted_at = agreed
    request.answered_at = now
    request.updated_at = now
    other = employee if by_manager else manager
    template = Notice.REQUEST_ACCEPTED if by_manager else Notice.REQUEST_COUNTER_ACCEPTED
    notice(session, recipient=other, template=template, payload=RequestRef(request.id), key=str(request.id), now=now)
    if not by_manager:
        sync_manager_copy(session, request, now=now)
    return request


def reader_and_other(session: Session, request: MeetingRequest, *, slack_user_id: str) -> tuple[Person, Person]:
    """The person who clicked (`slack_user_id`, either side of the request) and the other one."""
    employee, manager = people_of(session, request)
    return (manager, employee) if manager.slack_user_id == slack_user_id else (employee, manager)
