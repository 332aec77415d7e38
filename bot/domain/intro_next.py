"""The next person to suggest after a helper says not now: the suggestions for the same kind of help,
leaving out everyone this employee already asked for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.suggestions import Suggestion, suggest_helpers
from bot.models import Intro


def next_suggestion(session: Session, *, intro: Intro, now: datetime) -> Suggestion | None:
    """The best next helper for the intro's employee and kind, other than everyone they already asked for it
    (the helper who just said not now among them)."""
    if intro.employee_id is None:
        return None
    asked = session.scalars(
        select(Intro.helper_id).where(
            Intro.team_id == intro.team_id,
            Intro.employee_id == intro.employee_id,
            Intro.kind == intro.kind,
            Intro.helper_id.is_not(None),
        )
    )
    excluded = {helper for helper in asked if helper is not None} | {intro.helper_id or 0}
    found = suggest_helpers(
        session,
        team_id=intro.team_id,
        employee_id=intro.employee_id,
        need_kind=intro.kind,
        now=now,
        limit=1,
        exclude_person_ids=tuple(sorted(excluded)),
    )
    return found[0] if found else None
