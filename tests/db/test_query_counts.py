"""Lists load what they show with their own query: the planner, the App Home and the export send as many
SQL statements for a team of six as for a team of two (relationships never lazy-load one row at a time)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.export import build_export
from bot.domain.home import home_summary
from bot.domain.schedule import plan
from tests.support.people import MIRA, TEAM
from tests.support.query_count import MET_AT, SET_UP_AT, Statements, block_every_reports_step, counted, team_of

SMALL, LARGE = 2, 6


def planning_pass(engine: Engine, db: Session, size: int, *, recapped: bool, at: timedelta) -> Statements:
    """The statements of a planning pass once everything it plans is queued (a tick's steady state)."""
    team_of(db, size, recapped=recapped)
    now = SET_UP_AT + at
    assert plan(db, now=now).queued >= size  # something for each person
    db.expunge_all()
    with counted(engine) as seen:
        plan(db, now=now)
    return seen


@pytest.mark.parametrize(
    ("recapped", "at"),
    [
        pytest.param(False, timedelta(days=1), id="prep reminders and briefs"),
        pytest.param(False, MET_AT - SET_UP_AT + timedelta(hours=2), id="recap nudges"),
        pytest.param(True, MET_AT - SET_UP_AT + timedelta(days=2), id="due reminders"),
        pytest.param(True, MET_AT - SET_UP_AT + timedelta(days=21), id="check-ins"),
    ],
)
def test_a_planning_pass_costs_the_same_for_two_or_six_people(
    engine: Engine, db: Session, recapped: bool, at: timedelta
) -> None:
    small = planning_pass(engine, db, SMALL, recapped=recapped, at=at)
    db.rollback()
    large = planning_pass(engine, db, LARGE, recapped=recapped, at=at)
    assert len(small) > 0
    assert len(large) == len(small), large.sql


def home_of_mira(engine: Engine, db: Session, size: int) -> Statements:
    team_of(db, size, recapped=True)
    block_every_reports_step(db, size)
    db.flush()
    db.expunge_all()  # nothing already in the session: a query per person would show
    with counted(engine) as seen:
        home = home_summary(db, team_id=TEAM, slack_user_id=MIRA.slack_user_id, now=MET_AT + timedelta(days=1))
    assert home.team is not None
    assert len(home.team.reports) == size  # the team is all there
    assert len(home.owned) == size  # Mira owes each report one step
    assert [c.blocked_reason for c in home.owed_to_me] == ["waiting"] * size
    return seen


def test_a_managers_home_costs_the_same_for_two_or_six_reports(engine: Engine, db: Session) -> None:
    small = home_of_mira(engine, db, SMALL)
    db.rollback()
    large = home_of_mira(engine, db, LARGE)
    assert len(large) == len(small), large.sql


def export_of_mira(engine: Engine, db: Session, size: int) -> Statements:
    team_of(db, size, recapped=True)
    db.flush()
    db.expunge_all()  # nothing already in the session: a query per person would show
    with counted(engine) as seen:
        export = build_export(db, team_id=TEAM, slack_user_id=MIRA.slack_user_id, now=MET_AT + timedelta(days=1))
    assert export is not None
    assert export.markdown.count("Mira's step for") == size
    return seen


def test_a_managers_export_costs_the_same_for_two_or_six_reports(engine: Engine, db: Session) -> None:
    small = export_of_mira(engine, db, SMALL)
    db.rollback()
    large = export_of_mira(engine, db, LARGE)
    assert len(large) == len(small), large.sql
