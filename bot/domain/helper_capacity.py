"""How many conversations a helper has taken on this month: intros requested or accepted, in their local month."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.calendar.overlap import local_month
from bot.calendar.recurrence import to_local
from bot.models import Person, PersonStatus
from bot.models.intro import Intro, IntroState

COUNTED_STATES = (IntroState.REQUESTED, IntroState.ACCEPTED)
ASKED_LATELY = timedelta(days=90)


@dataclass(frozen=True)
class Load:
    """Per helper id, conversations taken on this month; and the helpers this employee already asked lately."""

    used: Counter[int]
    asked_lately: frozenset[int]


def helper_load(
    session: Session, *, team_id: str, helpers: Sequence[Person], now: datetime, employee_id: int | None = None
) -> Load:
    """Intros requested or accepted in each helper's current local month, and the helpers the employee asked
    in the last ASKED_LATELY days (pending, accepted or declined: not suggested to them again); one query."""
    if not helpers:
        return Load(Counter(), frozenset())
    by_id = {p.id: p for p in helpers}
    recent = Intro.requested_at >= now - timedelta(days=32)
    if employee_id is not None:
        recent = or_(recent, Intro.employee_id == employee_id)
    rows = session.execute(
        select(Intro.helper_id, Intro.requested_at, Intro.employee_id, Intro.state).where(
            Intro.team_id == team_id,
            Intro.helper_id.in_(list(by_id)),
            Intro.state.in_((*COUNTED_STATES, IntroState.DECLINED)),
            Intro.requested_at >= now - ASKED_LATELY,
            recent,
        )
    ).all()
    counts: Counter[int] = Counter()
    asked: set[int] = set()
    for helper_id, requested_at, asker_id, state in rows:
        person = by_id.get(helper_id or 0)
        if person is None:
            continue
        if state in COUNTED_STATES and local_month(requested_at, person.tz) == local_month(now, person.tz):
            counts[person.id] += 1
        if employee_id is not None and asker_id == employee_id:
            asked.add(person.id)
    return Load(counts, frozenset(asked))


def used_this_month(session: Session, *, team_id: str, helpers: Sequence[Person], now: datetime) -> Counter[int]:
    """Per helper id, intros requested or accepted in the helper's current local month (one query for all)."""
    return helper_load(session, team_id=team_id, helpers=helpers, now=now).used


def available(person: Person, now: datetime) -> bool:
    """Active, or paused with a pause that already ended (the relay flips them back lazily)."""
    if person.status is PersonStatus.ACTIVE:
        return True
    if person.status is PersonStatus.PAUSED and person.paused_until is not None:
        return person.paused_until < to_local(now, person.tz).date()
    return False
