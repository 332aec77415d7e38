"""Digests cost the same for a team of two or six: as many statements, and no statement whose parameters
grow with the org (a workspace digest over 100,000 people must not send 100,000 ids in one IN list)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.digest.coverage import org_digest
from bot.domain.digest.team import team_digest
from bot.models import Person
from tests.support.people import MIRA, TEAM
from tests.support.query_count import MET_AT, team_of
from tests.support.scale_out import parameters_per_statement

SMALL, LARGE = 2, 6
LATER = MET_AT + timedelta(days=1)


def org_digest_parameters(engine: Engine, db: Session, size: int) -> list[int]:
    team_of(db, size, recapped=True)
    with parameters_per_statement(engine) as seen:
        org_digest(db, team_id=TEAM, tz="UTC", now=LATER)
    return seen


def test_the_workspace_digest_sends_the_same_statements_for_two_or_six_people(engine: Engine, db: Session) -> None:
    small = org_digest_parameters(engine, db, SMALL)
    db.rollback()
    large = org_digest_parameters(engine, db, LARGE)
    assert len(small) > 0
    assert large == small  # as many statements, each with as many parameters


def team_digest_parameters(engine: Engine, db: Session, size: int) -> list[int]:
    team_of(db, size, recapped=True)
    mira = db.scalars(select(Person).filter_by(team_id=TEAM, slack_user_id=MIRA.slack_user_id)).one()
    with parameters_per_statement(engine) as seen:
        digest = team_digest(db, owner=mira, now=LATER, with_titles=True)
    assert len(digest.reports) == size
    return seen


def test_a_team_digest_sends_as_many_statements_for_two_or_six_reports(engine: Engine, db: Session) -> None:
    small = team_digest_parameters(engine, db, SMALL)
    db.rollback()
    large = team_digest_parameters(engine, db, LARGE)
    assert len(small) > 0
    # Only the lists of this manager's own reports grow (a team, never the org).
    assert len(large) == len(small)
