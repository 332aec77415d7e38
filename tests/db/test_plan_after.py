"""Planning follows changes: a row the planner has nothing more for is not read again until a change it
depends on marks it, in the same transaction; the next pass then plans what the change made due."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.items import edit_item
from bot.domain.people import find_person, mark_left, upsert_person
from bot.domain.schedule import plan
from bot.models import ActionItem, Delivery, DeliveryKind, OneOnOneSeries
from tests.support.people import TEAM
from tests.support.query_count import MET_AT, SET_UP_AT, report, team_of


def keys(db: Session, kind: DeliveryKind) -> list[str]:
    return list(db.scalars(select(Delivery.idempotency_key).where(Delivery.kind == kind).order_by(Delivery.id)))


def test_an_items_new_due_date_is_planned_at_the_next_pass(db: Session) -> None:
    team_of(db, 1, recapped=True)  # Report 0's step is due 15 December
    now = MET_AT + timedelta(days=1)
    plan(db, now=now)
    step = db.scalars(select(ActionItem).where(ActionItem.text == "Report 0's step")).one()
    assert step.plan_after is None  # its reminder is queued: nothing more to plan for it

    edit_item(
        db,
        team_id=TEAM,
        item_id=step.id,
        slack_user_id=report(0).slack_user_id,
        text=step.text,
        due=date(2026, 12, 17),
        today=now.date(),
        now=now,
    )

    assert plan(db, now=now + timedelta(minutes=1)).queued == 1
    assert f"{TEAM}:due:{step.id}:2026-12-17" in keys(db, DeliveryKind.DUE_REMINDER)


def test_someone_back_after_leaving_is_planned_again(db: Session) -> None:
    team_of(db, 1, recapped=False)
    employee = find_person(db, team_id=TEAM, slack_user_id=report(0).slack_user_id)
    assert employee is not None
    mark_left(db, person_id=employee.id, reason="deactivated in Slack", now=SET_UP_AT)
    now = SET_UP_AT + timedelta(days=1)
    plan(db, now=now)
    assert keys(db, DeliveryKind.PREP_REMINDER) == []
    assert db.scalars(select(OneOnOneSeries.plan_after)).one() is None  # not read again while they are gone

    upsert_person(db, team_id=TEAM, profile=report(0), now=now)

    assert plan(db, now=now + timedelta(minutes=1)).queued >= 1
    assert len(keys(db, DeliveryKind.PREP_REMINDER)) == 1


def test_a_pass_after_a_day_of_downtime_plans_what_became_due_meanwhile(db: Session) -> None:
    team_of(db, 1, recapped=False)  # the 1:1 on 8 December: its reminders enter the horizon on 23 November
    early = SET_UP_AT - timedelta(days=3)
    assert plan(db, now=early).queued == 0  # nothing within the horizon yet
    assert plan(db, now=SET_UP_AT + timedelta(days=1)).queued == 2  # the prep reminder and the brief
