"""Forgetting a person's asks: the asks they made go; asks put to them keep nothing of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.domain.ask_sync import WAITING
from bot.models import Ask, AskState, Person


def asks_about(session: Session, person: Person) -> list[int]:
    """Every ask the person made or was asked (messages about them are cancelled or deleted too)."""
    return list(
        session.scalars(
            select(Ask.id).where(
                Ask.team_id == person.team_id, or_(Ask.employee_id == person.id, Ask.asked_id == person.id)
            )
        )
    )


def own_asks(session: Session, person: Person) -> list[int]:
    return list(session.scalars(select(Ask.id).where(Ask.team_id == person.team_id, Ask.employee_id == person.id)))


def asks_made(session: Session, person: Person) -> int:
    """How many asks the person made (not counting copies made by a redirect)."""
    rows = select(Ask.id).where(Ask.team_id == person.team_id, Ask.employee_id == person.id, Ask.parent_id.is_(None))
    return len(session.scalars(rows).all())


def forget_asks(session: Session, person: Person, *, now: datetime) -> None:
    """Delete the asks the person made (their redirect copies with them); in the asks put to them, their
    words and their name go (the row points at the scrubbed person), and those still waiting are closed,
    since nobody is left to answer them. A redirect to them that was never passed on goes entirely."""
    team_id = person.team_id
    mine = own_asks(session, person)
    session.execute(delete(Ask).where(Ask.parent_id.in_(mine)))
    session.execute(delete(Ask).where(Ask.id.in_(mine)))
    session.execute(
        delete(Ask).where(Ask.team_id == team_id, Ask.asked_id == person.id, Ask.state == AskState.PROPOSED)
    )
    for ask in session.scalars(select(Ask).where(Ask.team_id == team_id, Ask.asked_id == person.id)):
        if ask.state in WAITING:
            ask.state = AskState.WITHDRAWN
            ask.plan_after = None
        ask.answer_text = None
        ask.redirect_resource = None
        ask.redirected_to_id = None
        ask.answered_by_id = None
        ask.updated_at = now
    for ask in session.scalars(
        select(Ask).where(
            Ask.team_id == team_id, or_(Ask.redirected_to_id == person.id, Ask.answered_by_id == person.id)
        )
    ):
        ask.redirected_to_id = None if ask.redirected_to_id == person.id else ask.redirected_to_id
        ask.answered_by_id = None if ask.answered_by_id == person.id else ask.answered_by_id
        ask.updated_at = now
