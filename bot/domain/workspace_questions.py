"""A workspace's own questions: imported from a checked file, listed, and mixed with (or put in
place of) the default bank for the brief and the prep form, by conversation type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.conversation_types import ConversationType
from bot.domain.errors import NotFound
from bot.domain.question_bank import Question
from bot.domain.question_defaults import DEFAULT_BY_ID, PREP_PROMPTS, default_brief
from bot.domain.question_file import QuestionEntry
from bot.models import Workspace, WorkspaceQuestion

T = TypeVar("T")
# Ids of a workspace's questions in Conversation.brief_questions, apart from the default bank's.
OWN_PREFIX = "ws:"


class QuestionMode(StrEnum):
    EXTEND = "extend"  # the workspace's questions join the default bank
    REPLACE = "replace"  # only theirs, for every type they have questions for


@dataclass(frozen=True)
class Imported:
    team_id: str
    mode: QuestionMode
    brief: int
    prep: int
    replaced: int  # rows the import removed


@dataclass(frozen=True)
class Listing:
    team_id: str
    mode: QuestionMode
    own: tuple[WorkspaceQuestion, ...]


def import_questions(
    session: Session, *, team_id: str, entries: Sequence[QuestionEntry], replace: bool, now: datetime
) -> Imported:
    """Put `entries` in place of the workspace's questions (all of them, in file order) and set the mode."""
    workspace = _workspace(session, team_id)
    removed = session.execute(delete(WorkspaceQuestion).where(WorkspaceQuestion.team_id == team_id))
    for position, entry in enumerate(entries):
        session.add(
            WorkspaceQuestion(
                team_id=team_id,
                question_key=entry.key,
                audience=entry.audience,
                theme=entry.theme,
                text=entry.text,
                tags=list(entry.tags),
                position=position,
                created_at=now,
                updated_at=now,
            )
        )
    workspace.question_mode = (QuestionMode.REPLACE if replace else QuestionMode.EXTEND).value
    workspace.updated_at = now
    session.flush()
    return Imported(
        team_id=team_id,
        mode=QuestionMode(workspace.question_mode),
        brief=sum(e.audience == "brief" for e in entries),
        prep=sum(e.audience == "prep" for e in entries),
        replaced=int(getattr(removed, "rowcount", 0) or 0),
    )


def list_questions(session: Session, *, team_id: str) -> Listing:
    workspace = _workspace(session, team_id)
    return Listing(team_id, _mode(workspace), tuple(_rows(session, team_id, None)))


def brief_pool(session: Session, *, team_id: str, kind: ConversationType) -> tuple[Question, ...]:
    """The questions a brief for this type of 1:1 picks from."""
    own = tuple(as_question(row) for row in _rows(session, team_id, "brief") if kind.value in row.tags)
    return _mix(session, team_id, default_brief(kind), own)


def prep_prompts(session: Session, *, team_id: str, kind: ConversationType) -> tuple[str, ...]:
    """The prompts the prep form shows for this type of 1:1."""
    own = tuple(row.text for row in _rows(session, team_id, "prep") if kind.value in row.tags)
    return _mix(session, team_id, PREP_PROMPTS[kind], own)


def stored_questions(session: Session, *, team_id: str, ids: Iterable[str]) -> tuple[Question, ...]:
    """The questions a brief already chose, in its order; ones since removed are left out."""
    wanted = list(ids)
    own_keys = [i.removeprefix(OWN_PREFIX) for i in wanted if i.startswith(OWN_PREFIX)]
    own = {}
    if own_keys:
        rows = session.scalars(
            select(WorkspaceQuestion).where(
                WorkspaceQuestion.team_id == team_id, WorkspaceQuestion.question_key.in_(own_keys)
            )
        )
        own = {f"{OWN_PREFIX}{row.question_key}": as_question(row) for row in rows}
    found = (own.get(i) or DEFAULT_BY_ID.get(i) for i in wanted)
    return tuple(q for q in found if q is not None)


def as_question(row: WorkspaceQuestion) -> Question:
    return Question(f"{OWN_PREFIX}{row.question_key}", row.theme, row.text, tuple(row.tags))


def _mix(session: Session, team_id: str, default: tuple[T, ...], own: tuple[T, ...]) -> tuple[T, ...]:
    """Extend: the default bank and theirs. Replace: theirs only, unless they have none for this type."""
    workspace = session.get(Workspace, team_id)
    if own and workspace is not None and _mode(workspace) is QuestionMode.REPLACE:
        return own
    return default + own


def _workspace(session: Session, team_id: str) -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        raise NotFound(f"No workspace {team_id} here yet: it appears once someone uses the bot.")
    return workspace


def _mode(workspace: Workspace) -> QuestionMode:
    return QuestionMode.REPLACE if workspace.question_mode == QuestionMode.REPLACE else QuestionMode.EXTEND


def _rows(session: Session, team_id: str, audience: str | None) -> list[WorkspaceQuestion]:
    query = select(WorkspaceQuestion).where(WorkspaceQuestion.team_id == team_id)
    if audience is not None:
        query = query.where(WorkspaceQuestion.audience == audience)
    return list(session.scalars(query.order_by(WorkspaceQuestion.position, WorkspaceQuestion.id)))
