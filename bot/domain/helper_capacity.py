"""How many conversations a helper has taken on this month: intros requested or accepted, in their local month."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.calendar.overlap import local_month
from bot.calendar.recurrence import to_local
from bot.models import Person, PersonStatus
from bot.models.intro import Intro, IntroState

COUNTED_STATES = (IntroState.REQUESTED, IntroState.ACCEPTED)


def used_this_month(session: Session, *, team_id: str, helpers: Sequence[Person], now: datetime) -> Counter[int]:
    """Per helper id, intros requested or accepted in the helper's current local month (one query for all)."""
    if not helpers:
        return Counter()
    by_id = {p.id: p for p in helpers}
    rows = session.execute(
        select(Intro.helper_id, Intro.requested_at).where(
            Intro.team_id == team_id,
            Intro.helper_id.in_(list(by_id)),
            Intro.state.in_(COUNTED_STATES),
            Intro.requested_at >= now - timedelta(days=32),
        )
    ).all()
    counts: Counter[int] = Counter()
    for helper_id, requested_at in rows:
        person = by_id.get(helper_id or 0)
        if person is not None and local_month(requested_at, person.tz) == local_month(now, person.tz):
            counts[person.id] += 1
    return counts


def available(person: Person, now: datetime) -> bool:
    """Active, or paused with a pause that already ended (the relay flips them back lazily)."""
    if person.status is PersonStatus.ACTIVE:
        return True
    if person.status is PersonStatus.PAUSED and person.paused_until is not None:
        return person.paused_until < to_local(now, person.tz).date()
    return False
