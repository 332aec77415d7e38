"""Team planning in the domain: who may set a date, when the digest is queued (a week before, on a working
day, in the manager's hours, once per date), what a changed or quarterly date does, and what the digest
reads: only what each report shared with this manager."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.asks import answer_not_now, answer_yes
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.export import build_export
from bot.domain.forget import forget
from bot.domain.outbox import HORIZON
from bot.domain.planning import planning_note, planning_of, stop_planning
from bot.domain.planning_digest import OpenAsk, team_interests
from bot.domain.schedule import plan
from bot.models import Ask, Conversation, DeliveryState, TeamPlanning, Workspace
from tests.support.asks_follow import person
from tests.support.pairs import planned_conversation
from tests.support.people import LEO, MIRA, TEAM
from tests.support.planning_world import (
    SHARED_PATHS,
    SHARED_SKILLS,
    UNSHARED_PATHS,
    digest_dates,
    digests,
    plan_on,
    shared_prep,
    unshared_prep,
)

SET_UP = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Mon 23 Nov, 09:00 in New York
PLANNING = date(2027, 1, 19)  # a Tuesday
DUE = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)  # Tue 12 Jan, 09:00 in New York (the brief minute)


@pytest.fixture
def team(db: Session) -> None:
    """Ana and Leo report to Mira (both confirmed)."""
    planned_conversation(db, SET_UP)
    planned_conversation(db, SET_UP, LEO, MIRA)


def planning_row(db: Session) -> TeamPlanning:
    return db.scalars(select(TeamPlanning)).one()


def test_the_digest_is_queued_once_a_week_before_at_the_managers_morning(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP)
    plan(db, now=SET_UP)
    assert digests(db) == []
    assert planning_row(db).plan_after == DUE - HORIZON

    plan(db, now=DUE - HORIZON)
    plan(db, now=DUE - HORIZON + timedelta(hours=1))
    plan(db, now=DUE)

    assert digest_dates(db) == [(PLANNING, DUE)]
    [digest] = digests(db)
    assert digest.recipient_id == person(db, TEAM, "UMIRA").id
    assert planning_row(db).digest_for == PLANNING
    assert planning_row(db).plan_after is None  # a one-off date: nothing more until it changes


def test_a_week_before_on_a_weekend_or_holiday_moves_to_the_working_day_before(db: Session, team: None) -> None:
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    workspace.holidays = ["2027-01-15"]  # Fri 15 Jan
    plan_on(db, date(2027, 1, 24), SET_UP)  # a Sunday: a week before is Sun 17, then Fri 15 is a holiday
    plan(db, now=datetime(2027, 1, 5, tzinfo=UTC))

    assert digest_dates(db) == [(date(2027, 1, 24), datetime(2027, 1, 14, 14, 0, tzinfo=UTC))]


def test_a_date_set_less_than_a_week_ahead_gets_its_digest_at_once_in_hours(db: Session, team: None) -> None:
    evening = datetime(2027, 1, 14, 23, 30, tzinfo=UTC)  # Thu 18:30 in New York, after hours
    plan_on(db, PLANNING, evening)
    plan(db, now=evening)

    assert digest_dates(db) == [(PLANNING, datetime(2027, 1, 15, 14, 0, tzinfo=UTC))]  # Fri 09:00


def test_a_changed_date_drops_the_queued_digest_and_plans_the_new_one(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP)
    plan(db, now=DUE - timedelta(days=2))
    assert digest_dates(db) == [(PLANNING, DUE)]

    later = date(2027, 2, 16)
    plan_on(db, later, DUE - timedelta(days=1))
    assert digests(db) == []  # never sent, so going back to 19 Jan would queue it afresh
    plan(db, now=DUE - timedelta(days=1))
    assert planning_row(db).plan_after == datetime(2027, 2, 9, 14, 0, tzinfo=UTC) - HORIZON

    plan(db, now=datetime(2027, 2, 9, 14, 0, tzinfo=UTC))
    assert digest_dates(db) == [(later, datetime(2027, 2, 9, 14, 0, tzinfo=UTC))]


def test_going_back_to_a_date_whose_digest_was_dropped_queues_it_again(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP)
    plan(db, now=DUE - timedelta(days=1))
    assert digest_dates(db) == [(PLANNING, DUE)]

    plan_on(db, PLANNING + timedelta(days=7), DUE - timedelta(hours=23))  # a slip, corrected at once
    plan_on(db, PLANNING, DUE - timedelta(hours=22))
    plan(db, now=DUE - timedelta(hours=21))

    assert digest_dates(db) == [(PLANNING, DUE)]


def test_a_far_date_set_in_between_does_not_swallow_the_first_dates_digest(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP)
    plan(db, now=DUE - timedelta(days=1))
    plan_on(db, PLANNING + timedelta(days=60), DUE - timedelta(hours=23))
    plan(db, now=DUE - timedelta(hours=22))  # beyond the look-ahead: nothing queued for it yet
    plan_on(db, PLANNING, DUE - timedelta(hours=21))
    plan(db, now=DUE - timedelta(hours=20))

    assert digest_dates(db) == [(PLANNING, DUE)]


def test_a_digest_already_sent_is_not_sent_again_for_the_same_date(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP)
    plan(db, now=DUE)
    [sent] = digests(db)
    sent.state = DeliveryState.SENT
    plan_on(db, date(2027, 2, 16), DUE + timedelta(hours=1))
    plan_on(db, PLANNING, DUE + timedelta(hours=2))
    plan(db, now=DUE + timedelta(hours=2))

    assert [d.state for d in digests(db)] == [DeliveryState.SENT]


def test_a_quarterly_date_rolls_on_three_months_once_it_has_passed(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP, quarterly=True)
    plan(db, now=DUE)
    assert planning_row(db).plan_after == datetime(2027, 1, 20, 5, 0, tzinfo=UTC)  # midnight after, New York

    plan(db, now=datetime(2027, 1, 20, 5, 0, tzinfo=UTC))
    row = planning_row(db)
    assert (row.planning_on, row.quarterly) == (date(2027, 4, 19), True)
    april_due = datetime(2027, 4, 12, 13, 0, tzinfo=UTC)  # Mon 12 Apr, 09:00 EDT
    assert row.plan_after == april_due - HORIZON

    plan(db, now=april_due)
    assert digest_dates(db) == [(PLANNING, DUE), (date(2027, 4, 19), april_due)]


def test_only_a_manager_with_confirmed_reports_may_set_a_date(db: Session) -> None:
    planned_conversation(db, SET_UP, confirm=False)
    with pytest.raises(NotAllowed, match="for managers"):
        plan_on(db, PLANNING, SET_UP)
    with pytest.raises(NotAllowed):
        plan_on(db, PLANNING, SET_UP, manager="UANA")
    assert db.scalars(select(TeamPlanning)).all() == []


def test_a_date_must_be_ahead_and_within_fifteen_months(db: Session, team: None) -> None:
    with pytest.raises(InvalidInput) as today:
        plan_on(db, date(2026, 11, 23), SET_UP)
    with pytest.raises(InvalidInput) as far:
        plan_on(db, date(2028, 3, 1), SET_UP)
    assert "after today" in str(today.value.errors)
    assert "15 months" in str(far.value.errors)


def test_the_digest_holds_only_what_each_report_shared_with_this_manager(db: Session, team: None) -> None:
    conversations = {c.employee.slack_user_id: c for c in _planned(db)}
    shared_prep(db, conversations["UANA"], "UANA", SET_UP)
    unshared_prep(db, conversations["ULEO"], "ULEO", SET_UP)
    mira = person(db, TEAM, "UMIRA")

    digest = team_interests(db, manager=mira, planning_on=PLANNING, quarterly=False)

    [only] = digest.shared
    assert (only.slack_user_id, only.paths, only.grow_skills) == ("UANA", SHARED_PATHS, SHARED_SKILLS)
    assert only.asks == (OpenAsk("stretch", "Lead the Kafka migration", not_now=False),)
    assert digest.not_shared == 1
    assert UNSHARED_PATHS not in repr(digest)


def test_asks_answered_yes_leave_the_digest_and_not_now_ones_stay_marked(db: Session, team: None) -> None:
    conversations = {c.employee.slack_user_id: c for c in _planned(db)}
    shared_prep(db, conversations["UANA"], "UANA", SET_UP)
    [ask] = db.scalars(select(Ask)).all()
    mira = person(db, TEAM, "UMIRA")
    answer_not_now(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="Next quarter", now=SET_UP)
    assert team_interests(db, manager=mira, planning_on=PLANNING, quarterly=False).shared[0].asks[0].not_now

    answer_yes(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", next_step="Kick-off in Jan", now=SET_UP)
    assert team_interests(db, manager=mira, planning_on=PLANNING, quarterly=False).shared[0].asks == ()


def test_a_report_sees_their_managers_date_and_someone_unconfirmed_does_not(db: Session) -> None:
    planned_conversation(db, SET_UP)
    planned_conversation(db, SET_UP, LEO, MIRA, confirm=False)
    plan_on(db, PLANNING, SET_UP)

    note = planning_note(db, person=person(db, TEAM, "UANA"), now=SET_UP)
    assert note is not None
    assert (note.manager_user_id, note.planning_on) == ("UMIRA", PLANNING)
    assert planning_note(db, person=person(db, TEAM, "ULEO"), now=SET_UP) is None
    assert planning_note(db, person=person(db, TEAM, "UANA"), now=datetime(2027, 1, 20, 12, tzinfo=UTC)) is None


def test_show_and_off(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP, quarterly=True)
    view = planning_of(db, team_id=TEAM, slack_user_id="UMIRA", now=datetime(2027, 2, 1, tzinfo=UTC))
    assert (view.planning_on, view.quarterly, view.reports) == (date(2027, 4, 19), True, 2)

    assert stop_planning(db, team_id=TEAM, slack_user_id="UMIRA", now=SET_UP) is not None
    assert db.scalars(select(TeamPlanning)).all() == []
    assert stop_planning(db, team_id=TEAM, slack_user_id="UMIRA", now=SET_UP) is None


def test_export_shows_the_date_and_forget_deletes_it(db: Session, team: None) -> None:
    plan_on(db, PLANNING, SET_UP, quarterly=True)
    plan(db, now=DUE)
    export = build_export(db, team_id=TEAM, slack_user_id="UMIRA", now=SET_UP)
    assert export is not None
    assert "## Your team-planning date" in export.markdown
    assert "Tue 19 Jan 2027 (then every 3 months)" in export.markdown
    ana_export = build_export(db, team_id=TEAM, slack_user_id="UANA", now=SET_UP)
    assert ana_export is not None
    assert "team-planning" not in ana_export.markdown

    forget(db, team_id=TEAM, slack_user_id="UMIRA", now=DUE + timedelta(minutes=1))
    assert db.scalars(select(TeamPlanning)).all() == []
    assert digests(db) == []


def _planned(db: Session) -> list[Conversation]:
    return list(db.scalars(select(Conversation).options(selectinload(Conversation.employee))))
