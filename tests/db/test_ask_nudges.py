"""Who the "still waiting" nudge is planned for, and when: 30 days after the ask opened, in the asked
person's hours, keyed by ask and 30-day period, and the ask looked at again only when the next mark nears."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.ask_nudges import PERIOD
from bot.domain.outbox import HORIZON
from bot.domain.schedule import plan
from bot.models import Ask, AskState, PersonStatus
from tests.support.asks_follow import nudges, open_ask, person
from tests.support.pairs import planned_conversation
from tests.support.people import TEAM
from tests.support.query_count import Statements, counted

SET_UP = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
OPENED = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def an_ask(db: Session, **kwargs: object) -> Ask:
    planned_conversation(db, SET_UP)
    return open_ask(db, team_id=TEAM, employee="UANA", asked="UMIRA", opened_at=OPENED, **kwargs)  # type: ignore[arg-type]


def test_nothing_is_queued_until_the_30_day_mark_is_within_the_horizon(db: Session) -> None:
    ask = an_ask(db)
    plan(db, now=OPENED + timedelta(days=1))

    assert nudges(db) == []
    db.refresh(ask)
    assert ask.plan_after == OPENED + PERIOD - HORIZON


def test_the_nudge_is_queued_once_for_the_manager_at_the_reminder_minute_of_their_day(db: Session) -> None:
    ask = an_ask(db)
    now = OPENED + PERIOD - HORIZON
    plan(db, now=now)
    plan(db, now=now + timedelta(minutes=5))
    plan(db, now=now + timedelta(days=3))

    [nudge] = nudges(db)
    assert nudge.idempotency_key == f"{TEAM}:ask_nudge:{ask.id}:1"
    assert nudge.recipient_id == person(db, TEAM, "UMIRA").id
    assert nudge.due_at == datetime(2026, 12, 23, 15, 0, tzinfo=UTC)  # Wed 23 Dec, 10:00 in New York
    db.refresh(ask)
    assert ask.plan_after == OPENED + 2 * PERIOD - HORIZON


def test_the_next_nudge_waits_30_days_from_the_last_one_sent(db: Session) -> None:
    ask = an_ask(db)
    ask.nudged_at = datetime(2027, 1, 4, 15, tzinfo=UTC)  # the first went late (its recipient was away)
    plan(db, now=OPENED + 2 * PERIOD - HORIZON)
    assert nudges(db) == []
    db.refresh(ask)
    assert ask.plan_after == datetime(2027, 2, 3, 15, tzinfo=UTC) - HORIZON
    plan(db, now=ask.plan_after)

    [nudge] = nudges(db)
    assert nudge.idempotency_key.endswith(f":ask_nudge:{ask.id}:2")
    assert nudge.due_at == datetime(2027, 2, 3, 15, 0, tzinfo=UTC)  # 30 days after, not the 60-day mark


def test_a_missed_mark_is_caught_up_in_hours_once_not_once_per_missed_period(db: Session) -> None:
    an_ask(db)
    late = datetime(2027, 3, 1, 3, 0, tzinfo=UTC)  # the planner was down; 98 days open, night in New York
    plan(db, now=late)

    [nudge] = nudges(db)
    assert nudge.idempotency_key.endswith(":3")
    assert nudge.due_at == datetime(2027, 3, 1, 14, 0, tzinfo=UTC)  # her working hours open at 09:00


def test_answered_withdrawn_or_unopened_asks_and_people_who_left_get_none(db: Session) -> None:
    ask = an_ask(db)
    for state in (AskState.YES, AskState.NOT_NOW, AskState.REDIRECTED, AskState.WITHDRAWN):
        ask.state = state
        ask.plan_after = OPENED
        plan(db, now=OPENED + PERIOD)
        db.refresh(ask)
        assert (nudges(db), ask.plan_after) == ([], None)
    ask.state, ask.opened_at, ask.plan_after = AskState.PROPOSED, None, OPENED
    plan(db, now=OPENED + PERIOD)
    assert nudges(db) == []
    ask.state, ask.opened_at, ask.plan_after = AskState.OPEN, OPENED, OPENED
    person(db, TEAM, "UMIRA").status = PersonStatus.LEFT
    plan(db, now=OPENED + PERIOD)
    assert nudges(db) == []


def nudge_pass(engine: Engine, db: Session, asks: int) -> Statements:
    planned_conversation(db, SET_UP)
    for n in range(asks):
        open_ask(db, team_id=TEAM, employee="UANA", asked="UMIRA", opened_at=OPENED, position=n)
    plan(db, now=OPENED + timedelta(days=1))  # everything else planned; the asks wait for their mark
    db.expunge_all()
    with counted(engine) as seen:
        plan(db, now=OPENED + PERIOD - HORIZON)
    assert len(nudges(db)) == asks
    return seen


def test_planning_the_nudges_costs_the_same_for_two_or_six_asks(engine: Engine, db: Session) -> None:
    small = nudge_pass(engine, db, 2)
    db.rollback()
    large = nudge_pass(engine, db, 6)

    assert len(large) == len(small), large.sql
