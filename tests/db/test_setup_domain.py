"""The setup domain against a real database: validation, saving, the manager's answer, the outbox
and the workspace lifecycle (people, workspaces, outbox modules included)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.calendar_invites import SETTLE
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import enqueue, notice, queued_in
from bot.domain.outbox_payloads import ManagerDeclined, Notice, RequestRef
from bot.domain.people import Profile, upsert_person
from bot.domain.setup import (
    F_DATE,
    F_LENGTH,
    F_MANAGER,
    F_TIME,
    SetupInput,
    confirm_manager,
    decline_manager,
    save_setup,
    validate_setup,
)
from bot.domain.workspaces import Erased, block_sends, ensure_workspace, erase_workspace
from bot.models import (
    ActionItem,
    ActionItemEvent,
    Ask,
    Base,
    Cadence,
    CalendarFeed,
    CheckIn,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    DeliveryState,
    DigestSubscription,
    HandledRequest,
    HelpOffer,
    Intro,
    Invitation,
    ItemStatus,
    MeetingRequest,
    OfficeHours,
    OfficeHoursBooking,
    OneOnOneSeries,
    Opportunity,
    OpportunityInterest,
    OpportunityKind,
    Person,
    PersonStatus,
    Reflection,
    TeamPlanning,
    Workspace,
    WorkspaceQuestion,
)
from tests.conftest import FakeClock
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM


def mira_id(session: Session) -> int:
    """The person id of Mira, the manager confirmation requests are addressed to."""
    return session.scalars(select(Person.id).where(Person.slack_user_id == "UMIRA")).one()


def form(
    *,
    employee: Profile = ANA,
    manager: Profile | None = MIRA,
    meeting_date: date | None = date(2026, 12, 8),
    meeting_time: time | None = time(15, 30),
    cadence: Cadence = Cadence.MONTHLY,
    length_minutes: int = 30,
) -> SetupInput:
    return SetupInput(employee, manager, meeting_date, meeting_time, cadence, length_minutes)


def deliveries(db: Session, **where: Any) -> list[Delivery]:
    query = select(Delivery).filter_by(**where).order_by(Delivery.id)
    return list(db.scalars(query))


def person(db: Session, slack_user_id: str, team_id: str = TEAM) -> Person:
    return db.scalars(select(Person).filter_by(team_id=team_id, slack_user_id=slack_user_id)).one()


def notices(db: Session, template: str) -> list[Delivery]:
    return [d for d in deliveries(db, kind=DeliveryKind.NOTICE) if d.payload.get("template") == template]


# -- validate_setup ----------------------------------------------------------------------------------


def test_a_complete_form_in_the_future_is_valid(clock: FakeClock) -> None:
    assert validate_setup(form(), now=clock.now) == {}


@pytest.mark.parametrize(
    ("changes", "field", "mentions"),
    [
        ({"manager": None}, F_MANAGER, "Pick the person"),
        ({"manager": replace(ANA, display_name="Me")}, F_MANAGER, "That's you"),
        ({"manager": Profile("UAPP", "Standup Bot", None, is_bot=True)}, F_MANAGER, "Standup Bot is an app"),
        ({"manager": Profile("UGONE", "Former Boss", "UTC", deleted=True)}, F_MANAGER, "Former Boss is no longer"),
        ({"meeting_date": None}, F_DATE, "Pick the date"),
        ({"meeting_time": None}, F_TIME, "Pick the time"),
        # 14:30 in Berlin (UTC+1) is 13:30 UTC, half an hour before the clock's 14:00 UTC.
        ({"meeting_date": date(2026, 11, 23), "meeting_time": time(14, 30)}, F_DATE, "already passed"),
        # 15:00 in Berlin is exactly now: a meeting starting now is not "next".
        ({"meeting_date": date(2026, 11, 23), "meeting_time": time(15, 0)}, F_DATE, "already passed"),
        ({"meeting_date": date(2027, 12, 27)}, F_DATE, "within the next 12 months"),
        ({"length_minutes": 20}, F_LENGTH, "listed lengths"),
    ],
)
def test_validate_setup_reports_the_field_at_fault(
    clock: FakeClock, changes: dict[str, Any], field: str, mentions: str
) -> None:
    errors = validate_setup(form(**changes), now=clock.now)

    assert list(errors) == [field]
    assert mentions in errors[field]


def test_validate_setup_accepts_a_date_eleven_months_ahead_and_reports_every_field(clock: FakeClock) -> None:
    assert validate_setup(form(meeting_date=date(2027, 10, 20)), now=clock.now) == {}

    errors = validate_setup(form(manager=None, meeting_date=None, meeting_time=None, length_minutes=0), now=clock.now)

    assert set(errors) == {F_MANAGER, F_DATE, F_TIME, F_LENGTH}


def test_a_date_just_beyond_twelve_months_is_refused(clock: FakeClock) -> None:
    # The clock reads Monday 23 November 2026, 15:00 in Berlin; 24 November 2027 is 12 months and a day away.
    errors = validate_setup(form(meeting_date=date(2027, 11, 24), meeting_time=time(9, 0)), now=clock.now)

    assert list(errors) == [F_DATE]


def test_save_setup_refuses_an_invalid_form_and_stores_nothing(db: Session, clock: FakeClock) -> None:
    with pytest.raises(InvalidInput) as raised:
        save_setup(db, team_id=TEAM, form=form(manager=None), submission_id="s1", now=clock.now)

    assert set(raised.value.errors) == {F_MANAGER}
    assert db.scalar(select(func.count()).select_from(Person)) == 0
    assert deliveries(db) == []


# -- save_setup --------------------------------------------------------------------------------------


def test_save_setup_stores_people_series_conversation_and_queues_both_messages(db: Session, clock: FakeClock) -> None:
    result = save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)

    assert db.get(Workspace, TEAM) is not None
    employee, manager = person(db, "UANA"), person(db, "UMIRA")
    assert (employee.display_name, employee.tz) == ("Ana Silva", "Europe/Berlin")
    assert (manager.display_name, manager.tz) == ("Mira Chen", "America/New_York")
    assert employee.manager_id == manager.id
    assert employee.manager_confirmed is False
    assert result.manager_changed is True
    assert result.next_meeting_local == datetime(2026, 12, 8, 15, 30)

    series = db.scalars(select(OneOnOneSeries)).one()
    assert (series.employee_id, series.manager_id, series.team_id) == (employee.id, manager.id, TEAM)
    # 8 December 2026 is the second Tuesday; 15:30 in Berlin (CET, UTC+1) is 14:30 UTC.
    assert series.rrule == "FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU"
    assert series.anchor_local == "2026-12-08T15:30:00"
    assert series.tz == "Europe/Berlin"
    assert series.next_meeting_at == datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    assert (series.cadence, series.length_minutes, series.active) == (Cadence.MONTHLY, 30, True)

    conversation = db.scalars(select(Conversation)).one()
    assert conversation.state is ConversationState.PLANNED
    assert conversation.series_id == series.id
    assert (conversation.employee_id, conversation.manager_id) == (employee.id, manager.id)
    assert conversation.scheduled_at == series.next_meeting_at
    assert conversation.length_minutes == 30

    invite, confirmation, saved = deliveries(db)
    assert invite.kind is DeliveryKind.CALENDAR_INVITE
    assert confirmation.kind is DeliveryKind.MANAGER_CONFIRMATION
    assert confirmation.recipient_id == manager.id
    assert confirmation.payload == {"series_id": series.id, "employee_id": employee.id}
    assert saved.kind is DeliveryKind.NOTICE
    assert saved.recipient_id == employee.id
    assert saved.payload == {"template": "setup_saved", "immediate": True, "series_id": series.id}
    for delivery in (confirmation, saved):
        assert (delivery.state, delivery.due_at, delivery.attempts) == (DeliveryState.PENDING, clock.now, 0)
        assert delivery.team_id == TEAM
    assert queued_in(db) == [invite, confirmation, saved]
    assert (invite.recipient_id, invite.due_at) == (employee.id, clock.now + SETTLE)  # Mira's waits for her yes


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", None])
def test_an_unknown_time_zone_falls_back_to_utc(db: Session, clock: FakeClock, tz: str | None) -> None:
    save_setup(db, team_id=TEAM, form=form(employee=replace(ANA, tz=tz)), submission_id="s1", now=clock.now)

    series = db.scalars(select(OneOnOneSeries)).one()
    assert person(db, "UANA").tz == "UTC"
    assert series.tz == "UTC"
    assert series.next_meeting_at == datetime(2026, 12, 8, 15, 30, tzinfo=UTC)


def test_saving_again_with_the_same_manager_asks_them_only_once(db: Session, clock: FakeClock) -> None:
    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)

    again = save_setup(
        db, team_id=TEAM, form=form(cadence=Cadence.WEEKLY), submission_id="s2", now=clock.advance(minutes=5)
    )

    assert again.manager_changed is False
    assert len(deliveries(db, kind=DeliveryKind.MANAGER_CONFIRMATION)) == 1
    assert len(notices(db, "setup_saved")) == 2
    assert db.scalars(select(OneOnOneSeries)).one().rrule == "FREQ=WEEKLY;INTERVAL=1"


def test_the_same_submission_twice_queues_nothing_twice(db: Session, clock: FakeClock) -> None:
    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)
    first = [(d.id, d.idempotency_key) for d in deliveries(db)]

    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.advance(seconds=2))

    assert [(d.id, d.idempotency_key) for d in deliveries(db)] == first
    assert db.scalar(select(func.count()).select_from(Conversation)) == 1


def test_switching_managers_resets_the_confirmation_and_asks_the_new_one(db: Session, clock: FakeClock) -> None:
    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)
    series = db.scalars(select(OneOnOneSeries)).one()
    confirm_manager(
        db,
        team_id=TEAM,
        series_id=series.id,
        manager_id=mira_id(db),
        actor_slack_id="UMIRA",
        now=clock.advance(hours=1),
    )
    assert person(db, "UANA").manager_confirmed is True

    result = save_setup(db, team_id=TEAM, form=form(manager=LEO), submission_id="s2", now=clock.advance(hours=1))

    employee, leo = person(db, "UANA"), person(db, "ULEO")
    assert result.manager_changed is True
    assert employee.manager_id == leo.id
    assert (employee.manager_confirmed, employee.manager_confirmed_at) == (False, None)
    assert db.scalars(select(OneOnOneSeries)).one().manager_id == leo.id
    assert db.scalars(select(Conversation)).one().manager_id == leo.id
    asked = [d.recipient_id for d in deliveries(db, kind=DeliveryKind.MANAGER_CONFIRMATION)]
    assert asked == [person(db, "UMIRA").id, leo.id]


def test_a_saved_prep_survives_a_reschedule(db: Session, clock: FakeClock) -> None:
    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)
    conversation = db.scalars(select(Conversation)).one()
    conversation.prep = {"topics": "Growth path to staff engineer"}
    conversation.prep_saved_at = clock.advance(hours=2)
    db.flush()

    save_setup(
        db,
        team_id=TEAM,
        form=form(meeting_date=date(2026, 12, 10), meeting_time=time(9, 0), length_minutes=45),
        submission_id="s2",
        now=clock.advance(hours=1),
    )
    db.expire_all()

    moved = db.scalars(select(Conversation)).one()
    assert moved.id == conversation.id
    assert moved.scheduled_at == datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    assert moved.length_minutes == 45
    assert moved.state is ConversationState.PLANNED
    assert moved.prep == {"topics": "Growth path to staff engineer"}
    assert moved.prep_saved_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


# -- the manager's answer ----------------------------------------------------------------------------


def saved_series(db: Session, clock: FakeClock, manager: Profile = MIRA) -> OneOnOneSeries:
    return save_setup(db, team_id=TEAM, form=form(manager=manager), submission_id="s1", now=clock.now).series


def test_confirm_manager_confirms_and_tells_the_employee_once(db: Session, clock: FakeClock) -> None:
    series = saved_series(db, clock)
    confirmed_at = clock.advance(hours=3)

    confirm_manager(
        db, team_id=TEAM, series_id=series.id, manager_id=mira_id(db), actor_slack_id="UMIRA", now=confirmed_at
    )
    confirm_manager(
        db,
        team_id=TEAM,
        series_id=series.id,
        manager_id=mira_id(db),
        actor_slack_id="UMIRA",
        now=clock.advance(hours=1),
    )

    employee = person(db, "UANA")
    assert (employee.manager_confirmed, employee.manager_confirmed_at) == (True, confirmed_at)
    [told] = notices(db, "manager_confirmed")
    assert told.recipient_id == employee.id
    assert told.due_at == confirmed_at
    assert told.payload["manager_id"] == mira_id(db)


@pytest.mark.parametrize("actor", ["UANA", "ULEO", "UNKNOWN"])
def test_only_the_named_manager_may_confirm(db: Session, clock: FakeClock, actor: str) -> None:
    series = saved_series(db, clock)

    with pytest.raises(NotAllowed):
        confirm_manager(
            db, team_id=TEAM, series_id=series.id, manager_id=mira_id(db), actor_slack_id=actor, now=clock.now
        )
    with pytest.raises(NotAllowed):
        decline_manager(
            db, team_id=TEAM, series_id=series.id, manager_id=mira_id(db), actor_slack_id=actor, now=clock.now
        )

    assert person(db, "UANA").manager_confirmed is False
    assert notices(db, "manager_confirmed") == []


def test_an_answer_for_another_workspace_or_a_missing_series_is_not_found(db: Session, clock: FakeClock) -> None:
    series = saved_series(db, clock)

    with pytest.raises(NotFound):
        confirm_manager(
            db, team_id=OTHER_TEAM, series_id=series.id, manager_id=mira_id(db), actor_slack_id="UMIRA", now=clock.now
        )
    with pytest.raises(NotFound):
        confirm_manager(
            db, team_id=TEAM, series_id=series.id + 1000, manager_id=mira_id(db), actor_slack_id="UMIRA", now=clock.now
        )


def test_the_old_managers_answer_after_a_switch_is_not_found(db: Session, clock: FakeClock) -> None:
    series = saved_series(db, clock)
    save_setup(db, team_id=TEAM, form=form(manager=LEO), submission_id="s2", now=clock.advance(minutes=10))

    with pytest.raises(NotFound):
        confirm_manager(
            db,
            team_id=TEAM,
            series_id=series.id,
            manager_id=mira_id(db),
            actor_slack_id="UMIRA",
            now=clock.advance(minutes=1),
        )


def test_the_old_manager_cannot_confirm_after_a_switch(db: Session, clock: FakeClock) -> None:
    """Whatever the error class, the replaced manager's click changes nothing (the bug above is the wording)."""
    series = saved_series(db, clock)
    save_setup(db, team_id=TEAM, form=form(manager=LEO), submission_id="s2", now=clock.advance(minutes=10))

    with pytest.raises((NotFound, NotAllowed)):
        confirm_manager(
            db,
            team_id=TEAM,
            series_id=series.id,
            manager_id=mira_id(db),
            actor_slack_id="UMIRA",
            now=clock.advance(minutes=1),
        )

    assert person(db, "UANA").manager_confirmed is False
    assert notices(db, "manager_confirmed") == []


def test_decline_manager_unlinks_deactivates_and_tells_the_employee(db: Session, clock: FakeClock) -> None:
    series = saved_series(db, clock)
    declined_at = clock.advance(hours=1)

    decline_manager(
        db, team_id=TEAM, series_id=series.id, manager_id=mira_id(db), actor_slack_id="UMIRA", now=declined_at
    )

    employee = person(db, "UANA")
    assert (employee.manager_id, employee.manager_confirmed, employee.manager_confirmed_at) == (None, False, None)
    assert series.active is False
    [told] = notices(db, "manager_declined")
    assert (told.recipient_id, told.due_at, told.payload["manager_name"]) == (employee.id, declined_at, "Mira Chen")
    with pytest.raises(NotFound):
        confirm_manager(
            db,
            team_id=TEAM,
            series_id=series.id,
            manager_id=mira_id(db),
            actor_slack_id="UMIRA",
            now=clock.advance(minutes=1),
        )


def test_after_a_decline_picking_the_same_manager_again_asks_them_again(db: Session, clock: FakeClock) -> None:
    series = saved_series(db, clock)
    decline_manager(
        db,
        team_id=TEAM,
        series_id=series.id,
        manager_id=mira_id(db),
        actor_slack_id="UMIRA",
        now=clock.advance(hours=1),
    )

    result = save_setup(db, team_id=TEAM, form=form(), submission_id="s2", now=clock.advance(hours=1))

    assert result.manager_changed is True
    assert result.series.id == series.id
    assert result.series.active is True
    assert len(deliveries(db, kind=DeliveryKind.MANAGER_CONFIRMATION)) == 2


# -- people ------------------------------------------------------------------------------------------


def test_upsert_person_refreshes_the_profile_and_tracks_departures(db: Session, clock: FakeClock) -> None:
    ensure_workspace(db, team_id=TEAM, now=clock.now)
    created = upsert_person(db, team_id=TEAM, profile=ANA, now=clock.now)

    renamed = upsert_person(db, team_id=TEAM, profile=Profile("UANA", "", "Nowhere/City"), now=clock.advance(days=1))
    assert renamed.id == created.id
    assert (renamed.display_name, renamed.tz, renamed.status) == (
        "Ana Silva",
        "Europe/Berlin",
        PersonStatus.ACTIVE,
    )  # an unknown zone keeps the last

    gone = upsert_person(db, team_id=TEAM, profile=replace(ANA, deleted=True), now=clock.advance(days=1))
    assert gone.status is PersonStatus.LEFT
    back = upsert_person(db, team_id=TEAM, profile=ANA, now=clock.advance(days=1))
    assert (back.status, back.tz, back.updated_at) == (PersonStatus.ACTIVE, "Europe/Berlin", clock.now)
    assert back.created_at == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

    back.status = PersonStatus.PAUSED
    assert upsert_person(db, team_id=TEAM, profile=ANA, now=clock.now).status is PersonStatus.PAUSED


def test_the_same_slack_user_in_two_workspaces_is_two_people(db: Session, clock: FakeClock) -> None:
    for team in (TEAM, OTHER_TEAM):
        save_setup(db, team_id=team, form=form(), submission_id="s1", now=clock.now)

    assert person(db, "UANA").id != person(db, "UANA", OTHER_TEAM).id
    # The idempotency key is per workspace, so the same submission id in another team still queues.
    assert len(deliveries(db)) == 6


# -- outbox ------------------------------------------------------------------------------------------


def test_enqueue_with_an_existing_key_returns_the_existing_row(db: Session, clock: FakeClock) -> None:
    ensure_workspace(db, team_id=TEAM, now=clock.now)
    ana = upsert_person(db, team_id=TEAM, profile=ANA, now=clock.now)
    first = notice(
        db, recipient=ana, template=Notice.MANAGER_DECLINED, payload=ManagerDeclined("Mira"), key="k1", now=clock.now
    )

    # Whatever the second call would store, the row already held under the key is what comes back.
    again = notice(
        db,
        recipient=ana,
        template=Notice.MANAGER_DECLINED,
        payload=ManagerDeclined("Someone else"),
        key="k1",
        now=clock.advance(hours=1),
    )

    assert again is first
    assert len(deliveries(db)) == 1
    assert first.idempotency_key == f"{TEAM}:notice:manager_declined:k1"
    assert (first.due_at, first.payload["manager_name"]) == (datetime(2026, 11, 23, 14, 0, tzinfo=UTC), "Mira")
    assert queued_in(db) == [first]


def test_a_payload_of_another_kind_is_refused_before_anything_is_stored(db: Session, clock: FakeClock) -> None:
    ensure_workspace(db, team_id=TEAM, now=clock.now)
    ana = upsert_person(db, team_id=TEAM, profile=ANA, now=clock.now)

    with pytest.raises(TypeError, match="manager_declined takes a ManagerDeclined payload, not RequestRef"):
        notice(db, recipient=ana, template=Notice.MANAGER_DECLINED, payload=RequestRef(7), key="k", now=clock.now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="meeting_request takes a RequestRef payload, not ManagerDeclined"):
        enqueue(
            db,
            team_id=TEAM,
            kind=DeliveryKind.MEETING_REQUEST,
            key="k",
            due_at=clock.now,
            now=clock.now,
            recipient=ana,
            payload=ManagerDeclined("Mira"),
        )

    assert deliveries(db) == []


def test_two_sessions_enqueueing_the_same_key_at_once_store_one_row(sessions: SessionFactory, clock: FakeClock) -> None:
    with sessions.begin() as session:
        ensure_workspace(session, team_id=TEAM, now=clock.now)
        upsert_person(session, team_id=TEAM, profile=ANA, now=clock.now)
    found: list[int] = []

    def enqueue_in_own_session() -> None:
        with sessions.begin() as session:
            ana = person(session, "UANA")
            found.append(
                notice(
                    session,
                    recipient=ana,
                    template=Notice.MANAGER_DECLINED,
                    payload=ManagerDeclined(),
                    key="race",
                    now=clock.now,
                ).id
            )

    # The first session inserts and holds its transaction open, so the second one's lookup misses
    # the row and its insert has to wait for the first commit (PostgreSQL: a unique violation).
    with sessions.begin() as first:
        mine = notice(
            first,
            recipient=person(first, "UANA"),
            template=Notice.MANAGER_DECLINED,
            payload=ManagerDeclined(),
            key="race",
            now=clock.now,
        )
        first.flush()
        other = threading.Thread(target=enqueue_in_own_session)
        other.start()
        other.join(timeout=0.3)
    other.join(timeout=10)

    assert found == [mine.id]
    with sessions.begin() as session:
        assert len(deliveries(session)) == 1


# -- workspaces --------------------------------------------------------------------------------------


def populate(db: Session, team_id: str, now: datetime) -> None:
    """A row in every team table for `team_id`."""
    save_setup(db, team_id=team_id, form=form(), submission_id="s1", now=now)
    employee = person(db, "UANA", team_id)
    manager = person(db, "UMIRA", team_id)
    conversation = db.scalars(select(Conversation).filter_by(team_id=team_id)).one()
    item = ActionItem(
        team_id=team_id,
        conversation=conversation,
        owner_id=employee.id,
        counterpart_id=manager.id,
        text="Draft the promotion case",
        created_at=now,
        updated_at=now,
    )
    db.add(item)
    db.flush()
    db.add_all(
        [
            ActionItemEvent(team_id=team_id, item_id=item.id, actor_id=employee.id, at=now, to_status=ItemStatus.OPEN),
            CheckIn(
                team_id=team_id,
                conversation_id=conversation.id,
                owner_id=employee.id,
                due_at=now + timedelta(days=21),
                created_at=now,
                updated_at=now,
            ),
            DigestSubscription(team_id=team_id, owner_id=manager.id, created_at=now, updated_at=now),
            HandledRequest(team_id=team_id, key="0" * 64, handled_at=now),
            Invitation(team_id=team_id, manager_id=manager.id, invitee_id=employee.id, created_at=now, updated_at=now),
            MeetingRequest(
                team_id=team_id,
                employee_id=employee.id,
                manager_id=manager.id,
                message="Could we talk about my growth?",
                proposed_at=now + timedelta(days=3),
                created_at=now,
                updated_at=now,
            ),
            HelpOffer(team_id=team_id, person_id=manager.id, topics=["hiring"], created_at=now, updated_at=now),
        ]
    )
    ask = Ask(
        team_id=team_id,
        conversation_id=conversation.id,
        employee_id=employee.id,
        asked_id=manager.id,
        kind="mentor",
        created_at=now,
        updated_at=now,
    )
    db.add(ask)
    db.flush()
    db.add(
        Intro(
            team_id=team_id,
            employee_id=employee.id,
            helper_id=manager.id,
            kind="mentoring",
            ask_id=ask.id,
            requested_at=now,
            created_at=now,
            updated_at=now,
        )
    )
    hours = OfficeHours(
        team_id=team_id,
        host_id=manager.id,
        weekday=3,
        start_minute=15 * 60,
        length_minutes=60,
        slots=4,
        channel_id="COFFICE",
        lead_minutes=24 * 60,
        created_at=now,
        updated_at=now,
    )
    db.add(hours)
    db.flush()
    db.add(
        OfficeHoursBooking(
            team_id=team_id,
            office_hours_id=hours.id,
            session_at=now + timedelta(days=3),
            slot_index=0,
            booker_id=employee.id,
            booked_at=now,
            live_slot=0,
            live_booker_id=employee.id,
            created_at=now,
            updated_at=now,
        )
    )
    opportunity = Opportunity(
        team_id=team_id,
        owner_id=manager.id,
        kind=OpportunityKind.SHADOWING,
        title="Shadow the on-call lead",
        closes_on=(now + timedelta(days=30)).date(),
        created_at=now,
        updated_at=now,
    )
    db.add(opportunity)
    db.flush()
    stamps = {"team_id": team_id, "created_at": now, "updated_at": now}
    db.add_all(
        [
            OpportunityInterest(opportunity_id=opportunity.id, person_id=employee.id, **stamps),
            CalendarFeed(person_id=employee.id, token_hash=team_id.lower().ljust(64, "f"), **stamps),
            Reflection(employee_id=employee.id, period="2027-06", **stamps),
            TeamPlanning(manager_id=manager.id, planning_on=(now + timedelta(days=40)).date(), **stamps),
            WorkspaceQuestion(question_key="own-1", audience="brief", text="What would you try next?", **stamps),
        ]
    )
    db.flush()


def rows_per_table(db: Session, team_id: str) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        column = table.c.team_id
        counts[table.name] = db.scalar(select(func.count()).select_from(table).where(column == team_id)) or 0
    return counts


def test_erase_workspace_deletes_every_row_of_that_team_only(db: Session, clock: FakeClock) -> None:
    populate(db, TEAM, clock.now)
    populate(db, OTHER_TEAM, clock.now)
    other_before = rows_per_table(db, OTHER_TEAM)
    assert all(other_before.values()), other_before
    assert set(other_before) == {table.name for table in Base.metadata.sorted_tables}

    assert erase_workspace(db, team_id=TEAM, uninstalled_at=clock.now) is Erased.ERASED

    # Only the digests of handled requests stay (a day), so a replay of the erased workspace's requests
    # is still recognised: they hold no text and no Slack id.
    assert rows_per_table(db, TEAM) == dict.fromkeys(other_before, 0) | {"handled_requests": 1}
    assert rows_per_table(db, OTHER_TEAM) == other_before
    assert erase_workspace(db, team_id=TEAM, uninstalled_at=clock.now) is Erased.ALREADY_GONE


def test_block_sends_holds_what_is_queued_without_cancelling_it(db: Session, clock: FakeClock) -> None:
    save_setup(db, team_id=TEAM, form=form(), submission_id="s1", now=clock.now)
    save_setup(db, team_id=OTHER_TEAM, form=form(), submission_id="s1", now=clock.now)
    invite, confirmation, saved = deliveries(db, team_id=TEAM)
    confirmation.state = DeliveryState.SENT
    saved.state = DeliveryState.CLAIMED
    saved.lease_owner = "someone"
    later = notice(
        db,
        recipient=person(db, "UANA"),
        template=Notice.MANAGER_DECLINED,
        payload=ManagerDeclined(),
        key="later",
        now=clock.now,
    )
    later.due_at = clock.now + timedelta(days=2)
    db.flush()

    assert block_sends(db, team_id=TEAM, reason="token_revoked", now=clock.advance(minutes=1), confirmed=True)
    db.expire_all()

    assert db.get(Workspace, TEAM).sends_blocked_reason == "token_revoked"  # type: ignore[union-attr]
    states = {d.id: (d.state, d.last_error) for d in deliveries(db, team_id=TEAM)}
    assert states == {
        confirmation.id: (DeliveryState.SENT, None),
        saved.id: (DeliveryState.CLAIMED, None),
        later.id: (DeliveryState.PENDING, None),
        invite.id: (DeliveryState.PENDING, None),
    }
    assert {d.state for d in deliveries(db, team_id=OTHER_TEAM)} == {DeliveryState.PENDING}
    assert db.get(Workspace, OTHER_TEAM).sends_blocked_reason is None  # type: ignore[union-attr]


def test_a_reinstalled_workspace_may_send_again(db: Session, clock: FakeClock) -> None:
    workspace = ensure_workspace(db, team_id=TEAM, now=clock.now)
    workspace.uninstalled_at = clock.now
    workspace.sends_blocked_reason = "app_uninstalled"
    db.flush()

    again = ensure_workspace(db, team_id=TEAM, now=clock.advance(days=1))

    assert again is workspace
    assert (again.uninstalled_at, again.sends_blocked_reason, again.updated_at) == (None, None, clock.now)
