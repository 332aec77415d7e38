"""Digest data and planning against a real database: coverage, who counts, items by owner, coverage
per manager, privacy of channel data, and how subscriptions turn into queued digests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.digest.counts import GroupCoverage, TeamCounts
from bot.domain.digest.coverage import coverage, org_digest
from bot.domain.digest.planning import plan_digests
from bot.domain.digest.subscriptions import DigestChoice, stop_digest, subscribe
from bot.domain.digest.team import team_digest
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.people import Profile
from bot.models import (
    ActionItem,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    DeliveryState,
    DigestScope,
    DigestSubscription,
    ItemStatus,
    OneOnOneSeries,
    Person,
    PersonStatus,
    Workspace,
)

TEAM = "T0001"
NY = "America/New_York"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
SECRET_PREP = "SECRET-PREP: I want to move to the platform team"
SECRET_ITEM = "SECRET-ITEM: talk to the VP about my promotion case"


class World:
    """Builds people, series, conversations and items straight into the session."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.workspace = Workspace(team_id=TEAM, created_at=NOW, updated_at=NOW)
        db.add(self.workspace)
        db.flush()
        self._n = 0

    def person(
        self,
        name: str,
        *,
        manager: Person | None = None,
        confirmed: bool = True,
        tz: str = NY,
        status: PersonStatus = PersonStatus.ACTIVE,
        since: datetime = NOW - timedelta(days=365),
    ) -> Person:
        self._n += 1
        person = Person(
            team_id=TEAM,
            slack_user_id=f"U{name.upper().replace(' ', '')}{self._n}",
            display_name=name,
            tz=tz,
            manager_id=manager.id if manager else None,
            manager_confirmed=confirmed and manager is not None,
            manager_confirmed_at=since if confirmed and manager is not None else None,
            status=status,
            created_at=since,
            updated_at=NOW,
        )
        self.db.add(person)
        self.db.flush()
        return person

    def series(self, employee: Person, manager: Person, next_at: datetime | None = None) -> OneOnOneSeries:
        next_at = next_at or NOW + timedelta(days=10)
        series = OneOnOneSeries(
            team_id=TEAM,
            employee_id=employee.id,
            manager_id=manager.id,
            rrule="FREQ=WEEKLY;INTERVAL=2",
            anchor_local=next_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
            tz="UTC",
            next_meeting_at=next_at,
            created_at=NOW,
            updated_at=NOW,
        )
        self.db.add(series)
        self.db.flush()
        return series

    def conversation(
        self,
        series: OneOnOneSeries,
        at: datetime,
        state: ConversationState = ConversationState.HELD,
        manager: Person | None = None,
        **extra: object,
    ) -> Conversation:
        conversation = Conversation(
            team_id=TEAM,
            series_id=series.id,
            employee_id=series.employee_id,
            manager_id=manager.id if manager else series.manager_id,
            scheduled_at=at,
            state=state,
            created_at=NOW,
            updated_at=NOW,
            **extra,
        )
        self.db.add(conversation)
        self.db.flush()
        return conversation

    def held(self, series: OneOnOneSeries, days_ago: int, manager: Person | None = None) -> Conversation:
        return self.conversation(series, NOW - timedelta(days=days_ago), manager=manager)

    def item(
        self,
        conversation: Conversation,
        owner: Person,
        *,
        due: date | None,
        status: ItemStatus = ItemStatus.OPEN,
        text: str = SECRET_ITEM,
    ) -> ActionItem:
        other = conversation.manager_id if owner.id == conversation.employee_id else conversation.employee_id
        item = ActionItem(
            team_id=TEAM,
            conversation_id=conversation.id,
            owner_id=owner.id,
            counterpart_id=other,
            text=text,
            due_date=due,
            status=status,
            created_at=NOW,
            updated_at=NOW,
        )
        self.db.add(item)
        self.db.flush()
        return item


@pytest.fixture
def world(db: Session) -> World:
    return World(db)


TODAY = date(2026, 11, 23)
OVERDUE = date(2026, 11, 20)
LATER = date(2026, 12, 20)


# -- coverage ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "covered", "flagged"),
    [(None, False, True), (0, True, False), (45, True, False), (46, True, True), (60, True, True), (61, False, True)],
)
def test_coverage_counts_local_days_against_the_window_and_the_flag(
    days_ago: int | None, covered: bool, flagged: bool
) -> None:
    held = None if days_ago is None else NOW - timedelta(days=days_ago)

    result = coverage(held, today=TODAY, tz=NY, window_days=60, flag_days=45)

    assert (result.days_since, result.covered, result.flagged) == (days_ago, covered, flagged)


@pytest.mark.parametrize(("joined_days_ago", "flagged"), [(0, False), (45, False), (46, True)])
def test_with_none_recorded_the_wait_counts_from_joining(joined_days_ago: int, flagged: bool) -> None:
    since = NOW - timedelta(days=joined_days_ago)

    result = coverage(None, today=TODAY, tz=NY, window_days=60, flag_days=45, since=since)

    assert (result.days_since, result.covered, result.flagged) == (None, False, flagged)


def test_a_report_who_just_joined_is_not_overdue_in_either_digest(world: World, db: Session) -> None:
    mira = world.person("Mira")
    world.series(world.person("New", manager=mira, since=NOW - timedelta(hours=2)), mira)
    for name in ("Old A", "Old B", "Old C", "Old D"):
        world.series(world.person(name, manager=mira), mira)

    digest = team_digest(db, owner=mira, now=NOW, with_titles=False)
    (line,) = org_digest(db, team_id=TEAM, tz=NY, now=NOW).managers

    assert [r.name for r in digest.flagged] == ["Old A", "Old B", "Old C", "Old D"]
    assert (line.reports, line.flagged) == (5, 4)


def test_days_are_counted_on_the_managers_calendar() -> None:
    # 03:00 UTC on Monday is still Sunday evening in New York: one day ago there, not zero.
    result = coverage(datetime(2026, 11, 23, 3, 0, tzinfo=UTC), today=TODAY, tz=NY, window_days=60, flag_days=45)

    assert (result.last_held_on, result.days_since) == (date(2026, 11, 22), 1)


def test_team_coverage_and_the_longest_without_one_come_first(world: World, db: Session) -> None:
    mira = world.person("Mira")
    ages = {"Ana": 10, "Bo": 46, "Cy": 61, "Dee": None, "Eli": 59}
    for name, days in ages.items():
        report = world.person(name, manager=mira)
        series = world.series(report, mira)
        if days is not None:
            world.held(series, days + 30)  # an older one does not matter
            world.held(series, days)
        world.conversation(series, NOW - timedelta(days=3), ConversationState.SKIPPED)
        world.conversation(series, NOW - timedelta(days=2), ConversationState.PLANNED)

    digest = team_digest(db, owner=mira, now=NOW, with_titles=False)

    assert [r.name for r in digest.reports] == ["Dee", "Cy", "Eli", "Bo", "Ana"]
    assert [r.coverage.days_since for r in digest.reports] == [None, 61, 59, 46, 10]
    assert digest.covered == 3
    assert [r.name for r in digest.flagged] == ["Dee", "Cy", "Eli", "Bo"]
    assert (digest.window_days, digest.flag_days) == (60, 45)


def test_the_workspace_window_and_flag_are_used(world: World, db: Session) -> None:
    world.workspace.coverage_window_days, world.workspace.coverage_flag_days = 30, 20
    mira = world.person("Mira")
    world.held(world.series(world.person("Ana", manager=mira), mira), 25)

    (line,) = team_digest(db, owner=mira, now=NOW, with_titles=False).reports

    assert (line.coverage.covered, line.coverage.flagged) == (True, True)


def test_only_confirmed_current_reports_count(world: World, db: Session) -> None:
    mira, other = world.person("Mira"), world.person("Other Manager")
    world.person("Confirmed", manager=mira)
    world.person("Away", manager=mira, status=PersonStatus.PAUSED)
    world.person("Unconfirmed", manager=mira, confirmed=False)
    world.person("Gone", manager=mira, status=PersonStatus.LEFT)
    world.person("Elsewhere", manager=other)
    world.person("Nobody's")

    digest = team_digest(db, owner=mira, now=NOW, with_titles=False)

    assert sorted(r.name for r in digest.reports) == ["Away", "Confirmed"]


def test_a_conversation_with_an_earlier_manager_still_counts_for_the_person(world: World, db: Session) -> None:
    old, mira = world.person("Old Manager"), world.person("Mira")
    ana = world.person("Ana", manager=mira)
    world.held(world.series(ana, mira), 20, manager=old)

    (line,) = team_digest(db, owner=mira, now=NOW, with_titles=False).reports

    assert (line.coverage.days_since, line.coverage.covered) == (20, True)


def test_next_meeting_and_whether_prep_was_shared_for_it(world: World, db: Session) -> None:
    mira, former = world.person("Mira"), world.person("Former")
    ana, bo, cy, dee = (world.person(n, manager=mira) for n in ("Ana", "Bo", "Cy", "Dee"))
    ana_next = NOW + timedelta(days=3)
    shared = {"prep_shared_at": NOW, "shared_prep": {"topics": "x"}}
    world.conversation(
        world.series(ana, mira, ana_next), ana_next, ConversationState.PLANNED, prep_shared_with_id=mira.id, **shared
    )
    # Dee shared with her previous manager, before moving to Mira: that share is not Mira's.
    world.conversation(
        world.series(dee, mira, ana_next), ana_next, ConversationState.PLANNED, prep_shared_with_id=former.id, **shared
    )
    bo_next = NOW + timedelta(days=4)
    world.conversation(world.series(bo, mira, bo_next), bo_next, ConversationState.PLANNED, prep_saved_at=NOW)
    stale = NOW - timedelta(days=1)  # nothing rolled the series forward: the rule says when it is next
    world.series(cy, mira, stale)

    lines = {r.name: r for r in team_digest(db, owner=mira, now=NOW, with_titles=False).reports}

    assert (lines["Ana"].next_meeting_at, lines["Ana"].prep_shared) == (ana_next, True)
    assert (lines["Bo"].next_meeting_at, lines["Bo"].prep_shared) == (bo_next, False)
    assert lines["Cy"].next_meeting_at == stale + timedelta(weeks=2)
    assert lines["Cy"].prep_shared is False
    assert (lines["Dee"].next_meeting_at, lines["Dee"].prep_shared) == (ana_next, False)


def test_open_and_overdue_items_are_split_by_owner(world: World, db: Session) -> None:
    boss, mira, former = world.person("Boss"), world.person("Mira"), world.person("Former")
    mira.manager_id, mira.manager_confirmed = boss.id, True
    ana = world.person("Ana", manager=mira)
    talk = world.held(world.series(ana, mira), 10)
    world.item(talk, ana, due=OVERDUE)
    world.item(talk, ana, due=LATER)
    world.item(talk, ana, due=None)
    world.item(talk, ana, due=OVERDUE, status=ItemStatus.DONE)
    world.item(talk, mira, due=OVERDUE)
    world.item(talk, mira, due=OVERDUE, status=ItemStatus.BLOCKED)
    world.item(talk, mira, due=LATER, status=ItemStatus.DROPPED)
    earlier = world.held(db.get(OneOnOneSeries, talk.series_id), 100, manager=former)  # with Ana's former manager
    world.item(earlier, former, due=OVERDUE)  # still theirs, not Mira's
    # Mira's own development items, owed to her manager, are not her commitments as a manager.
    world.item(world.held(world.series(mira, boss), 5), mira, due=OVERDUE)

    digest = team_digest(db, owner=mira, now=NOW, with_titles=True)

    (line,) = digest.reports
    assert (line.theirs.open, line.theirs.overdue) == (3, 1)
    assert (line.managers.open, line.managers.overdue) == (2, 2)
    assert digest.own_overdue == 2
    assert [(c.due, c.report_name) for c in digest.own_titles] == [(OVERDUE, "Ana"), (OVERDUE, "Ana")]


def test_overdue_follows_the_item_owners_calendar(world: World, db: Session) -> None:
    mira = world.person("Mira", tz="Pacific/Kiritimati")  # UTC+14: already Tuesday
    ana = world.person("Ana", manager=mira, tz="Pacific/Pago_Pago")  # UTC-11: still Sunday
    talk = world.held(world.series(ana, mira), 10)
    world.item(talk, ana, due=date(2026, 11, 23))
    world.item(talk, mira, due=date(2026, 11, 23))

    (line,) = team_digest(db, owner=mira, now=NOW, with_titles=False).reports

    assert (line.theirs.overdue, line.managers.overdue) == (0, 1)


def test_channel_data_holds_no_prep_or_item_text(world: World, db: Session) -> None:
    mira = world.person("Mira")
    ana = world.person("Ana", manager=mira)
    series = world.series(ana, mira)
    talk = world.held(series, 50)
    talk.prep, talk.recap = {"strengths": SECRET_PREP}, {"takeaways": SECRET_PREP}
    upcoming = world.conversation(series, series.next_meeting_at, ConversationState.PLANNED)
    upcoming.prep, upcoming.prep_shared_at = {"direction": SECRET_PREP}, NOW
    world.item(talk, ana, due=OVERDUE)
    world.item(talk, mira, due=OVERDUE)
    db.flush()

    for_channel = team_digest(db, owner=mira, now=NOW, with_titles=False)
    for_dm = team_digest(db, owner=mira, now=NOW, with_titles=True)
    org = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert "SECRET" not in repr(for_channel)
    assert "SECRET" not in repr(org)
    assert for_channel.own_overdue == 1
    assert for_channel.own_titles == ()
    assert [c.text for c in for_dm.own_titles] == [SECRET_ITEM]  # the manager's own item, in their DM only
    assert SECRET_PREP not in repr(for_dm)


def _team(world: World, manager: Person, days_ago: list[int | None]) -> None:
    """Confirmed reports of `manager`, each with their latest held conversation that many days ago (or none)."""
    for i, days in enumerate(days_ago):
        report = world.person(f"{manager.display_name} report {i}", manager=manager)
        if days is not None:
            world.held(world.series(report, manager), days)


def test_org_coverage_per_manager_lowest_first(world: World, db: Session) -> None:
    mira, leo, gone = world.person("Mira"), world.person("Leo"), world.person("Gone", status=PersonStatus.LEFT)
    _team(world, mira, [5, 50, None, 10, 20])
    _team(world, leo, [70, 70, 70, 5, 5, 5])
    _team(world, gone, [None, None, None, None, None])
    world.person("Fay", manager=leo, confirmed=False)

    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert [(m.name, m.reports, m.covered, m.flagged, m.still_here) for m in digest.managers] == [
        ("Gone", 5, 0, 5, False),
        ("Leo", 6, 3, 3, True),
        ("Mira", 5, 4, 2, True),
    ]
    assert (digest.smaller, digest.withheld) == (None, False)
    assert (digest.reports, digest.covered) == (16, 7)


def test_teams_under_five_are_counted_together_never_one_by_one(world: World, db: Session) -> None:
    mira, leo, kim = world.person("Mira"), world.person("Leo"), world.person("Kim")
    _team(world, mira, [5, 50, None, 10, 20])
    _team(world, leo, [5, 70, None])
    _team(world, kim, [5, 5])

    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert [m.name for m in digest.managers] == ["Mira"]
    assert digest.smaller == GroupCoverage(reports=5, covered=3, flagged=2)
    assert digest.withheld is False
    assert (digest.reports, digest.covered) == (10, 7)
    assert "Leo" not in repr(digest)
    assert "Kim" not in repr(digest)


def test_small_teams_too_few_together_are_left_out_of_every_figure(world: World, db: Session) -> None:
    mira, leo, kim = world.person("Mira"), world.person("Leo"), world.person("Kim")
    _team(world, mira, [5, 50, None, 10, 20])
    _team(world, leo, [5, 70, None])
    _team(world, kim, [5])

    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert [m.name for m in digest.managers] == ["Mira"]
    assert (digest.smaller, digest.withheld) == (None, True)
    assert (digest.reports, digest.covered) == (5, 4)  # the total says nothing about Leo's and Kim's teams


def test_a_workspace_of_small_teams_only_gets_no_figure(world: World, db: Session) -> None:
    _team(world, world.person("Mira"), [5, None])

    digest = org_digest(db, team_id=TEAM, tz=NY, now=NOW)

    assert (digest.managers, digest.smaller, digest.withheld) == ((), None, True)
    assert digest.reports == 0


@pytest.mark.parametrize(("size", "shown"), [(1, False), (4, False), (5, True), (9, True)])
def test_a_channel_gets_team_counts_only_for_five_or_more(size: int, shown: bool, world: World, db: Session) -> None:
    mira = world.person("Mira")
    days = [5, 70, None, 10, 20, 30, 40, 50, 60][:size]
    _team(world, mira, days)
    reports = db.scalars(select(Person).where(Person.manager_id == mira.id)).all()
    ana = next(r for r in reports if r.display_name.endswith(" 0"))
    series = db.scalars(select(OneOnOneSeries).where(OneOnOneSeries.employee_id == ana.id)).one()
    upcoming = world.conversation(series, series.next_meeting_at, ConversationState.PLANNED)
    upcoming.prep_shared_at, upcoming.prep_shared_with_id = NOW, mira.id
    db.flush()

    counts = team_digest(db, owner=mira, now=NOW, with_titles=False).counts

    if not shown:
        assert counts is None
        return
    assert counts is not None
    covered = sum(d is not None and d <= 60 for d in days)
    flagged = sum(d is None or d > 45 for d in days)
    scheduled = sum(d is not None for d in days)  # `_team` gives a series to those who had a conversation
    assert counts == TeamCounts(size, covered, flagged, scheduled, prep_shared=1, own_overdue=0)


# -- planning -------------------------------------------------------------------------------------------


MIRA = Profile("UMIRA", "Mira Chen", NY)


def _subscribe(
    db: Session,
    *,
    channel_id: str | None = "CMGRS",
    interval_weeks: int | None = None,
    weekday: int | None = None,
    hour: int | None = None,
) -> DigestSubscription:
    choice = DigestChoice(DigestScope.TEAM, channel_id, interval_weeks, weekday, hour)
    view = subscribe(db, team_id=TEAM, profile=MIRA, workspace_admin=False, choice=choice, now=NOW)
    sub = db.get(DigestSubscription, view.subscription_id)
    assert sub is not None
    return sub


def _digests(db: Session) -> list[tuple[DeliveryKind, datetime, str | None, DeliveryState]]:
    rows = db.scalars(
        select(Delivery)
        .where(Delivery.kind.in_([DeliveryKind.TEAM_DIGEST, DeliveryKind.ORG_DIGEST]))
        .order_by(Delivery.id)
    )
    return [(d.kind, d.due_at, d.channel_id, d.state) for d in rows]


def test_a_subscription_is_planned_once_at_the_owners_local_hour(world: World, db: Session) -> None:
    sub = _subscribe(db)  # defaults: Mondays 09:00 New York, weekly

    assert plan_digests(db, world.workspace, NOW) == 1
    assert plan_digests(db, world.workspace, NOW + timedelta(hours=1)) == 0

    slot = datetime(2026, 11, 30, 14, tzinfo=UTC)
    assert _digests(db) == [(DeliveryKind.TEAM_DIGEST, slot, "CMGRS", DeliveryState.PENDING)]
    delivery = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.TEAM_DIGEST)).one()
    assert delivery.idempotency_key == f"{TEAM}:digest:{sub.id}:2026-11-30"
    assert delivery.recipient_id == sub.owner_id
    assert sub.next_due_at == slot


def test_an_hour_outside_working_hours_waits_for_them(world: World, db: Session) -> None:
    _subscribe(db, weekday=2, hour=7)

    plan_digests(db, world.workspace, NOW)

    assert _digests(db)[0][1] == datetime(2026, 11, 25, 14, tzinfo=UTC)  # Wednesday 09:00, not 07:00


def test_nothing_beyond_the_horizon_and_nothing_when_digests_are_off(world: World, db: Session) -> None:
    _subscribe(db, interval_weeks=2)
    world.workspace.digests_enabled = False

    assert plan_digests(db, world.workspace, NOW) == 0

    world.workspace.digests_enabled = True
    assert plan_digests(db, world.workspace, NOW - timedelta(days=20)) == 0


def test_a_sent_slot_moves_on_by_the_interval(world: World, db: Session) -> None:
    sub = _subscribe(db, interval_weeks=2)
    plan_digests(db, world.workspace, NOW)
    first = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.TEAM_DIGEST)).one()
    first.state, first.sent_at = DeliveryState.SENT, first.due_at

    plan_digests(db, world.workspace, first.due_at + timedelta(hours=1))

    assert sub.next_due_at == datetime(2026, 12, 14, 14, tzinfo=UTC)
    assert [row[1] for row in _digests(db)] == [first.due_at, datetime(2026, 12, 14, 14, tzinfo=UTC)]


def test_after_downtime_only_the_latest_missed_digest_goes(world: World, db: Session) -> None:
    sub = _subscribe(db)
    sub.next_due_at = datetime(2026, 11, 2, 14, tzinfo=UTC)  # three Mondays ago

    plan_digests(db, world.workspace, NOW + timedelta(hours=2))

    assert _digests(db) == [(DeliveryKind.TEAM_DIGEST, NOW + timedelta(hours=2), "CMGRS", DeliveryState.PENDING)]


def test_moving_or_stopping_a_digest_retargets_or_cancels_what_is_queued(world: World, db: Session) -> None:
    _subscribe(db)
    plan_digests(db, world.workspace, NOW)

    _subscribe(db, channel_id=None)  # same slot, now to the DM
    assert _digests(db)[0][2:] == (None, DeliveryState.PENDING)

    _subscribe(db, channel_id=None, weekday=1)  # another day: that queued one is dropped
    plan_digests(db, world.workspace, NOW)
    assert [(due, state) for _, due, _, state in _digests(db)] == [
        (datetime(2026, 11, 30, 14, tzinfo=UTC), DeliveryState.CANCELLED),
        (datetime(2026, 11, 24, 14, tzinfo=UTC), DeliveryState.PENDING),
    ]

    assert stop_digest(db, team_id=TEAM, slack_user_id="UMIRA", scope=DigestScope.TEAM, now=NOW) is not None
    assert {state for *_, state in _digests(db)} == {DeliveryState.CANCELLED}
    assert plan_digests(db, world.workspace, NOW) == 0


def test_the_org_digest_needs_an_admin_or_a_named_person(world: World, db: Session) -> None:
    choice = DigestChoice(DigestScope.ORG, "CPEOPLE")
    with pytest.raises(NotAllowed):
        subscribe(db, team_id=TEAM, profile=MIRA, workspace_admin=False, choice=choice, now=NOW)

    world.workspace.org_digest_user_ids = ["UOTHER", "UMIRA"]
    view = subscribe(db, team_id=TEAM, profile=MIRA, workspace_admin=False, choice=choice, now=NOW)
    plan_digests(db, world.workspace, NOW)

    assert view.scope is DigestScope.ORG
    assert _digests(db)[0][0] is DeliveryKind.ORG_DIGEST


def test_bad_schedule_values_are_refused(world: World, db: Session) -> None:
    with pytest.raises(InvalidInput):
        _subscribe(db, interval_weeks=3)
    with pytest.raises(InvalidInput):
        _subscribe(db, hour=24)


def test_a_gone_channel_tells_the_owner_once_and_pauses_the_digest(world: World, db: Session) -> None:
    sub = _subscribe(db)
    plan_digests(db, world.workspace, NOW)
    delivery = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.TEAM_DIGEST)).one()
    delivery.state, delivery.last_error = DeliveryState.FAILED, "is_archived"
    delivery.updated_at = later = delivery.due_at

    plan_digests(db, world.workspace, later)
    plan_digests(db, world.workspace, later + timedelta(days=8))

    notices = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE)).all()
    assert [(n.payload["template"], n.payload["reason"], n.recipient_id) for n in notices] == [
        ("digest_undeliverable", "is_archived", sub.owner_id)
    ]
    assert (sub.active, sub.next_due_at) == (False, None)
    assert len(_digests(db)) == 1


def test_a_removed_bot_tells_the_owner_once_and_keeps_trying(world: World, db: Session) -> None:
    sub = _subscribe(db)
    for week in range(2):
        now = NOW + timedelta(weeks=week)
        plan_digests(db, world.workspace, now)
        queued = select(Delivery).where(
            Delivery.kind == DeliveryKind.TEAM_DIGEST, Delivery.state == DeliveryState.PENDING
        )
        for delivery in db.scalars(queued):
            delivery.state, delivery.last_error, delivery.updated_at = DeliveryState.FAILED, "not_in_channel", now
        plan_digests(db, world.workspace, now + timedelta(days=1))

    notices = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE)).all()
    assert len(notices) == 1
    assert sub.active is True
