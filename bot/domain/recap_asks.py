"""The employee's asks still open with their manager, as the recap lists them, and the answers the recap
records: given in the meeting by the manager and written down by the employee; the manager's copy of the
recap shows them, so nothing is recorded in their name unseen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.asks import answer_not_now, answer_yes, open_asks
from bot.domain.people import person_by_id
from bot.domain.recap_input import AskAnswer, AskChoice
from bot.models import Ask, AskState, Conversation

# The recap's stored key listing the asks answered in it (the manager's copy shows them).
ASKS_ANSWERED = "asks_answered"


@dataclass(frozen=True)
class RecapAsk:
    """An open ask as the recap form shows it."""

    ask_id: int
    kind: str
    detail: str
    asked_on: date | None  # in the employee's zone


def open_asks_for_recap(session: Session, conversation: Conversation, *, tz: str) -> tuple[RecapAsk, ...]:
    """The employee's open asks to this conversation's manager, oldest first."""
    asks = open_asks(
        session, team_id=conversation.team_id, asked_id=conversation.manager_id, employee_id=conversation.employee_id
    )
    return tuple(
        RecapAsk(a.id, a.kind, a.detail, to_local(a.opened_at, tz).date() if a.opened_at else None) for a in asks
    )


def record_answers(
    session: Session, conversation: Conversation, answers: Sequence[AskAnswer], *, today: date, now: datetime
) -> list[int]:
    """The manager's answers given in the meeting, as the employee wrote them in the recap.

    Only this pair's asks still open are answered (one answered meanwhile, taken back, or not theirs is
    left alone); the answer is the manager's, so it goes through the same step as their own buttons and
    the employee is told it like any other. Carried-over asks stay open for the next brief. Returns the
    ids of the asks answered."""
    manager = person_by_id(session, conversation.manager_id)
    done: list[int] = []
    for answer in answers:
        if answer.choice is AskChoice.CARRY:
            continue
        ask = session.get(Ask, answer.ask_id)
        if ask is None or (ask.team_id, ask.employee_id, ask.asked_id, ask.state) != (
            conversation.team_id,
            conversation.employee_id,
            conversation.manager_id,
            AskState.OPEN,
        ):
            continue
        team_id, actor = conversation.team_id, manager.slack_user_id
        if answer.choice is AskChoice.YES:
            answer_yes(
                session,
                team_id=team_id,
                ask_id=ask.id,
                actor_slack_id=actor,
                next_step=answer.text,
                now=now,
                today=today,
            )
        else:
            answer_not_now(
                session, team_id=team_id, ask_id=ask.id, actor_slack_id=actor, reason=answer.text, now=now, today=today
            )
        done.append(ask.id)
    return done


def answered_in_recap(conversation: Conversation) -> list[int]:
    """The ids of the asks this conversation's recap recorded answers to."""
    stored = (conversation.recap or {}).get(ASKS_ANSWERED, [])
    return [i for i in stored if isinstance(i, int)] if isinstance(stored, list) else []


def recap_answers(session: Session, conversation: Conversation) -> tuple[Ask, ...]:
    """The asks the recap answered, as they stand now (this pair's only), in the order they were asked."""
    ids = answered_in_recap(conversation)
    if not ids:
        return ()
    return tuple(
        session.scalars(
            select(Ask)
            .where(
                Ask.id.in_(ids),
                Ask.team_id == conversation.team_id,
                Ask.employee_id == conversation.employee_id,
            )
            .order_by(Ask.opened_at, Ask.id)
        )
    )
