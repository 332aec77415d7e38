"""People and offers of help built straight into the database, for suggestion and directory tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.workspaces import ensure_workspace
from bot.models import Conversation, OneOnOneSeries, Person
from bot.models.help_offer import HelpOffer, OfferKind
from bot.models.intro import Intro, IntroState
from tests.support.people import TEAM


def add_person(
    db: Session,
    slack_user_id: str,
    *,
    now: datetime,
    tz: str = "Europe/Berlin",
    manager: Person | None = None,
    team: str = TEAM,
    hours: tuple[int, int] | None = None,
) -> Person:
    ensure_workspace(db, team_id=team, now=now)
    person = Person(
        team_id=team,
        slack_user_id=slack_user_id,
        display_name=slack_user_id.title(),
        tz=tz,
        manager_id=manager.id if manager else None,
        work_start_minute=hours[0] * 60 if hours else None,
        work_end_minute=hours[1] * 60 if hours else None,
        created_at=now,
        updated_at=now,
    )
    db.add(person)
    db.flush()
    return person


def add_offer(
    db: Session,
    person: Person,
    *,
    now: datetime,
    topics: Sequence[str] = (),
    kinds: Sequence[OfferKind] = (OfferKind.MENTORING,),
    capacity: int = 2,
    open_now: bool = True,
    note: str | None = None,
) -> HelpOffer:
    offer = HelpOffer(
        team_id=person.team_id,
        person_id=person.id,
        topics=list(topics),
        kinds=[k.value for k in kinds],
        capacity_per_month=capacity,
        open=open_now,
        note=note,
        created_at=now,
        updated_at=now,
    )
    db.add(offer)
    db.flush()
    return offer


def add_intro(
    db: Session, employee: Person, helper: Person, *, at: datetime, state: IntroState = IntroState.REQUESTED
) -> Intro:
    intro = Intro(
        team_id=helper.team_id,
        employee_id=employee.id,
        helper_id=helper.id,
        kind=OfferKind.MENTORING.value,
        state=state,
        requested_at=at,
        created_at=at,
        updated_at=at,
    )
    db.add(intro)
    db.flush()
    return intro


def add_prep(db: Session, employee: Person, manager: Person, *, prep: dict[str, Any], at: datetime) -> Conversation:
    """A conversation with a saved prep (the employee's words the suggestions match against)."""
    series = OneOnOneSeries(
        team_id=employee.team_id,
        employee_id=employee.id,
        manager_id=manager.id,
        rrule="FREQ=MONTHLY",
        anchor_local=at.strftime("%Y-%m-%dT%H:%M:%S"),
        tz=employee.tz,
        next_meeting_at=at,
        created_at=at,
        updated_at=at,
    )
    db.add(series)
    db.flush()
    row = Conversation(
        team_id=employee.team_id,
        series_id=series.id,
        employee_id=employee.id,
        manager_id=manager.id,
        scheduled_at=at,
        prep=prep,
        prep_saved_at=at,
        created_at=at,
        updated_at=at,
    )
    db.add(row)
    db.flush()
    return row
