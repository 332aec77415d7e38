"""Open asks for the follow-up tests: an ask of Ana's to Mira, opened at a given moment, and reading it back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.people import find_person
from bot.models import Ask, AskState, Delivery, DeliveryKind, Person


def person(session: Session, team_id: str, slack_user_id: str) -> Person:
    found = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    assert found is not None, slack_user_id
    return found


def open_ask(
    session: Session,
    *,
    team_id: str,
    employee: str,
    asked: str,
    opened_at: datetime,
    kind: str = "mentor",
    detail: str = "Someone who has led a platform team",
    conversation_id: int | None = None,
    position: int = 0,
) -> Ask:
    """An OPEN ask from `employee` to `asked` (Slack user ids), as a shared prep leaves it."""
    ask = Ask(
        team_id=team_id,
        conversation_id=conversation_id,
        employee_id=person(session, team_id, employee).id,
        asked_id=person(session, team_id, asked).id,
        position=position,
        kind=kind,
        detail=detail,
        state=AskState.OPEN,
        opened_at=opened_at,
        created_at=opened_at,
        updated_at=opened_at,
    )
    session.add(ask)
    session.flush()
    return ask


def ask_by_id(sessions: SessionFactory, ask_id: int) -> Ask:
    with sessions.begin() as session:
        ask = session.get(Ask, ask_id)
        assert ask is not None
        session.expunge(ask)
        return ask


def nudges(session: Session) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.ASK_NUDGE).order_by(Delivery.id)))
