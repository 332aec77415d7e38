"""Interest per open opportunity in the org digest: counts only, never a name, and no figure about fewer
than 5 people; closed opportunities and withdrawn interest are not counted."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.domain.digest.coverage import org_digest
from bot.models import Person
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityKind, OpportunityState
from bot.slack.blocks.digest import org_digest_message
from tests.support.offers import add_person

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
TEAM = "T0001"


def opportunity(db: Session, owner: Person, title: str, *, state: OpportunityState = OpportunityState.OPEN) -> int:
    row = Opportunity(
        team_id=TEAM,
        owner_id=owner.id,
        kind=OpportunityKind.ROLE,
        title=title,
        tags=["sql"],
        closes_on=date(2026, 12, 18),
        state=state,
        created_at=NOW,
        updated_at=NOW,
    )
    db.add(row)
    db.flush()
    return row.id


def interested(db: Session, opportunity_id: int, people: list[Person], *, withdrawn: bool = False) -> None:
    for person in people:
        db.add(
            OpportunityInterest(
                team_id=TEAM,
                opportunity_id=opportunity_id,
                person_id=person.id,
                message="I'd love this",
                withdrawn_at=NOW if withdrawn else None,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    db.flush()


def test_the_org_digest_counts_interest_per_open_opportunity_without_names_or_small_figures(db: Session) -> None:
    owner = add_person(db, "UOWNER", now=NOW)
    people = [add_person(db, f"UPERSON{n}", now=NOW) for n in range(8)]
    popular = opportunity(db, owner, "Data platform lead")
    quiet = opportunity(db, owner, "Shadow the SRE rota")
    closed = opportunity(db, owner, "Old cohort", state=OpportunityState.CLOSED)
    interested(db, popular, people[:6])
    interested(db, popular, people[6:], withdrawn=True)
    interested(db, quiet, people[:3])
    interested(db, closed, people)

    digest = org_digest(db, team_id=TEAM, tz="UTC", now=NOW)

    assert [(c.title, c.people, c.shown) for c in digest.opportunities] == [
        ("Data platform lead", 6, 6),
        ("Shadow the SRE rota", 3, None),
    ]
    shown = json.dumps(
        org_digest_message(digest, subscription_id=1, schedule="weekly").blocks_json(), ensure_ascii=False
    )
    assert f"“Data platform lead” (#{popular}): 6 interested" in shown
    assert f"“Shadow the SRE rota” (#{quiet}): fewer than 5 interested" in shown
    assert "3 interested" not in shown
    assert "Old cohort" not in shown
    assert not any(p.slack_user_id in shown for p in people)
    assert "I'd love this" not in shown
