"""Matching open opportunities to a prep: tags against the skills to build and the paths (words and typed
phrases, case-insensitive, plurals), never the person's own, never closed or past their closing day, the
closest fit first; and the planner's sweep closes one only once its closing day is over in the owner's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.domain.opportunity_matching import match_opportunities
from bot.domain.prep_answers import PrepAnswers
from bot.domain.schedule import plan
from bot.models import Person
from bot.models.opportunity import Opportunity, OpportunityKind, OpportunityState
from tests.support.offers import add_person

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def add(
    db: Session,
    owner: Person,
    title: str,
    tags: list[str],
    *,
    closes_on: date = date(2026, 12, 18),
    state: OpportunityState = OpportunityState.OPEN,
) -> Opportunity:
    row = Opportunity(
        team_id=owner.team_id,
        owner_id=owner.id,
        kind=OpportunityKind.STRETCH_PROJECT,
        title=title,
        tags=tags,
        closes_on=closes_on,
        state=state,
        created_at=NOW,
        updated_at=NOW,
    )
    db.add(row)
    db.flush()
    return row


def titles(db: Session, person: Person, **answers: str) -> list[tuple[str, tuple[str, ...]]]:
    found = match_opportunities(db, person=person, answers=PrepAnswers(**answers), now=NOW)
    return [(m.title, m.matched) for m in found]


def test_tags_match_skills_and_paths_case_insensitively_best_fit_first(db: Session) -> None:
    owner, ana = add_person(db, "UOWNER", now=NOW), add_person(db, "UANA", now=NOW)
    add(db, owner, "Guild", ["design reviews", "public speaking"])
    add(db, owner, "Data role", ["SQL", "data modelling"])
    add(db, owner, "PM shadowing", ["product management"])
    add(db, owner, "Unrelated", ["kubernetes"])

    assert titles(db, ana, grow_skills="Running Design Reviews; public speaking", paths="Product management") == [
        ("Guild", ("design reviews", "public speaking")),
        ("PM shadowing", ("product management",)),
    ]
    assert titles(db, ana, grow_skills="sql") == [("Data role", ("SQL",))]
    assert titles(db, ana, direction="design reviews", strengths="public speaking") == []  # other fields: no
    assert titles(db, ana) == []


def test_closed_past_and_own_opportunities_are_not_matched(db: Session) -> None:
    owner, ana = add_person(db, "UOWNER", now=NOW, tz="America/New_York"), add_person(db, "UANA", now=NOW)
    add(db, owner, "Closed", ["sql"], state=OpportunityState.CLOSED)
    add(db, owner, "Over", ["sql"], closes_on=date(2026, 11, 22))
    add(db, ana, "Mine", ["sql"])
    add(db, owner, "Today", ["sql"], closes_on=date(2026, 11, 23))

    assert [t for t, _ in titles(db, ana, grow_skills="SQL")] == ["Today"]


def test_the_sweep_closes_at_the_end_of_the_closing_day_in_the_owners_zone(db: Session) -> None:
    owner = add_person(db, "UOWNER", now=NOW, tz="Asia/Tokyo")
    row = add(db, owner, "Tokyo", ["sql"], closes_on=date(2026, 11, 24))
    row.plan_after = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # midnight after the 24th in Tokyo
    db.flush()

    plan(db, now=datetime(2026, 11, 24, 14, 59, tzinfo=UTC))
    assert row.state is OpportunityState.OPEN
    plan(db, now=datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    db.refresh(row)
    assert row.state is OpportunityState.CLOSED
    assert row.plan_after is None
