"""People and offers for intro domain tests: Ana asks, Leo (Tokyo) and Mira (New York) offer help."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.people import Profile, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.models import HelpOffer, OfferKind, Person
from tests.support.people import ANA, LEO, MIRA, TEAM

KINDS = (OfferKind.INFORMATIONAL_INTERVIEW, OfferKind.MENTORING)


def person(session: Session, profile: Profile, now: datetime) -> Person:
    ensure_workspace(session, team_id=TEAM, now=now)
    return upsert_person(session, team_id=TEAM, profile=profile, now=now)


def offer(
    session: Session,
    helper: Person,
    now: datetime,
    *,
    kinds: tuple[str, ...] = KINDS,
    capacity: int = 2,
    open_now: bool = True,
) -> HelpOffer:
    row = HelpOffer(
        team_id=TEAM,
        person_id=helper.id,
        topics=["platform"],
        kinds=list(kinds),
        capacity_per_month=capacity,
        open=open_now,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def world(session: Session, now: datetime) -> tuple[Person, Person, Person]:
    """Ana (who asks), Leo and Mira (each with an open offer of informational interviews and mentoring)."""
    ana, leo, mira = (person(session, p, now) for p in (ANA, LEO, MIRA))
    offer(session, leo, now)
    offer(session, mira, now)
    return ana, leo, mira
