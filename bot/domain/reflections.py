"""The employee's side of a mid-year reflection: mark each line still true / changed / done, write
what changed, and choose whether their manager hears about it (not shared unless they say so)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.people import person_by_id
from bot.models import Person, PersonStatus, Reflection

STILL_TRUE, CHANGED, DONE = "still_true", "changed", "done"
ANSWERS = (STILL_TRUE, CHANGED, DONE)
NOTE_MAX = 1500
F_NOTE, F_SHARE = "note", "share"
GONE = "This reflection isn't here any more."
NOT_YOURS = "Only the person this reflection is for can change it."
NO_MANAGER = "You have no confirmed manager to share this with yet, so it stays with you."


@dataclass(frozen=True)
class ReflectionLine:
    key: str
    text: str
    detail: str | None
    answer: str | None


@dataclass(frozen=True)
class ReflectionView:
    """What the employee's reflection message shows."""

    reflection_id: int
    day: date
    since: str | None  # the date of the 1:1 the words come from
    lines: tuple[ReflectionLine, ...]
    note: str | None
    manager_user_id: str | None  # their confirmed manager, who could be told
    shared_with_user_id: str | None
    told: bool


def reflection_for(session: Session, *, team_id: str, reflection_id: int, slack_user_id: str) -> Reflection:
    """The reflection, for its own employee only: anyone else is refused."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.team_id != team_id:
        raise NotFound(GONE)
    if person_by_id(session, reflection.employee_id).slack_user_id != slack_user_id:
        raise NotAllowed(NOT_YOURS)
    return reflection


def answer_line(
    session: Session, *, team_id: str, reflection_id: int, slack_user_id: str, key: str, answer: str, now: datetime
) -> Reflection:
    reflection = reflection_for(session, team_id=team_id, reflection_id=reflection_id, slack_user_id=slack_user_id)
    if answer not in ANSWERS or key not in {line["key"] for line in reflection.lines}:
        raise NotFound("That line isn't part of this reflection any more.")
    reflection.answers = {**reflection.answers, key: answer}
    reflection.answered_at = now
    reflection.updated_at = now
    if reflection.shared_at is not None and reflection.told_manager_at is None:
        reflection.shared_lines = _answered_lines(reflection)  # not told yet: they hear the latest
    return reflection


def save_note(
    session: Session,
    *,
    team_id: str,
    reflection_id: int,
    slack_user_id: str,
    note: str,
    share: bool,
    now: datetime,
) -> Reflection:
    """Keep the note; share the answered lines and the note with the confirmed manager, or with nobody."""
    reflection = reflection_for(session, team_id=team_id, reflection_id=reflection_id, slack_user_id=slack_user_id)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput({F_NOTE: f"Keep it under {NOTE_MAX} characters."})
    manager = confirmed_manager(session, person_by_id(session, reflection.employee_id))
    if share and manager is None:
        raise InvalidInput({F_SHARE: NO_MANAGER})
    reflection.note = note or None
    reflection.answered_at = now
    reflection.updated_at = now
    if share and manager is not None:
        reflection.shared_at = now
        reflection.shared_with_id = manager.id
        reflection.shared_lines = _answered_lines(reflection)
        # Shared again after the manager was told: the next brief tells them the new version.
        reflection.told_manager_at = None
        reflection.told_conversation_id = None
    else:
        reflection.shared_at = None
        reflection.shared_with_id = None
        reflection.shared_lines = None
    return reflection


def superseded(session: Session, reflection: Reflection) -> bool:
    """A later round's reflection exists for the same person (one held through a long pause is moot)."""
    later = select(Reflection.id).where(
        Reflection.team_id == reflection.team_id,
        Reflection.employee_id == reflection.employee_id,
        Reflection.period > reflection.period,
    )
    return session.scalar(later.limit(1)) is not None


def confirmed_manager(session: Session, employee: Person) -> Person | None:
    if employee.manager_id is None or not employee.manager_confirmed:
        return None
    manager = person_by_id(session, employee.manager_id)
    return None if manager.status is PersonStatus.LEFT else manager


def _answered_lines(reflection: Reflection) -> list[dict[str, Any]]:
    return [
        {"text": line["text"], "answer": reflection.answers[line["key"]]}
        for line in reflection.lines
        if line["key"] in reflection.answers
    ]


def view_of(session: Session, reflection: Reflection) -> ReflectionView:
    employee = person_by_id(session, reflection.employee_id)
    manager = confirmed_manager(session, employee)
    shared_id = reflection.shared_with_id if reflection.shared_at is not None else None
    shared_with = person_by_id(session, shared_id) if shared_id is not None else None
    lines = tuple(
        ReflectionLine(line["key"], line["text"], line.get("detail"), reflection.answers.get(line["key"]))
        for line in reflection.lines
    )
    return ReflectionView(
        reflection_id=reflection.id,
        day=date.fromisoformat(reflection.period),
        since=reflection.lines[0].get("on") if reflection.lines else None,
        lines=lines,
        note=reflection.note,
        manager_user_id=manager.slack_user_id if manager is not None else None,
        shared_with_user_id=shared_with.slack_user_id if shared_with is not None else None,
        told=reflection.told_manager_at is not None,
    )
