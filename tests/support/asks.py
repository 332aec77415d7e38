"""Asks in the database: a pair whose shared prep holds asks, and small lookups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.people import find_person
from bot.domain.prep import save_prep, set_sharing
from bot.domain.prep_answers import Ask as PrepAsk
from bot.domain.prep_answers import AskKind, PrepAnswers
from bot.models import Ask, Conversation, Person
from tests.support.pairs import planned_conversation
from tests.support.people import TEAM

TWO_ASKS = (PrepAsk(AskKind.MENTOR, "someone in product"), PrepAsk(AskKind.CERTIFICATION, "AWS architect"))


def share_asks(
    session: Session,
    now: datetime,
    conversation: Conversation | None = None,
    asks: tuple[PrepAsk, ...] = TWO_ASKS,
    *,
    share: bool = True,
) -> Conversation:
    """Ana's prep with `asks` saved and shared with Mira (a new pair unless `conversation` is given)."""
    if conversation is None:
        conversation = planned_conversation(session, now)
    answers = PrepAnswers(direction="Platform lead", asks=asks)
    save_prep(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UANA", answers=answers, now=now)
    set_sharing(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UANA", share=share, now=now)
    return conversation


def asks_of(session: Session, conversation: Conversation) -> list[Ask]:
    return list(
        session.scalars(select(Ask).where(Ask.conversation_id == conversation.id).order_by(Ask.position, Ask.id))
    )


def person(session: Session, slack_user_id: str, team_id: str = TEAM) -> Person:
    found = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    assert found is not None
    return found
