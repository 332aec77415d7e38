"""What forgetting a person touches: every row, gathered once so the summary shown first and the deletion agree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.forget_asks import asks_made, own_asks
from bot.domain.items import CLOSED
from bot.domain.prep_answers import PrepAnswers
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    ConversationState,
    MeetingRequest,
    OneOnOneSeries,
    Person,
)


@dataclass(frozen=True)
class ForgetSummary:
    """What forgetting someone would delete, and what it would do to other people's records."""

    conversations: int
    preps: int
    recaps: int
    items: int
    check_ins: int
    requests: int
    shared: int  # own conversations whose agenda or recap was sent to the manager
    reports: int  # people who would have to pick a manager again
    items_to_close: int  # open items the person owes someone they manage(d)
    kept_conversations: int  # conversations where the person was the manager
    asks: int = 0  # asks the person made (with their answers)


@dataclass(frozen=True)
class Scope:
    """Every row forgetting touches, gathered once so the summary and the deletion agree."""

    person: Person
    own: tuple[Conversation, ...]
    managed: tuple[Conversation, ...]
    own_items: tuple[int, ...]
    to_close: tuple[ActionItem, ...]
    check_ins: tuple[int, ...]
    requests: tuple[int, ...]  # meeting requests the person made
    reports: tuple[Person, ...]
    asks: tuple[int, ...] = ()  # asks the person made, and their redirected copies
    asks_made: int = 0  # the asks themselves, as the person counts them

    def summary(self) -> ForgetSummary:
        return ForgetSummary(
            conversations=len(self.own),
            preps=sum(1 for c in self.own if not PrepAnswers.from_json(c.prep).is_empty()),
            recaps=sum(1 for c in self.own if c.state is ConversationState.HELD),
            items=len(self.own_items),
            check_ins=len(self.check_ins),
            requests=len(self.requests),
            shared=sum(1 for c in self.own if c.prep_shared_at is not None or c.state is ConversationState.HELD),
            reports=len(self.reports),
            items_to_close=len(self.to_close),
            kept_conversations=len(self.managed),
            asks=self.asks_made,
        )


def forget_scope(session: Session, person: Person) -> Scope:
    """Everything forgetting `person` would delete, close, cancel or detach."""
    team_id = person.team_id
    conversations = session.scalars(
        select(Conversation)
        .where(
            Conversation.team_id == team_id,
            or_(Conversation.employee_id == person.id, Conversation.manager_id == person.id),
        )
        .order_by(Conversation.id)
    ).all()
    own = tuple(c for c in conversations if c.employee_id == person.id)
    own_ids = [c.id for c in own]
    own_items = session.scalars(select(ActionItem.id).where(ActionItem.conversation_id.in_(own_ids))).all()
    to_close = session.scalars(
        select(ActionItem)
        .options(selectinload(ActionItem.history))  # closing appends to it
        .where(
            ActionItem.team_id == team_id,
            ActionItem.owner_id == person.id,
            ActionItem.conversation_id.not_in(own_ids),
            ActionItem.status.not_in(CLOSED),
        )
        .order_by(ActionItem.id)
    ).all()
    check_ins = session.scalars(
        select(CheckIn.id).where(
            CheckIn.team_id == team_id, or_(CheckIn.owner_id == person.id, CheckIn.conversation_id.in_(own_ids))
        )
    ).all()
    requests = session.scalars(
        select(MeetingRequest.id).where(MeetingRequest.team_id == team_id, MeetingRequest.employee_id == person.id)
    ).all()
    return Scope(
        person=person,
        own=own,
        managed=tuple(c for c in conversations if c.employee_id != person.id),
        own_items=tuple(own_items),
        to_close=tuple(to_close),
        check_ins=tuple(check_ins),
        requests=tuple(requests),
        reports=_reports(session, person),
        asks=tuple(own_asks(session, person)),
        asks_made=asks_made(session, person),
    )


def _reports(session: Session, person: Person) -> tuple[Person, ...]:
    """People who name the person as their manager or have active 1:1s with them as the manager."""
    team_id = person.team_id
    managed_series = select(OneOnOneSeries.employee_id).where(
        OneOnOneSeries.team_id == team_id, OneOnOneSeries.manager_id == person.id, OneOnOneSeries.active.is_(True)
    )
    return tuple(
        session.scalars(
            select(Person)
            .where(
                Person.team_id == team_id,
                Person.id != person.id,
                or_(Person.manager_id == person.id, Person.id.in_(managed_series)),
            )
            .order_by(Person.id)
        ).all()
    )
