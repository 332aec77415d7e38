"""Saying "I'm interested" in an opportunity (its owner is told, with only what the employee chose to
send) and bringing one to the next 1:1 as an ask."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.conversations import active_series, upcoming_conversation
from bot.domain.errors import Conflict, InvalidInput, NotAllowed
from bot.domain.latest_prep import latest_prep
from bot.domain.opportunities import closes_at, opportunity_of
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import InterestRef
from bot.domain.people import find_person, person_by_id
from bot.domain.prep import save_prep
from bot.domain.prep_answers import ASK_DETAIL_MAX, MAX_ASKS, Ask, AskKind, PrepAnswers
from bot.models import DeliveryKind, PersonStatus
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityKind, OpportunityState

F_MESSAGE = "message"
MESSAGE_MAX = 1000
CLOSED = "This opportunity has closed, so it no longer takes interest. `/career-prep opportunities` lists open ones."
ASK_KINDS = {
    OpportunityKind.STRETCH_PROJECT: AskKind.STRETCH,
    OpportunityKind.ROLE: AskKind.OTHER,
    OpportunityKind.SHADOWING: AskKind.SHADOWING,
    OpportunityKind.MENTORING_COHORT: AskKind.MENTOR,
}


def open_for_interest(session: Session, *, team_id: str, opportunity_id: int, now: datetime) -> Opportunity:
    """The opportunity, if it still takes interest (open, its closing day not over)."""
    row = opportunity_of(session, team_id=team_id, opportunity_id=opportunity_id)
    owner = person_by_id(session, row.owner_id)
    if row.state is not OpportunityState.OPEN or closes_at(row, owner) <= now or owner.status is PersonStatus.LEFT:
        raise Conflict(CLOSED)
    return row


@dataclass(frozen=True)
class InterestSent:
    interest: OpportunityInterest
    opportunity: Opportunity
    told_before: bool  # they had said so already: nothing new was sent


def express_interest(
    session: Session,
    *,
    team_id: str,
    slack_user_id: str,
    opportunity_id: int,
    message: str,
    send_skills: bool = False,
    now: datetime,
) -> InterestSent:
    """Record the interest and queue one DM to the owner (in their working hours) with the name, the message
    and, only if ticked, the skills the person wants to build (read from their prep here, not from the form).
    Saying it again changes nothing: the owner was told once."""
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise InvalidInput({F_MESSAGE: f"Please keep your message under {MESSAGE_MAX} characters."})
    row = open_for_interest(session, team_id=team_id, opportunity_id=opportunity_id, now=now)
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        raise NotAllowed("I don't know you yet. Open the opportunity again and I'll set you up.")
    skills = latest_prep(session, person=person).grow_skills if send_skills else ""
    if skills:
        message = f"{message}\n\nSkills I want to build: {skills}".strip()
    if person.id == row.owner_id:
        raise NotAllowed("This is your own opportunity, so there is nobody to tell.")
    earlier = _interest_of(session, row, person.id)
    if earlier is not None:
        return InterestSent(earlier, row, told_before=True)
    interest = OpportunityInterest(
        team_id=team_id, opportunity_id=row.id, person_id=person.id, message=message, created_at=now, updated_at=now
    )
    try:
        with session.begin_nested():  # a double click racing this one: only one of them is recorded
            session.add(interest)
    except IntegrityError:
        return InterestSent(_interest_of(session, row, person.id) or interest, row, told_before=True)
    enqueue(
        session,
        team_id=team_id,
        kind=DeliveryKind.OPPORTUNITY_INTEREST,
        key=f"opportunity_interest:{interest.id}",
        due_at=now,
        now=now,
        recipient=person_by_id(session, row.owner_id),
        payload=InterestRef(interest.id),
    )
    return InterestSent(interest, row, told_before=False)


def _interest_of(session: Session, row: Opportunity, person_id: int) -> OpportunityInterest | None:
    return session.scalar(
        select(OpportunityInterest).where(
            OpportunityInterest.opportunity_id == row.id, OpportunityInterest.person_id == person_id
        )
    )


def ask_for(row: Opportunity) -> Ask:
    """The ask an opportunity becomes in a prep: its kind, and its title and number as the detail."""
    return Ask(ASK_KINDS[row.kind], f"{row.title} (opportunity #{row.id})"[:ASK_DETAIL_MAX])


def bring_to_one_on_one(
    session: Session, *, team_id: str, slack_user_id: str, opportunity_id: int, now: datetime
) -> Opportunity:
    """Add the opportunity to the next prep as an ask (a draft: shared only when the employee shares it);
    the opportunity, for the reply."""
    row = open_for_interest(session, team_id=team_id, opportunity_id=opportunity_id, now=now)
    _, series = active_series(session, team_id=team_id, slack_user_id=slack_user_id)
    conversation = upcoming_conversation(session, series=series, now=now)
    answers = PrepAnswers.from_json(conversation.prep)
    ask = ask_for(row)
    if ask not in answers.asks:
        if len(answers.asks) >= MAX_ASKS:
            raise Conflict(
                f"Your next prep already has {MAX_ASKS} asks. Open it with `/career-prep prep`, make room, "
                "and try again."
            )
        answers = replace(answers, asks=(*answers.asks, ask))
    save_prep(
        session,
        team_id=team_id,
        conversation_id=conversation.id,
        slack_user_id=slack_user_id,
        answers=answers,
        now=now,
    )
    return row
