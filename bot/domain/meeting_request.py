"""Meeting requests: the employee proposes a slot for a career conversation, the manager accepts or
proposes another, and the agreed time becomes their next conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local, to_utc
from bot.domain.conversations import active_series, move_conversation, series_for, upcoming_conversation
from bot.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import Notice, RequestRef, encode
from bot.domain.people import valid_tz
from bot.models import DeliveryKind, MeetingRequest, OneOnOneSeries, Person, RequestState, Workspace
from bot.models.workspace import DEFAULT_WORKING_DAYS

REQUEST_MINUTES = 30
MESSAGE_MAX = 3000
MAX_MONTHS_AHEAD = 12
SUGGEST_AFTER_WORKING_DAYS = 3
SUGGEST_AT = time(10, 0)

# Field names shared with the request and counter forms; the edge maps them to block ids.
F_MESSAGE = "message"
F_DATE = "date"
F_TIME = "time"

ALREADY_ANSWERED = "This request was already answered or replaced by a newer one, so there is nothing left to do here."
NO_LONGER_CURRENT = "This request is no longer current: the 1:1 setup it belongs to has changed since it was sent."
OPEN_STATES = (RequestState.PENDING, RequestState.COUNTERED)


class SlotPassed(DomainError):
    """The time being accepted is already in the past."""


@dataclass(frozen=True)
class RequestDraft:
    """What the request form starts with: who it goes to, a draft message and a suggested slot."""

    manager_user_id: str
    manager_name: str
    tz: str
    message: str
    slot_local: datetime  # naive, in `tz`


def default_message(manager_name: str) -> str:
    """A short, warm first draft; the employee edits it before sending."""
    greeting = f"Hi {manager_name.strip()}," if manager_name.strip() else "Hi,"
    return (
        f"{greeting}\n\n"
        "Could we find 30 minutes for a career development conversation? I'd like to think out loud with "
        "you about how I can keep growing here and where I might head in the longer run, and hear how you "
        "see it. I'll send you my talking points before we meet.\n\n"
        "To be clear, this isn't about a performance review or about pay, just about what comes next. Thank you!"
    )


def missing_slot(*, meeting_date: date | None, meeting_time: time | None) -> dict[str, str]:
    """Field errors for a date or time left empty."""
    errors: dict[str, str] = {}
    if meeting_date is None:
        errors[F_DATE] = "Pick a date for the conversation."
    if meeting_time is None:
        errors[F_TIME] = "Pick a start time."
    return errors


def validate_slot(*, meeting_date: date | None, meeting_time: time | None, tz: str, now: datetime) -> dict[str, str]:
    """Field errors for a proposed date and time, read in `tz`."""
    errors = missing_slot(meeting_date=meeting_date, meeting_time=meeting_time)
    if meeting_date is not None and meeting_time is not None:
        starts = to_utc(datetime.combine(meeting_date, meeting_time), valid_tz(tz))
        if starts <= now:
            errors[F_DATE] = "That time has already passed. Pick one in the future."
        elif starts > now + relativedelta(months=MAX_MONTHS_AHEAD):
            errors[F_DATE] = "Pick a date within the next 12 months."
    return errors


def validate_message(message: str) -> dict[str, str]:
    """Field errors for the message to the manager."""
    text = message.strip()
    if not text:
        return {F_MESSAGE: "Write a few words to your manager, or keep the suggested draft."}
    if len(text) > MESSAGE_MAX:
        return {
            F_MESSAGE: f"Keep the message to {MESSAGE_MAX} characters (this one has {len(text)}). "
            "Longer talking points belong in your prep."
        }
    return {}


def validate_request(
    *, message: str, meeting_date: date | None, meeting_time: time | None, tz: str, now: datetime
) -> dict[str, str]:
    """Field errors for a request form; empty when it can be sent."""
    return validate_message(message) | validate_slot(
        meeting_date=meeting_date, meeting_time=meeting_time, tz=tz, now=now
    )


def suggested_slot(*, now: datetime, tz: str, working_days: frozenset[int]) -> datetime:
    """10:00 local on the third working day after today: soon, but with time to prepare."""
    # A hand-edited workspace could list no valid weekday; Monday to Friday then, not an endless loop.
    days = (working_days & frozenset(range(7))) or frozenset(range(5))
    day = to_local(now, tz).date()
    counted = 0
    while counted < SUGGEST_AFTER_WORKING_DAYS:
        day += timedelta(days=1)
        counted += day.weekday() in days
    return datetime.combine(day, SUGGEST_AT)


def request_draft(session: Session, *, team_id: str, employee_slack_id: str, now: datetime) -> RequestDraft:
    """The form's starting point; NotFound if not set up, ManagerGone if the manager left."""
    person, series = active_series(session, team_id=team_id, slack_user_id=employee_slack_id)
    workspace = session.get(Workspace, team_id)
    raw_days = workspace.working_days if workspace is not None else DEFAULT_WORKING_DAYS
    working_days = frozenset(int(d) for d in raw_days.split(",") if d.strip().isdigit())
    manager = series.manager
    return RequestDraft(
        manager_user_id=manager.slack_user_id,
        manager_name=manager.display_name,
        tz=valid_tz(person.tz),
        message=default_message(manager.display_name),
        slot_local=suggested_slot(now=now, tz=valid_tz(person.tz), working_days=working_days),
    )


def create_request(
    session: Session, *, team_id: str, employee_slack_id: str, message: str, proposed_local: datetime, now: datetime
) -> MeetingRequest:
    """Send a request to the manager; it replaces any earlier request still waiting for an answer."""
    employee, series = active_series(session, team_id=team_id, slack_user_id=employee_slack_id)
    errors = validate_request(
        message=message, meeting_date=proposed_local.date(), meeting_time=proposed_local.time(), tz=employee.tz, now=now
    )
    if errors:
        raise InvalidInput(errors)
    _withdraw_open_requests(session, team_id=team_id, employee=employee, now=now)
    request = MeetingRequest(
        team_id=team_id,
        employee_id=employee.id,
        manager_id=series.manager_id,
        message=message.strip(),
        proposed_at=to_utc(proposed_local, employee.tz),
        length_minutes=REQUEST_MINUTES,
        state=RequestState.PENDING,
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    enqueue(
        session,
        team_id=team_id,
        kind=DeliveryKind.MEETING_REQUEST,
        key=f"request:{request.id}",
        due_at=now,
        now=now,
        recipient=series.manager,
        payload=encode(RequestRef(request.id)),
    )
    notice(
        session,
        recipient=employee,
        template=Notice.REQUEST_SENT,
        payload=RequestRef(request.id),
        key=str(request.id),
        now=now,
        immediate=True,
    )
    return request


def _withdraw_open_requests(session: Session, *, team_id: str, employee: Person, now: datetime) -> None:
    earlier = session.scalars(
        select(MeetingRequest)
        .where(
            MeetingRequest.team_id == team_id,
            MeetingRequest.employee_id == employee.id,
            MeetingRequest.state.in_(OPEN_STATES),
        )
        .order_by(MeetingRequest.id)
        .with_for_update()
    ).all()
    for old in earlier:
        old.state = RequestState.WITHDRAWN
        old.updated_at = now
        # The manager's copy still shows buttons: turn it into a note that a newer request replaced it.
        _sync_manager_copy(session, old, now=now)


def _sync_manager_copy(session: Session, request: MeetingRequest, *, now: datetime) -> None:
    """Queue an in-place update of the manager's DM to match the request's state (if it was posted)."""
    notice(
        session,
        recipient=request.manager,
        template=Notice.REQUEST_MANAGER_COPY,
        payload=RequestRef(request.id),
        key=f"{request.id}:{request.state.value}",
        now=now,
        immediate=True,  # an edit of a message already there: nobody is pinged
    )


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
    series = series_for(session, team_id=request.team_id, employee=request.employee)
    if series is None or not series.active or series.manager_id != request.manager_id:
        raise NotFound(NO_LONGER_CURRENT)
    return series


def counter_target(session: Session, *, team_id: str, request_id: int, actor_slack_id: str) -> MeetingRequest:
    """The request the actor may propose another time for: only its manager, only while pending."""
    request = _load(session, team_id=team_id, request_id=request_id)
    if request.manager.slack_user_id != actor_slack_id:
        raise NotAllowed("Only the manager this request was sent to can propose another time.")
    if request.state is not RequestState.PENDING:
        raise NotFound(ALREADY_ANSWERED)
    return request


def counter_request(
    session: Session, *, team_id: str, request_id: int, actor_slack_id: str, counter_local: datetime, now: datetime
) -> MeetingRequest:
    """The manager proposes another time (naive, in the manager's zone); the employee is asked to accept."""
    request = counter_target(session, team_id=team_id, request_id=request_id, actor_slack_id=actor_slack_id)
    tz = valid_tz(request.manager.tz)
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
        recipient=request.employee,
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
    decider = request.manager if by_manager else request.employee
    if decider.slack_user_id != actor_slack_id:
        if not by_manager and request.manager.slack_user_id == actor_slack_id:
            raise NotAllowed(f"You proposed this time, so it's {request.employee.display_name}'s turn to accept it.")
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
    request.state = RequestState.ACCEPTED
    request.accepted_at = agreed
    request.answered_at = now
    request.updated_at = now
    other = request.employee if by_manager else request.manager
    template = Notice.REQUEST_ACCEPTED if by_manager else Notice.REQUEST_COUNTER_ACCEPTED
    notice(session, recipient=other, template=template, payload=RequestRef(request.id), key=str(request.id), now=now)
    if not by_manager:
        _sync_manager_copy(session, request, now=now)
    return request
