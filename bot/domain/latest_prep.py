"""A person's latest saved prep as an employee: what Home's suggestions and opportunity matches read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.prep_answers import PrepAnswers
from bot.models import Conversation, Person


def latest_prep(session: Session, *, person: Person) -> PrepAnswers:
    """The latest saved prep (the newest conversation on a tie); empty without one."""
    latest = session.scalar(
        select(Conversation.prep)
        .where(
            Conversation.team_id == person.team_id,
            Conversation.employee_id == person.id,
            Conversation.prep_saved_at.is_not(None),
        )
        .order_by(Conversation.prep_saved_at.desc(), Conversation.id.desc())
        .limit(1)
    )
    return PrepAnswers.from_json(latest) if latest else PrepAnswers()
