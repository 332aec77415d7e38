"""Meeting request messages: the manager's DM, its in-place updates, and the notices about answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.arrival import arrival_of
from bot.domain.manager_link import awaiting_confirmation
from bot.domain.outbox_payloads import Notice, RequestRef, decode
from bot.domain.people import people_of
from bot.domain.sent_messages import manager_request_sent
from bot.models import Delivery, DeliveryKind, MeetingRequest, Person, RequestState
from bot.slack.blocks import request as blocks
from bot.slack.blocks.common import Message, gets_it, mention
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _request(session: Session, delivery: Delivery) -> MeetingRequest | None:
    request = session.get(MeetingRequest, decode(RequestRef, delivery.payload).request_id)
    return request if request is not None and request.team_id == delivery.team_id else None


def manager_request(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The manager's DM with the buttons; pointless once the request is answered or replaced."""
    request = _request(session, delivery)
    if request is None or request.state is not RequestState.PENDING:
        return Skip("the request was answered or replaced before this was sent")
    if request.manager_id != delivery.recipient_id:
        return Skip("the request is addressed to someone else")
    employee, manager = people_of(session, request)
    return Rendered(
        blocks.manager_request(
            request_id=request.id,
            employee_user_id=employee.slack_user_id,
            employee_name=employee.display_name,
            message=request.message,
            proposed_at=request.proposed_at,
            length_minutes=request.length_minutes,
            manager_tz=manager.tz,
        )
    )


def _manager_copy_message(request: MeetingRequest, employee: Person, manager: Person) -> Message | None:
    employee_id, tz = employee.slack_user_id, manager.tz
    if request.state is RequestState.WITHDRAWN:
        return blocks.manager_replaced(employee_user_id=employee_id)
    if request.state is RequestState.ACCEPTED and request.accepted_at is not None:
        return blocks.request_agreed(
            other_user_id=employee_id, at=request.accepted_at, tz=tz, length_minutes=request.length_minutes
        )
    if request.state is RequestState.COUNTERED and request.counter_at is not None:
        return blocks.manager_countered(
            employee_user_id=employee_id, proposed_at=request.proposed_at, counter_at=request.counter_at, tz=tz
        )
    return None


def manager_copy(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """Bring the manager's posted DM in line with the request's state (replaced, or agreed)."""
    request = _request(session, delivery)
    if request is None or request.manager_channel is None or request.manager_ts is None:
        return Skip("the manager's copy was never posted")
    message = _manager_copy_message(request, *people_of(session, request))
    if message is None:
        return Skip("the request is still waiting for the manager")
    return Rendered(message, channel_id=request.manager_channel, update_ts=request.manager_ts)


def request_sent(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    request = _request(session, delivery)
    if request is None or request.state is RequestState.WITHDRAWN:
        return Skip("the request was replaced before this was sent")
    employee, manager = people_of(session, request)
    arrives = arrival_of(session, team_id=request.team_id, key=f"request:{request.id}", now=now)
    return Rendered(
        blocks.request_sent(
            manager_user_id=manager.slack_user_id,
            proposed_at=request.proposed_at,
            tz=employee.tz,
            length_minutes=request.length_minutes,
            manager_confirmed=not awaiting_confirmation(employee, request.manager_id),
            held=gets_it(
                mention(manager.slack_user_id), arrives, now=now, recipient_tz=manager.tz, reader_tz=employee.tz
            ),
        )
    )


def request_accepted(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    request = _request(session, delivery)
    if request is None or request.state is not RequestState.ACCEPTED or request.accepted_at is None:
        return Skip("the request is no longer accepted")
    employee, manager = people_of(session, request)
    return Rendered(
        blocks.request_accepted(manager_user_id=manager.slack_user_id, at=request.accepted_at, tz=employee.tz)
    )


def request_countered(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    request = _request(session, delivery)
    if request is None or request.state is not RequestState.COUNTERED or request.counter_at is None:
        return Skip("the proposal was answered or replaced before this was sent")
    employee, manager = people_of(session, request)
    return Rendered(
        blocks.request_countered(
            request_id=request.id,
            manager_user_id=manager.slack_user_id,
            proposed_at=request.proposed_at,
            counter_at=request.counter_at,
            tz=employee.tz,
        )
    )


def request_counter_accepted(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    request = _request(session, delivery)
    if request is None or request.state is not RequestState.ACCEPTED or request.accepted_at is None:
        return Skip("the request is no longer accepted")
    employee, manager = people_of(session, request)
    return Rendered(
        blocks.counter_accepted(employee_user_id=employee.slack_user_id, at=request.accepted_at, tz=manager.tz)
    )


REGISTRY = Registry(
    kinds={DeliveryKind.MEETING_REQUEST: manager_request},
    notices={
        Notice.REQUEST_SENT: request_sent,
        Notice.REQUEST_ACCEPTED: request_accepted,
        Notice.REQUEST_COUNTERED: request_countered,
        Notice.REQUEST_COUNTER_ACCEPTED: request_counter_accepted,
        Notice.REQUEST_MANAGER_COPY: manager_copy,
    },
    after_sent={DeliveryKind.MEETING_REQUEST: manager_request_sent},
)
