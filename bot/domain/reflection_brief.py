"""What the manager's next brief says about a mid-year reflection: only what the employee chose to
share with this manager (the lines they answered and their note), and in one brief only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.models import Conversation, Reflection


@dataclass(frozen=True)
class ReflectionNews:
    lines: tuple[tuple[str, str], ...]  # (their words from six months ago, still_true | changed | done)
    note: str | None


def news_for_brief(session: Session, conversation: Conversation, now: datetime) -> ReflectionNews | None:
    """The reflection this employee shared with this conversation's manager and the manager has not
    been told about yet (or was told about in this very brief, rendered again); marks it told."""
    reflection = session.scalar(
        select(Reflection)
        .where(
            Reflection.team_id == conversation.team_id,
            Reflection.employee_id == conversation.employee_id,
            Reflection.shared_with_id == conversation.manager_id,
            Reflection.shared_at.is_not(None),
            or_(
                and_(Reflection.told_manager_at.is_(None), Reflection.told_conversation_id.is_(None)),
                Reflection.told_conversation_id == conversation.id,
            ),
        )
        .order_by(Reflection.shared_at.desc())
        .limit(1)
    )
    if reflection is None:
        return None
    if reflection.told_conversation_id is None:
        reflection.told_conversation_id = conversation.id
        reflection.told_manager_at = now
    lines = tuple((str(line["text"]), str(line["answer"])) for line in reflection.shared_lines or [])
    return ReflectionNews(lines=lines, note=reflection.note)
