"""Asking for a meeting: the employee proposes a slot for a career conversation and a message, checked
field by field; a new request replaces one still waiting. The answers are in meeting_request_answers."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_utc
from bot.domain.conversations import active_series
from bot.domain.errors import InvalidInput
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import Notice, RequestRef
from bot.domain.people import person_by_id, valid_tz
from bot.models import DeliveryKind, MeetingRequest, Person, RequestState

REQUEST_MINUTES = 30
MESSAGE_MAX = 3000
MAX_MONTHS_AHEAD = 12

# Field names shared with the request and counter forms; the edge maps them to block ids.
F_MESSAGE = "message"
F_DATE = "date"
F_TIME = "time"

OPEN_STATES = (RequestState.PENDING, RequestState.COUNTERED)


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
        recipient=person_by_id(session, series.manager_id),
        payload=RequestRef(request.id),
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
        sync_manager_copy(session, old, now=now)


def sync_manager_copy(session: Session, request: MeetingRequest, *, now: datetime) -> None:
    """Queue an in-place update of the manager's DM to match the request's state (if it was posted)."""
    notice(
        session,
        recipient=person_by_id(session, request.manager_id),
        template=Notice.REQUEST_MANAGER_COPY,
        payload=RequestRef(request.id),
        key=f"{request.id}:{request.state.value}",
        now=now,
        immediate=True,  # an edit of a message already there: nobody is pinged
    )
