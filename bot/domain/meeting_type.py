"""A pair's choice of conversation type for their next meeting (one meeting only: the one after goes
back to career growth, since the type lives on the conversation)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.conversation_types import ConversationType, stored_type, type_of
from bot.domain.conversations import active_series, series_for, upcoming_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ConversationRef, Notice
from bot.domain.outbox_payloads.stored import Ref, stored_id, stored_template
from bot.domain.people import find_person, person_by_id
from bot.models import Conversation, Delivery, DeliveryKind, Person, PersonStatus

F_TYPE = "type"
NOT_YOUR_REPORT = "Only the two people in a 1:1 can choose its type, and only once the manager has confirmed the link."


# Said to someone without 1:1s of their own, often a manager who meant a report's meeting.
NO_OWN_SERIES = (
    "You have no 1:1s of your own set up. For a report's next 1:1, name them: "
    "`/career-prep type stay-interview @name`. To set up your own, run `/career-prep settings`."
)


@dataclass(frozen=True)
class MeetingType:
    """The next meeting of a pair, its type, and who the other person is."""

    kind: ConversationType
    scheduled_at: datetime
    other_user_id: str
    other_name: str
    reader_tz: str
    changed: bool = False
    brief_sent: bool = False  # the manager's brief for it already went out with its questions


def next_meeting_type(
    session: Session, *, team_id: str, slack_user_id: str, report_user_id: str | None, now: datetime
) -> MeetingType:
    """The type of the pair's next meeting: the asker's own 1:1, or (for a manager) a report's."""
    asker, conversation = _next_of_pair(session, team_id, slack_user_id, report_user_id, now)
    return _view(session, asker, conversation)


def set_meeting_type(
    session: Session,
    *,
    team_id: str,
    slack_user_id: str,
    report_user_id: str | None,
    kind: ConversationType,
    now: datetime,
) -> MeetingType:
    """Choose the type of the pair's next meeting (before it starts). A brief already sent (its
    questions are chosen as it goes out) keeps what it asked, so the next brief still avoids those."""
    asker, conversation = _next_of_pair(session, team_id, slack_user_id, report_user_id, now)
    if now >= conversation.scheduled_at:
        raise InvalidInput({F_TYPE: "Your 1:1 has already started; choose the type of the next one after it."})
    changed = type_of(conversation.conversation_type) is not kind
    if changed:
        conversation.conversation_type = stored_type(kind)
        conversation.updated_at = now
        _tell_the_other(session, asker, conversation, now)
        session.flush()
    view = _view(session, asker, conversation)
    return replace(view, changed=changed)


def _tell_the_other(session: Session, asker: Person, conversation: Conversation, now: datetime) -> None:
    """The other person of the pair hears of it in their hours; a manager only once they confirmed."""
    employee = person_by_id(session, conversation.employee_id)
    if asker.id == employee.id and not (employee.manager_confirmed and employee.manager_id == conversation.manager_id):
        return
    other = employee if asker.id != employee.id else person_by_id(session, conversation.manager_id)
    notice(
        session,
        recipient=other,
        template=Notice.MEETING_TYPE_CHOSEN,
        payload=ConversationRef(conversation.id),
        key=f"{conversation.id}:{len(_type_notices(session, other.team_id, other.id, conversation.id))}",
        now=now,
    )


def newer_notice(session: Session, delivery: Delivery, conversation_id: int) -> bool:
    """A later change of the same meeting's type was queued for the same person: that one says it."""
    queued = _type_notices(session, delivery.team_id, delivery.recipient_id, conversation_id)
    return any(i > delivery.id for i in queued)


def _type_notices(session: Session, team_id: str, recipient_id: int | None, conversation_id: int) -> list[int]:
    """The ids of the type notices about this meeting queued for this person (a handful at most)."""
    query = select(Delivery.id).where(
        Delivery.team_id == team_id,
        Delivery.recipient_id == recipient_id,
        Delivery.kind == DeliveryKind.NOTICE,
        stored_template() == Notice.MEETING_TYPE_CHOSEN.value,
        stored_id(Ref.CONVERSATION) == conversation_id,
    )
    return list(session.scalars(query))


def _next_of_pair(
    session: Session, team_id: str, slack_user_id: str, report_user_id: str | None, now: datetime
) -> tuple[Person, Conversation]:
    if report_user_id is None or report_user_id == slack_user_id:
        try:
            person, series = active_series(session, team_id=team_id, slack_user_id=slack_user_id)
        except NotFound:
            raise NotFound(NO_OWN_SERIES) from None
        return person, upcoming_conversation(session, series=series, now=now)
    manager = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    report = find_person(session, team_id=team_id, slack_user_id=report_user_id)
    found = series_for(session, team_id=team_id, employee=report) if report is not None else None
    if manager is None or report is None or found is None or found.manager_id != manager.id:
        raise NotAllowed(NOT_YOUR_REPORT)
    if report.status is PersonStatus.LEFT:
        raise NotFound(f"{report.display_name} is no longer in this workspace.")
    if not report.manager_confirmed or report.manager_id != manager.id or not found.active:
        raise NotAllowed(NOT_YOUR_REPORT)
    return manager, upcoming_conversation(session, series=found, now=now)


def _view(session: Session, asker: Person, conversation: Conversation) -> MeetingType:
    employee = person_by_id(session, conversation.employee_id)
    other = person_by_id(session, conversation.manager_id) if asker.id == employee.id else employee
    return MeetingType(
        kind=type_of(conversation.conversation_type),
        scheduled_at=conversation.scheduled_at,
        other_user_id=other.slack_user_id,
        other_name=other.display_name,
        reader_tz=asker.tz,
        brief_sent=conversation.brief_questions is not None,
    )
