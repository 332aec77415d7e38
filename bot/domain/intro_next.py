"""The next person to suggest after a helper says not now: the suggestions for the same kind of help,
leaving out everyone this employee already asked for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Intro


@dataclass(frozen=True)
class NextHelper:
    person_id: int
    reasons: tuple[str, ...]


def next_suggestion(session: Session, *, intro: Intro, now: datetime) -> NextHelper | None:
    """The best next helper for the intro's employee and kind, other than those already asked."""
    return None
