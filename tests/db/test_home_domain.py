"""The App Home's query against a real database: next 1:1 and prep progress, open items, past
conversations, a manager's team, read-only always, and one workspace never showing another's data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.home import HomeSummary, PrepProgress, conversation_history, home_summary
from bot.domain.people import Profile
from bot.domain.prep import save_prep, set_sharing
from bot.domain.prep_answers import PrepAnswers
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.domain.team import invite
from bot.models import ActionItem, Cadence, Conversation, ConversationState, ItemStatus, OneOnOneSeries, Person
from tests.conftest import FakeClock
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM

BOSS = Profile("UBOSS", "Bo Sterling", "UTC")
NEXT = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)  # 15:30 in Berlin, as set up below


def set_up(db: Session, now: datetime, employee: Profile = ANA, manager: Profile = MIRA, team: str = TEAM) -> None:
    form = SetupInput(employee, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    save_setup(db, team_id=team, form=form, submission_id=f"{team}:{employee.slack_user_id}", now=now)


def person(db: Session, slack_user_id: str, team: str = TEAM) -> Person:
    return db.scalars(select(Person).filter_by(team_id=team, slack_user_id=slack_user_id)).one()


def series_of(db: Session, employee: Profile) -> OneOnOneSeries:
    return db.scalars(select(OneOnOneSeries).filter_by(employee_id=person(db, employee.slack_user_id).id)).one()


def confirm(db: Session, employee: Profile, now: datetime) -> None:
    series = series_of(db, employee)
    manager = db.get(Person, series.manager_id)
    assert manager is not None
    confirm_manager(
        db, team_id=TEAM, series_id=series.id, manager_id=manager.id, actor_slack_id=manager.slack_user_id, now=now
    )


def conversation(db: Session, employee: Profile, at: datetime, state: ConversationState) -> Conversation:
    series = series_of(db, employee)
    row = Conversation(
        team_id=TEAM,
        series_id=series.id,
        employee_id=series.employee_id,
        manager_id=series.manager_id,
        scheduled_at=at,
        state=state,
        created_at=at,
        updated_at=at,
    )
    db.add(row)
    db.flush()
    return row


def item(db: Session, where: Conversation, owner: Person, text: str, **kw: Any) -> ActionItem:
    other = where.manager_id if owner.id == where.employee_id else where.employee_id
    fields: dict[str, Any] = {"status": ItemStatus.OPEN, "created_at": where.created_at} | kw
    row = ActionItem(
        team_id=TEAM,
        conversation_id=where.id,
        owner_id=owner.id,
        counterpart_id=other,
        text=text,
        updated_at=where.created_at,
        **fields,
    )
    db.add(row)
    db.flush()
    return row


def test_someone_unknown_gets_a_newcomers_home(db: Session, clock: FakeClock) -> None:
    summary = home_summary(db, team_id=TEAM, slack_user_id="UEVE", now=clock.now)

    assert summary == HomeSummary(tz="UTC")
    assert not summary.set_up


def test_the_next_one_on_one_and_how_far_its_prep_has_come(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)

    summary = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=clock.now)

    assert summary.set_up
    assert (summary.manager_user_id, summary.manager_confirmed) == ("UMIRA", False)
    assert summary.next_meeting_at == NEXT
    assert summary.tz == "Europe/Berlin"
    assert summary.today == date(2026, 11, 23)
    assert (summary.prep, summary.prep_shared_at) == (PrepProgress.NOT_STARTED, None)

    planned = db.scalars(select(Conversation)).one()
    save_prep(
        db,
        team_id=TEAM,
        conversation_id=planned.id,
        slack_user_id="UANA",
        answers=PrepAnswers(direction="Lead a small team"),
        now=clock.now,
    )
    assert home_summary(db, team_id=TEAM, slack_user_id="UANA", now=clock.now).prep is PrepProgress.DRAFT

    shared_at = clock.advance(minutes=10)
    set_sharing(db, team_id=TEAM, conversation_id=planned.id, slack_user_id="UANA", share=True, now=shared_at)
    summary = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=clock.now)
    assert (summary.prep, summary.prep_shared_at) == (PrepProgress.SHARED, shared_at)


def test_reading_a_home_writes_nothing_even_when_the_next_meeting_has_to_be_worked_out(
    db: Session, clock: FakeClock
) -> None:
    set_up(db, clock.now)
    db.flush()
    conversations = db.scalar(select(func.count()).select_from(Conversation))
    later = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # the 8 December 1:1 is over; nothing rolled forward

    summary = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=later)

    # Monthly on the second Tuesday: 12 January 2027, 15:30 in Berlin.
    assert summary.next_meeting_at == datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
    assert summary.prep is PrepProgress.NOT_STARTED
    assert not db.new
    assert not db.dirty
    assert db.scalar(select(func.count()).select_from(Conversation)) == conversations


def test_past_conversations_newest_first_with_their_item_counts(db: Session, clock: FakeClock) -> None:
    now = clock.now
    set_up(db, now)
    ana = person(db, "UANA")
    held = conversation(db, ANA, now - timedelta(days=14), ConversationState.HELD)
    item(db, held, ana, "Draft a learning plan")
    item(db, held, ana, "Finished already", status=ItemStatus.DONE)
    conversation(db, ANA, now - timedelta(days=42), ConversationState.SKIPPED)
    conversation(db, ANA, now - timedelta(days=70), ConversationState.PLANNED)  # took place, never recapped
    conversation(db, ANA, now - timedelta(days=90), ConversationState.MOVED)

    summary = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=now, history_shown=2)

    assert [(p.state, p.items) for p in summary.history] == [
        (ConversationState.HELD, 2),
        (ConversationState.SKIPPED, 0),
    ]
    assert summary.history[0].at == now - timedelta(days=14)
    assert summary.history_total == 3  # the upcoming 1:1 and the moved one are not history
    longer = conversation_history(db, team_id=TEAM, slack_user_id="UANA", now=now, limit=40)
    assert (longer.tz, longer.total, len(longer.entries)) == ("Europe/Berlin", 3, 3)
    assert longer.entries[-1].state is ConversationState.PLANNED


def test_open_items_both_ways(db: Session, clock: FakeClock) -> None:
    now = clock.now
    set_up(db, now)
    held = conversation(db, ANA, now - timedelta(days=14), ConversationState.HELD)
    item(db, held, person(db, "UANA"), "Mine")
    item(db, held, person(db, "UMIRA"), "Mira's, for me")
    item(db, held, person(db, "UANA"), "Closed", status=ItemStatus.DROPPED)

    summary = home_summary(db, team_id=TEAM, slack_user_id="UANA", now=now)

    assert [c.text for c in summary.owned] == ["Mine"]
    assert [c.text for c in summary.owed_to_me] == ["Mira's, for me"]


def test_only_confirmed_reports_make_a_team(db: Session, clock: FakeClock) -> None:
    now = clock.now
    set_up(db, now)

    assert home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=now).team is None
    assert home_summary(db, team_id=TEAM, slack_user_id="UANA", now=now).team is None

    confirm(db, ANA, now)
    team = home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=now).team

    assert team is not None
    assert [r.slack_user_id for r in team.reports] == ["UANA"]
    assert team.reports[0].next_meeting_at == NEXT
    assert team.invitations_waiting == 0


def test_a_report_set_up_today_is_not_flagged_until_the_wait_passes_the_threshold(
    db: Session, clock: FakeClock
) -> None:
    set_up(db, clock.now)
    confirm(db, ANA, clock.now)

    (today,) = home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=clock.now).team.reports  # type: ignore[union-attr]
    later = clock.now + timedelta(days=46)
    (weeks_on,) = home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=later).team.reports  # type: ignore[union-attr]

    assert (today.coverage.last_held_on, today.coverage.flagged) == (None, False)
    assert weeks_on.coverage.flagged


def test_the_team_counts_items_per_owner_and_lists_only_the_managers_commitments_to_it(
    db: Session, clock: FakeClock
) -> None:
    now = clock.now
    set_up(db, now)
    set_up(db, now, employee=MIRA, manager=BOSS)  # Mira has a manager of her own
    confirm(db, ANA, now)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    with_ana = conversation(db, ANA, now - timedelta(days=14), ConversationState.HELD)
    item(db, with_ana, ana, "Ana's plan", due_date=date(2026, 11, 1))
    item(db, with_ana, ana, "Ana's reading")
    item(db, with_ana, mira, "Find Ana a mentor")
    with_boss = conversation(db, MIRA, now - timedelta(days=7), ConversationState.HELD)
    item(db, with_boss, mira, "Mira's own growth plan")

    summary = home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=now)

    assert summary.team is not None
    [line] = summary.team.reports
    assert (line.theirs.open, line.theirs.overdue, line.managers.open) == (2, 1, 1)
    assert line.coverage.days_since == 14
    assert [c.text for c in summary.team.commitments] == ["Find Ana a mentor"]
    assert {c.text for c in summary.owned} == {"Find Ana a mentor", "Mira's own growth plan"}
    assert summary.manager_user_id == "UBOSS"


def test_invitations_out_make_a_team_part_before_anyone_joins(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA, LEO], now=clock.now)

    team = home_summary(db, team_id=TEAM, slack_user_id="UMIRA", now=clock.now).team

    assert team is not None
    assert (team.reports, team.invitations_waiting) == ((), 2)


def test_another_workspace_shows_nothing_here(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now, team=OTHER_TEAM)

    assert home_summary(db, team_id=TEAM, slack_user_id="UANA", now=clock.now) == HomeSummary(tz="UTC")
    assert home_summary(db, team_id=OTHER_TEAM, slack_user_id="UANA", now=clock.now).set_up
