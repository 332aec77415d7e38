"""The manager's day-before brief: the shared agenda or a note, fresh questions and a short guide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.ask_views import AskLine, waiting_on
from bot.domain.conversation_types import ConversationType, type_of
from bot.domain.people import person_by_id
from bot.domain.prep import Agenda, shared_agenda
from bot.domain.question_bank import COACHING_GUIDE, Question, pick_from
from bot.domain.reflection_brief import ReflectionNews
from bot.domain.workspace_questions import brief_pool, stored_questions
from bot.models import Conversation


@dataclass(frozen=True)
class Brief:
    employee_user_id: str
    employee_name: str
    scheduled_at: datetime
    agenda: Agenda | None  # None: no prep shared with this manager
    questions: tuple[Question, ...]
    guide: tuple[str, str, str] = COACHING_GUIDE
    # This employee's asks still waiting on this manager (any conversation), oldest first.
    waiting: tuple[AskLine, ...] = ()
    kind: ConversationType = ConversationType.CAREER_GROWTH  # the pair's choice for this meeting
    # What changed since their mid-year reflection, if they shared it with this manager (told once).
    reflection: ReflectionNews | None = None


def brief_for(session: Session, conversation: Conversation) -> Brief:
    """Build the brief; the questions (the workspace's and/or the default bank's, for the meeting's type)
    are chosen once per meeting and differ from the pair's last brief."""
    kind = type_of(conversation.conversation_type)
    team_id = conversation.team_id
    questions = stored_questions(session, team_id=team_id, ids=conversation.brief_questions or ())
    if not questions:
        pool = brief_pool(session, team_id=team_id, kind=kind)
        questions = pick_from(pool, avoid=_previous_questions(session, conversation), seed=conversation.id)
        conversation.brief_questions = [q.id for q in questions]
    employee = person_by_id(session, conversation.employee_id)
    return Brief(
        employee_user_id=employee.slack_user_id,
        employee_name=employee.display_name,
        scheduled_at=conversation.scheduled_at,
        agenda=shared_agenda(session, conversation),
        questions=questions,
        kind=kind,
        waiting=tuple(
            waiting_on(session, team_id=conversation.team_id, asked_id=conversation.manager_id, employee_id=employee.id)
        ),
    )


def _previous_questions(session: Session, conversation: Conversation) -> frozenset[str]:
    previous = session.scalar(
        select(Conversation.brief_questions)
        .where(
            Conversation.series_id == conversation.series_id,
            Conversation.scheduled_at < conversation.scheduled_at,
            Conversation.brief_questions.is_not(None),
        )
        .order_by(Conversation.scheduled_at.desc())
        .limit(1)
    )
    return frozenset(previous or ())
