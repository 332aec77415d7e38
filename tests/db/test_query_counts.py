"""Lists load what they show with their own query: the planner, the App Home and the export send as many
SQL statements for a team of six as for a team of two (relationships never lazy-load one row at a time)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.conversations import move_conversation
from bot.domain.export import build_export
from bot.domain.home import home_summary
from bot.domain.schedule import plan
from bot.models import Conversation
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


# -- planning follows changes: an idle pass reads nothing, a busy one costs per due row --------------------------

IDLE_AT = SET_UP_AT + timedelta(days=1)


def idle_pass(engine: Engine, db: Session, size: int) -> Statements:
    """The statements of a pass right after one that planned everything: nothing's moment has come."""
    team_of(db, size, recapped=False)
    assert plan(db, now=IDLE_AT).queued == 2 * size  # each pair's prep reminder and brief
    db.expunge_all()
    with counted(engine) as seen:
        assert plan(db, now=IDLE_AT + timedelta(minutes=5)).queued == 0
    return seen


def test_an_idle_pass_costs_a_few_statements_for_five_or_fifty_pairs(engine: Engine, db: Session) -> None:
    small = idle_pass(engine, db, 5)
    db.rollback()
    large = idle_pass(engine, db, 50)
    # workspaces, then one query per kind of row (series, check-ins, items, asks, office hours, intros,
    # opportunities, digest subscriptions, team plannings) and the digest failures: none of them returns a row
    assert len(large) == len(small) == 11, large.sql


def pass_with_moved_meetings(engine: Engine, db: Session, size: int, moved: int) -> Statements:
    """`moved` of `size` pairs move their meeting a day earlier: the next pass plans just those."""
    conversations = team_of(db, size, recapped=False)
    plan(db, now=IDLE_AT)
    for conversation in conversations[:moved]:
        row = db.get(Conversation, conversation.id)
        assert row is not None
        move_conversation(db, conversation=row, at=row.scheduled_at - timedelta(days=1), now=IDLE_AT)
    db.flush()
    db.expunge_all()
    with counted(engine) as seen:
        assert plan(db, now=IDLE_AT + timedelta(minutes=5)).queued == 2 * moved
    return seen


# The series that are due: loaded with their people and recent meetings, their keys looked up, their
# plan_after moved on (a few statements per 500 of them); then, per moved meeting, two reminders queued
# (each: a look-up of its key, a savepoint, the insert, its release).
DUE_SERIES = 8
PER_MOVED_MEETING = 10


def test_a_pass_costs_a_constant_plus_its_due_rows_whatever_the_org_size(engine: Engine, db: Session) -> None:
    idle = len(idle_pass(engine, db, 5))
    db.rollback()
    small_org = pass_with_moved_meetings(engine, db, 5, moved=3)
    db.rollback()
    large_org = pass_with_moved_meetings(engine, db, 50, moved=3)
    db.rollback()
    more_moved = pass_with_moved_meetings(engine, db, 50, moved=9)

    assert len(large_org) == len(small_org), large_org.sql
    assert len(large_org) <= idle + DUE_SERIES + 3 * PER_MOVED_MEETING
    assert len(more_moved) <= idle + DUE_SERIES + 9 * PER_MOVED_MEETING
