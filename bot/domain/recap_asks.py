"""The employee's asks still open with their manager, as the recap lists them, and the answers the recap
records: given in the meeting by the manager, written down by the employee, who sees the recap's copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.models import Ask, AskState, Conversation


@dataclass(frozen=True)
class RecapAsk:
    """An open ask as the recap form shows it."""

    ask_id: int
    kind: str
    detail: str
    asked_on: date | None  # in the employee's zone


def open_asks_for_recap(session: Session, conversation: Conversation, *, tz: str) -> tuple[RecapAsk, ...]:
    """The employee's open asks to this conversation's manager, oldest first."""
    asks = session.scalars(
        select(Ask)
        .where(
            Ask.team_id == conversation.team_id,
            Ask.employee_id == conversation.employee_id,
            Ask.asked_id == conversation.manager_id,
            Ask.state == AskState.OPEN,
        )
        .order_by(Ask.opened_at, Ask.id)
    )
    return tuple(
        RecapAsk(a.id, a.kind, a.detail, to_local(a.opened_at, tz).date() if a.opened_at else None) for a in asks
    )
