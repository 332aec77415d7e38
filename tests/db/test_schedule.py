"""The planner, availability, pause and snooze against a real database.

The planner's due times are checked by hand against the product defaults (prep reminder 2 working days
before at 10:00 local, manager brief 1 working day before at 09:00 local, recap nudge an hour after
the meeting and once more the next working day at 10:00, check-in 21 days after the recap at 10:00
on a working day, due-day reminder at the start of the due day, working hours Mon-Fri 09:00-18:00 in
the recipient's zone). Then the relay with real transactions: holding nudges for the recipient's
working hours and time away, resuming, re-checking stale and snoozed reminders when they fall due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import SessionFactory
from bot.domain.conversations import move_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.items import change_status
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ManagerDeclined, Notice
from bot.domain.people import Profile, find_person, set_working_hours, upsert_person
from bot.domain.recap import save_recap
from bot.domain.recap_input import Owner, RecapInput, RecapRow
from bot.domain.schedule import plan
from bot.domain.setup import confirm_manager
from bot.domain.snooze import AWAY_RECHECK, pause, resume, snooze
from bot.domain.workspaces import ensure_workspace
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    Delivery,
    DeliveryKind,
    DeliveryState,
    ItemStatus,
    Person,
    PersonStatus,
    Workspace,
)
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.invites import drop_invites
from tests.support.pairs import planned_conversation
from tests.support.people import ANA, MIRA, OTHER_TEAM, TEAM

KAI = Profile("UKAI", "Kai Turner", "Australia/Sydney")
PRIYA = Profile("UPRIYA", "Priya Rao", "Asia/Kolkata")

PREP = DeliveryKind.PREP_REMINDER
BRIEF = DeliveryKind.MANAGER_BRIEF
RECAP_NUDGE = DeliveryKind.RECAP_NUDGE
CHECK_IN = DeliveryKind.CHECK_IN
DUE = DeliveryKind.DUE_REMINDER
REMINDER_KINDS = (PREP, BRIEF, RECAP_NUDGE, CHECK_IN, DUE)


def set_up(session: Session, now: datetime, *args: Any, **kwargs: Any) -> Conversation:
    """A pair as tests/support/pairs sets it up, without its calendar invites: these tests count reminders."""
    conversation = planned_conversation(session, now, *args, **kwargs)
    drop_invites(session)
    return conversation


def utc(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Ana (Berlin, CET = UTC+1 in December) has monthly 1:1s with Mira (New York, EST = UTC-5) on the second
# Tuesday at 15:30 Berlin: Tue 8 Dec 2026 14:30-15:00 UTC, which is 09:30 in New York.
MEETING = utc(12, 8, 14, 30)
MEETING_ENDS = utc(12, 8, 15)
PLAN_AT = utc(11, 24, 12)  # the meeting is within the planner's 15-day horizon
PREP_DUE = utc(12, 4, 9)  # Fri 4 Dec 10:00 Berlin
BRIEF_DUE = utc(12, 7, 14)  # Mon 7 Dec 09:00 New York
RECAP_SAVED = utc(12, 9, 12)  # Wed 9 Dec 13:00 Berlin


def schedule(session: Session, *kinds: DeliveryKind) -> list[tuple[DeliveryKind, str, datetime]]:
    """(kind, recipient's Slack id, due time) of every planned reminder, earliest first."""
    rows = session.execute(
        select(Delivery.kind, Person.slack_user_id, Delivery.due_at)
        .join(Person, Person.id == Delivery.recipient_id)
        .where(Delivery.kind.in_(kinds or REMINDER_KINDS))
        .order_by(Delivery.due_at, Delivery.id)
    )
    return [(kind, user, due) for kind, user, due in rows]


def reminders(session: Session, *kinds: DeliveryKind) -> list[Delivery]:
    query = select(Delivery).where(Delivery.kind.in_(kinds or REMINDER_KINDS)).order_by(Delivery.due_at, Delivery.id)
    return list(session.scalars(query))


def person(session: Session, profile: Profile, team_id: str = TEAM) -> Person:
    found = find_person(session, team_id=team_id, slack_user_id=profile.slack_user_id)
    assert found is not None
    return found


def workspace(session: Session, team_id: str = TEAM) -> Workspace:
    found = session.get(Workspace, team_id)
    assert found is not None
    return found


def recap(
    session: Session,
    conversation: Conversation,
    *,
    mine: date | None = date(2026, 12, 18),
    theirs: date | None = date(2026, 12, 15),
    now: datetime = RECAP_SAVED,
) -> tuple[ActionItem, ...]:
    """Ana records the meeting: one item for her, one for her manager, due on the given days."""
    rows = (
        RecapRow("Ask the platform lead about shadowing on-call", Owner.ME, mine),
        RecapRow("Introduce Ana to the product director", Owner.MANAGER, theirs),
    )
    result = save_recap(
        session,
        team_id=conversation.team_id,
        conversation_id=conversation.id,
        slack_user_id=session.get(Person, conversation.employee_id).slack_user_id,
        data=RecapInput(met=True, takeaways="A move to product is realistic", rows=rows),
        submission_id=f"recap-{conversation.id}",
        today=now.date(),
        now=now,
    )
    return result.items


# -- due times by hand ---------------------------------------------------------------------------------------

PAIRS = [
    pytest.param(
        ANA,
        MIRA,
        time(15, 30),  # Tue 8 Dec 15:30 CET = 14:30 UTC = 09:30 EST
        [
            (PREP, "UANA", utc(12, 4, 9)),  # Fri 4 Dec 10:00 CET (Mon 7 and Fri 4 are the 2 working days)
            (BRIEF, "UMIRA", utc(12, 7, 14)),  # Mon 7 Dec 09:00 EST
            (RECAP_NUDGE, "UANA", utc(12, 8, 16)),  # ends 16:00 CET, +1 hour = 17:00 CET
            (RECAP_NUDGE, "UANA", utc(12, 9, 9)),  # next working day, Wed 9 Dec 10:00 CET
        ],
        id="berlin-employee-new-york-manager",
    ),
    pytest.param(
        KAI,
        PRIYA,
        time(9, 0),  # Tue 8 Dec 09:00 AEDT (UTC+11) = Mon 7 Dec 22:00 UTC = Tue 8 Dec 03:30 IST (UTC+5:30)
        [
            (PREP, "UKAI", utc(12, 3, 23)),  # Fri 4 Dec 10:00 AEDT
            (BRIEF, "UPRIYA", utc(12, 7, 3, 30)),  # Mon 7 Dec 09:00 IST
            (RECAP_NUDGE, "UKAI", utc(12, 7, 23, 30)),  # ends 09:30 AEDT, +1 hour = 10:30 AEDT
            (RECAP_NUDGE, "UKAI", utc(12, 8, 23)),  # Wed 9 Dec 10:00 AEDT
        ],
        id="sydney-employee-kolkata-manager",
    ),
    pytest.param(
        KAI,
        MIRA,
        time(9, 0),  # Tue 8 Dec 09:00 AEDT = Mon 7 Dec 22:00 UTC = Mon 7 Dec 17:00 EST: Monday for Mira
        [
            (PREP, "UKAI", utc(12, 3, 23)),  # Fri 4 Dec 10:00 AEDT
            (BRIEF, "UMIRA", utc(12, 4, 14)),  # 1 working day before Mira's Monday: Fri 4 Dec 09:00 EST
            (RECAP_NUDGE, "UKAI", utc(12, 7, 23, 30)),
            (RECAP_NUDGE, "UKAI", utc(12, 8, 23)),
        ],
        id="sydney-employee-new-york-manager-a-day-behind",
    ),
]


@pytest.mark.parametrize(("employee", "manager", "at", "expected"), PAIRS)
def test_each_kind_is_due_at_the_default_local_time_of_its_recipient(
    db: Session, clock: FakeClock, employee: Profile, manager: Profile, at: time, expected: list[Any]
) -> None:
    conversation = set_up(db, clock.now, employee, manager, at=at)

    assert plan(db, now=PLAN_AT).queued == 2
    assert schedule(db) == expected[:2]
    # The recap nudges are planned once the meeting is (nearly) over.
    assert plan(db, now=conversation.scheduled_at + timedelta(minutes=30)).queued == 2
    assert schedule(db) == expected


def test_the_keys_name_the_reminder_the_meeting_and_its_start(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    plan(db, now=PLAN_AT)
    plan(db, now=MEETING_ENDS)

    start = int(MEETING.timestamp())
    cid = conversation.id
    assert [(d.kind, d.idempotency_key) for d in reminders(db)] == [
        (PREP, f"T0001:prep_reminder:{cid}:{start}"),
        (BRIEF, f"T0001:brief:{cid}:{start}"),
        (RECAP_NUDGE, f"T0001:recap_nudge:1:{cid}:{start}"),
        (RECAP_NUDGE, f"T0001:recap_nudge:2:{cid}:{start}"),
    ]
    payloads = [d.payload for d in reminders(db, RECAP_NUDGE)]
    assert payloads == [
        {"conversation_id": cid, "scheduled_at": MEETING.isoformat(), "follow_up": False},
        {"conversation_id": cid, "scheduled_at": MEETING.isoformat(), "follow_up": True},
    ]
    assert all(d.state is DeliveryState.PENDING and d.created_at in (PLAN_AT, MEETING_ENDS) for d in reminders(db))


def test_planning_again_writes_nothing_new(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    set_up(db, clock.now, KAI, PRIYA, at=time(9, 0))
    assert plan(db, now=PLAN_AT).queued == 4
    before = schedule(db)

    assert plan(db, now=PLAN_AT).queued == 0
    assert plan(db, now=PLAN_AT + timedelta(days=3, hours=5)).queued == 0
    assert schedule(db) == before
    assert plan(db, now=MEETING_ENDS).queued == 4  # both pairs' recap nudges
    assert plan(db, now=MEETING_ENDS).queued == 0
    assert plan(db, now=MEETING_ENDS + timedelta(hours=6)).queued == 0
    assert len(schedule(db)) == 8


def test_at_most_two_recap_nudges_however_often_the_planner_runs(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    now = MEETING
    while now < MEETING + timedelta(days=5):
        plan(db, now=now)
        now += timedelta(minutes=45)

    assert schedule(db, RECAP_NUDGE) == [(RECAP_NUDGE, "UANA", utc(12, 8, 16)), (RECAP_NUDGE, "UANA", utc(12, 9, 9))]


def test_a_late_meeting_gets_its_nudges_a_working_day_apart(db: Session, clock: FakeClock) -> None:
    # A 1:1 at 17:30 Berlin on Tue 8 Dec ends at 18:00 (17:00 UTC): the first nudge waits for
    # Wednesday 09:00 and the follow-up comes on Thursday at 10:00, not an hour after the first.
    set_up(db, clock.now, at=time(17, 30))
    now = utc(12, 8, 16, 30)
    while now < utc(12, 12):
        plan(db, now=now)
        now += timedelta(minutes=30)

    assert schedule(db, RECAP_NUDGE) == [(RECAP_NUDGE, "UANA", utc(12, 9, 8)), (RECAP_NUDGE, "UANA", utc(12, 10, 9))]


@pytest.mark.parametrize(
    ("work_start", "prep_due"),
    [
        # Thu 3 Dec 08:30 is before Ana's 09:00 start: it waits for 09:00 CET = 08:00 UTC.
        pytest.param(9 * 60, utc(12, 3, 8), id="before-working-hours"),
        # With the workspace's day starting at 08:00, 08:30 CET = 07:30 UTC stands.
        pytest.param(8 * 60, utc(12, 3, 7, 30), id="within-working-hours"),
    ],
)
def test_workspace_defaults_move_the_times(db: Session, clock: FakeClock, work_start: int, prep_due: datetime) -> None:
    set_up(db, clock.now)
    settings = workspace(db)
    settings.prep_reminder_working_days = 3
    settings.prep_reminder_minute = 8 * 60 + 30
    settings.manager_brief_working_days = 2
    settings.working_days = [6, 0, 1, 2, 3]  # Sunday to Thursday
    settings.work_start_minute = work_start

    plan(db, now=PLAN_AT)

    # Tue 8 Dec minus 3 working days of a Sunday-Thursday week: Mon 7, Sun 6, Thu 3 (Fri and Sat off).
    # The brief, 2 working days before: Mon 7, Sun 6 -> Sun 6 Dec 09:00 EST = 14:00 UTC.
    assert schedule(db) == [(PREP, "UANA", prep_due), (BRIEF, "UMIRA", utc(12, 6, 14))]


def test_a_personal_working_window_moves_the_reminder_into_it(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    ana = person(db, ANA)
    ana.work_start_minute, ana.work_end_minute = 11 * 60, 19 * 60

    plan(db, now=PLAN_AT)

    # 10:00 is before Ana's own 11:00 start: Fri 4 Dec 11:00 CET = 10:00 UTC.
    assert schedule(db, PREP) == [(PREP, "UANA", utc(12, 4, 10))]


def test_a_working_day_that_ends_at_midnight_still_gets_reminders(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    set_up(db, clock.now, KAI, PRIYA, at=time(9, 0))
    set_working_hours(db, team_id=TEAM, slack_user_id="UANA", window=(9 * 60, 24 * 60), now=clock.now)

    plan(db, now=PLAN_AT)

    assert schedule(db) == [
        (PREP, "UKAI", utc(12, 3, 23)),
        (PREP, "UANA", PREP_DUE),
        (BRIEF, "UPRIYA", utc(12, 7, 3, 30)),
        (BRIEF, "UMIRA", BRIEF_DUE),
    ]


def test_an_unconfirmed_manager_gets_no_brief_until_they_confirm(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now, confirm=False)

    plan(db, now=PLAN_AT)
    assert schedule(db) == [(PREP, "UANA", PREP_DUE)]

    confirm_manager(
        db,
        team_id=TEAM,
        series_id=conversation.series_id,
        manager_id=conversation.manager_id,
        actor_slack_id="UMIRA",
        now=PLAN_AT,
    )
    assert plan(db, now=PLAN_AT + timedelta(hours=1)).queued == 1
    assert schedule(db) == [(PREP, "UANA", PREP_DUE), (BRIEF, "UMIRA", BRIEF_DUE)]


# -- catching up after downtime ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_plan", "prep_due"),
    [
        # Down until Fri 4 Dec 13:00 UTC, 14:00 in Berlin: inside working hours, so at once.
        pytest.param(utc(12, 4, 13), utc(12, 4, 13), id="same-day-in-hours"),
        # Down until Saturday: Monday 09:00 CET, still a day ahead of the meeting.
        pytest.param(utc(12, 5, 12), utc(12, 7, 8), id="over-the-weekend"),
        # Down until 07:00 CET on the meeting day: 09:00 CET, 5.5 hours before it starts.
        pytest.param(utc(12, 8, 6), utc(12, 8, 8), id="meeting-day-morning"),
    ],
)
def test_a_missed_prep_reminder_still_ahead_of_the_meeting_goes_at_the_next_working_instant(
    db: Session, clock: FakeClock, first_plan: datetime, prep_due: datetime
) -> None:
    set_up(db, clock.now)

    plan(db, now=first_plan)

    assert schedule(db, PREP) == [(PREP, "UANA", prep_due)]


def test_a_missed_brief_that_would_land_after_the_last_call_is_not_created(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)

    # Mon 7 Dec 18:00 in New York: Mira's next working instant is Tue 09:00 EST = 14:00 UTC, half an hour
    # before the meeting and so inside the last hour; Ana can still get hers at 09:00 CET.
    plan(db, now=utc(12, 7, 23))

    assert schedule(db) == [(PREP, "UANA", utc(12, 8, 8))]


@pytest.mark.parametrize(
    "first_plan",
    [
        pytest.param(MEETING - timedelta(minutes=45), id="within-the-last-hour"),
        pytest.param(MEETING + timedelta(minutes=5), id="meeting-under-way"),
        pytest.param(MEETING_ENDS + timedelta(minutes=5), id="meeting-over"),
    ],
)
def test_no_prep_reminder_or_brief_for_a_meeting_about_to_start_or_past(
    db: Session, clock: FakeClock, first_plan: datetime
) -> None:
    set_up(db, clock.now)

    plan(db, now=first_plan)

    assert schedule(db, PREP, BRIEF) == []


@pytest.mark.parametrize(
    ("first_plan", "expected"),
    [
        # Back on Tuesday evening (21:00 CET): the first nudge waits for Wednesday 09:00 CET, the follow-up
        # keeps its 10:00.
        pytest.param(
            utc(12, 8, 20), [(RECAP_NUDGE, "UANA", utc(12, 9, 8)), (RECAP_NUDGE, "UANA", utc(12, 9, 9))], id="evening"
        ),
        # Back once the follow-up's time has passed: only the follow-up, at once (11:00 CET).
        pytest.param(utc(12, 9, 10), [(RECAP_NUDGE, "UANA", utc(12, 9, 10))], id="next-day-in-hours"),
        # The same, after hours on Wednesday (21:00 CET): Thursday 09:00 CET.
        pytest.param(utc(12, 9, 20), [(RECAP_NUDGE, "UANA", utc(12, 10, 8))], id="next-day-after-hours"),
        # More than four days after the meeting a recap nudge is left to the digest.
        pytest.param(MEETING + timedelta(days=4, minutes=1), [], id="too-late"),
    ],
)
def test_missed_recap_nudges_only_the_follow_up_once_its_time_has_passed(
    db: Session, clock: FakeClock, first_plan: datetime, expected: list[Any]
) -> None:
    set_up(db, clock.now)

    plan(db, now=first_plan)

    assert schedule(db, RECAP_NUDGE) == expected
    if expected:
        assert reminders(db, RECAP_NUDGE)[-1].payload["follow_up"] is True


# -- who gets nothing ----------------------------------------------------------------------------------------


def test_nothing_is_planned_for_an_employee_who_left(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    person(db, ANA).status = PersonStatus.LEFT

    plan(db, now=PLAN_AT)
    plan(db, now=MEETING_ENDS)

    assert schedule(db) == []


def test_no_brief_is_planned_for_a_manager_who_left(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    person(db, MIRA).status = PersonStatus.LEFT

    plan(db, now=PLAN_AT)

    assert schedule(db, BRIEF) == []


def test_no_check_in_or_due_reminder_for_an_owner_who_left(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation)
    person(db, MIRA).status = PersonStatus.LEFT

    plan(db, now=utc(12, 10, 12))
    assert [(kind, user) for kind, user, _ in schedule(db)] == [(DUE, "UANA")]
    plan(db, now=utc(12, 20, 12))
    assert [(kind, user) for kind, user, _ in schedule(db)] == [(DUE, "UANA"), (CHECK_IN, "UANA")]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"sends_blocked_reason": "token_revoked"}, id="sends-blocked"),
        pytest.param({"uninstalled_at": utc(11, 24)}, id="uninstalled"),
    ],
)
def test_nothing_is_planned_for_a_blocked_or_uninstalled_workspace(
    db: Session, clock: FakeClock, change: dict[str, Any]
) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation)
    set_up(db, clock.now, KAI, PRIYA, at=time(9, 0), team_id=OTHER_TEAM)
    db.execute(update(Workspace).where(Workspace.team_id == TEAM).values(**change))

    for now in (PLAN_AT, MEETING_ENDS, utc(12, 10, 12), utc(12, 20, 12)):
        plan(db, now=now)

    assert {d.team_id for d in reminders(db)} == {OTHER_TEAM}


# -- check-ins and due-day reminders -------------------------------------------------------------------------


def test_check_ins_land_on_each_owners_working_day_at_ten_local(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation)  # Wed 9 Dec 12:00 UTC: check-ins due Wed 30 Dec 12:00 UTC

    plan(db, now=utc(12, 14, 12))
    assert schedule(db, CHECK_IN) == []  # 16 days ahead: beyond the horizon
    plan(db, now=utc(12, 16, 12))

    assert schedule(db, CHECK_IN) == [
        (CHECK_IN, "UANA", utc(12, 30, 9)),  # Wed 30 Dec 10:00 CET
        (CHECK_IN, "UMIRA", utc(12, 30, 15)),  # Wed 30 Dec 10:00 EST
    ]
    check_ins = {c.owner_id: c.id for c in db.scalars(select(CheckIn))}
    assert sorted(d.payload["check_in_id"] for d in reminders(db, CHECK_IN)) == sorted(check_ins.values())
    assert {d.idempotency_key for d in reminders(db, CHECK_IN)} == {f"T0001:check_in:{i}" for i in check_ins.values()}


def test_a_check_in_due_on_a_weekend_waits_for_the_next_working_day(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    # Recorded on Sat 12 Dec: the check-ins fall due on Sat 2 Jan 2027.
    recap(db, conversation, mine=date(2026, 12, 30), theirs=date(2026, 12, 30), now=utc(12, 12, 10))

    plan(db, now=utc(12, 20, 12))

    assert schedule(db, CHECK_IN) == [
        (CHECK_IN, "UANA", utc(1, 4, 9, year=2027)),  # Mon 4 Jan 10:00 CET
        (CHECK_IN, "UMIRA", utc(1, 4, 15, year=2027)),  # Mon 4 Jan 10:00 EST
    ]


def test_a_missed_check_in_goes_at_the_next_working_instant(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation)

    plan(db, now=utc(12, 31, 20))  # Thu 31 Dec 21:00 CET, 15:00 EST

    assert schedule(db, CHECK_IN) == [
        (CHECK_IN, "UMIRA", utc(12, 31, 20)),  # Mira is still at work
        (CHECK_IN, "UANA", utc(1, 1, 8, year=2027)),  # Ana's next window: Fri 1 Jan 09:00 CET
    ]


def test_due_day_reminders_land_on_the_due_days_morning(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    mine, theirs = recap(db, conversation)  # Ana's due Fri 18 Dec, Mira's Tue 15 Dec

    plan(db, now=utc(12, 10, 12))

    assert schedule(db, DUE) == [
        (DUE, "UMIRA", utc(12, 15, 14)),  # Tue 15 Dec 09:00 EST
        (DUE, "UANA", utc(12, 18, 8)),  # Fri 18 Dec 09:00 CET
    ]
    assert {d.idempotency_key for d in reminders(db, DUE)} == {
        f"T0001:due:{mine.id}:2026-12-18",
        f"T0001:due:{theirs.id}:2026-12-15",
    }


def test_a_weekend_due_date_is_reminded_on_the_last_working_day_before(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation, mine=date(2026, 12, 19), theirs=date(2026, 12, 20))  # Saturday and Sunday

    plan(db, now=utc(12, 10, 12))

    assert schedule(db, DUE) == [
        (DUE, "UANA", utc(12, 18, 8)),  # Fri 18 Dec 09:00 CET
        (DUE, "UMIRA", utc(12, 18, 14)),  # Fri 18 Dec 09:00 EST
    ]


def test_a_due_reminder_is_never_planned_after_the_due_day(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    recap(db, conversation, mine=date(2026, 12, 18), theirs=date(2026, 12, 18))

    # Back on Fri 18 Dec at 17:30 UTC: 18:30 in Berlin, after Ana's day (her next window is Monday, after the
    # due day); 12:30 in New York, where Mira's due day is still running.
    plan(db, now=utc(12, 18, 17, 30))
    # And on the Saturday, nothing at all.
    plan(db, now=utc(12, 19, 15))

    assert schedule(db, DUE) == [(DUE, "UMIRA", utc(12, 18, 17, 30))]


def test_closed_items_get_no_due_reminder(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    mine, _ = recap(db, conversation)
    change_status(db, team_id=TEAM, item_id=mine.id, slack_user_id="UANA", to=ItemStatus.DONE, now=RECAP_SAVED)

    plan(db, now=utc(12, 10, 12))

    assert schedule(db, DUE) == [(DUE, "UMIRA", utc(12, 15, 14))]


# -- through the relay: moved meetings, check-ins -----------------------------------------------------------


@pytest.fixture
def people(fake_slack: FakeSlack) -> None:
    for profile in (ANA, MIRA, KAI, PRIYA):
        fake_slack.add_user(profile.slack_user_id, real_name=profile.display_name, tz=profile.tz or "UTC")


def planned(sessions: SessionFactory, now: datetime) -> int:
    with sessions.begin() as session:
        return plan(session, now=now).queued


def outbox(sessions: SessionFactory, *kinds: DeliveryKind) -> list[tuple[DeliveryKind, str, DeliveryState, str | None]]:
    """(kind, recipient, state, last error) of the reminders, by due time."""
    with sessions.begin() as session:
        return [(d.kind, _slack_id(session, d), d.state, d.last_error) for d in reminders(session, *kinds)]


def _slack_id(session: Session, delivery: Delivery) -> str:
    recipient = session.get(Person, delivery.recipient_id)
    assert recipient is not None
    return recipient.slack_user_id


def dms(fake_slack: FakeSlack, user: str) -> list[str]:
    return [str(m["text"]) for m in fake_slack.messages(channel=f"D{user}")]


def pair(sessions: SessionFactory, now: datetime, **kwargs: Any) -> int:
    with sessions.begin() as session:
        return set_up(session, now, **kwargs).id


MOVED = "the meeting moved; its new time has its own reminders"


def move_to_thursday(sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, now: datetime) -> None:
    """Ana and Mira's December reminders planned; then the meeting moves to Thu 10 Dec 15:30 CET and the
    planner runs again."""
    conversation_id = pair(sessions, now)
    relay.run_once(now)  # the setup messages
    fake_slack.reset()
    assert planned(sessions, PLAN_AT) == 2
    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        move_conversation(session, conversation=conversation, at=utc(12, 10, 14, 30), now=utc(11, 30, 12))
    assert planned(sessions, utc(11, 30, 12)) == 2


@pytest.mark.usefixtures("people")
def test_a_moved_meeting_gets_new_reminders_and_the_old_prep_reminder_is_cancelled_when_due(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    move_to_thursday(sessions, relay, fake_slack, clock.now)

    with sessions.begin() as session:
        assert schedule(session) == [
            (PREP, "UANA", PREP_DUE),
            (BRIEF, "UMIRA", BRIEF_DUE),
            (PREP, "UANA", utc(12, 8, 9)),  # Tue 8 Dec 10:00 CET: 2 working days before Thursday
            (BRIEF, "UMIRA", utc(12, 9, 14)),  # Wed 9 Dec 09:00 EST
        ]
    for now in (PREP_DUE, utc(12, 8, 9)):
        relay.run_once(now)

    assert outbox(sessions, PREP) == [
        (PREP, "UANA", DeliveryState.CANCELLED, MOVED),
        (PREP, "UANA", DeliveryState.SENT, None),
    ]
    [prep] = dms(fake_slack, "UANA")
    assert "Thu 10 Dec 2026, 15:30 (Europe/Berlin)" in prep


@pytest.mark.usefixtures("people")
def test_a_moved_meetings_old_brief_is_cancelled_when_due(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    move_to_thursday(sessions, relay, fake_slack, clock.now)

    for now in (BRIEF_DUE, utc(12, 9, 14)):
        relay.run_once(now)

    assert outbox(sessions, BRIEF) == [
        (BRIEF, "UMIRA", DeliveryState.CANCELLED, "the meeting moved; its new time has its own brief"),
        (BRIEF, "UMIRA", DeliveryState.SENT, None),
    ]
    assert len(dms(fake_slack, "UMIRA")) == 1


@pytest.mark.usefixtures("people")
def test_a_check_in_with_everything_closed_is_skipped_and_marked_completed(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        _, theirs = recap(session, set_up(session, clock.now))
    # Mira finishes hers; Ana's stays open. Everything this sends goes out before the check-ins.
    done_at = utc(12, 21, 15)
    with sessions.begin() as session:
        change_status(session, team_id=TEAM, item_id=theirs.id, slack_user_id="UMIRA", to=ItemStatus.DONE, now=done_at)
    relay.run_once(done_at)
    fake_slack.reset()
    planned(sessions, done_at)

    relay.run_once(utc(12, 30, 9))
    relay.run_once(utc(12, 30, 15))

    assert outbox(sessions, CHECK_IN) == [
        (CHECK_IN, "UANA", DeliveryState.SENT, None),
        (CHECK_IN, "UMIRA", DeliveryState.CANCELLED, "everything from that conversation is already closed"),
    ]
    with sessions.begin() as session:
        check_ins = {
            c.owner.slack_user_id: (c.sent_at, c.completed_at)
            for c in session.scalars(select(CheckIn).options(selectinload(CheckIn.owner)))
        }
    assert check_ins == {"UANA": (utc(12, 30, 9), None), "UMIRA": (None, utc(12, 30, 15))}
    planned(sessions, utc(12, 30, 16))
    assert len(outbox(sessions, CHECK_IN)) == 2  # neither is planned again
    assert len(dms(fake_slack, "UANA")) == 1
    assert dms(fake_slack, "UMIRA") == []


# -- availability: working hours and time away --------------------------------------------------------------


def known(sessions: SessionFactory, now: datetime, *profiles: Profile) -> None:
    with sessions.begin() as session:
        ensure_workspace(session, team_id=TEAM, now=now)
        for profile in profiles:
            upsert_person(session, team_id=TEAM, profile=profile, now=now)


def queue_notice(sessions: SessionFactory, now: datetime, profile: Profile, *, immediate: bool) -> int:
    with sessions.begin() as session:
        recipient = person(session, profile)
        delivery = notice(
            session,
            recipient=recipient,
            template=Notice.MANAGER_DECLINED,
            payload=ManagerDeclined("Leo Park"),
            key=f"{profile.slack_user_id}:{immediate}",
            now=now,
            immediate=immediate,
        )
        return delivery.id


def load(sessions: SessionFactory, delivery_id: int) -> Delivery:
    with sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        return delivery


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("profile", "opens"),
    [
        pytest.param(ANA, utc(11, 25, 8), id="berlin-midnight"),  # Wed 25 Nov 00:00 CET -> 09:00 CET
        pytest.param(PRIYA, utc(11, 25, 3, 30), id="kolkata-04-30"),  # 04:30 IST -> 09:00 IST
    ],
)
def test_a_delivery_due_at_night_in_the_recipients_zone_is_held_until_their_window_opens(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, profile: Profile, opens: datetime
) -> None:
    known(sessions, clock.now, ANA, PRIYA, KAI)
    night = utc(11, 24, 23)
    delivery_id = queue_notice(sessions, night, profile, immediate=False)

    report = relay.run_once(night)

    assert (report.sent, report.held) == (0, 1)
    held = load(sessions, delivery_id)
    assert (held.state, held.due_at, held.attempts) == (DeliveryState.PENDING, opens, 0)
    assert relay.run_once(opens - timedelta(seconds=1)).sent == 0
    assert relay.run_once(opens).sent == 1
    assert len(dms(fake_slack, profile.slack_user_id)) == 1


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("profile", "immediate"),
    [
        pytest.param(ANA, True, id="immediate-at-midnight-in-berlin"),
        pytest.param(KAI, False, id="already-10-00-in-sydney"),
    ],
)
def test_an_immediate_notice_or_one_in_working_hours_goes_at_once(
    sessions: SessionFactory, relay: Relay, clock: FakeClock, profile: Profile, immediate: bool
) -> None:
    known(sessions, clock.now, ANA, KAI)
    night = utc(11, 24, 23)  # Wed 25 Nov 00:00 CET, 10:00 AEDT
    delivery_id = queue_notice(sessions, night, profile, immediate=immediate)

    report = relay.run_once(night)

    assert (report.sent, report.held) == (1, 0)
    assert load(sessions, delivery_id).sent_at == night


def prep_reminder_id(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        [delivery] = reminders(session, PREP)
        return delivery.id


def pause_ana(sessions: SessionFactory, now: datetime, until: date | None) -> None:
    with sessions.begin() as session:
        pause(session, team_id=TEAM, slack_user_id="UANA", until=until, now=now)


def resume_ana(sessions: SessionFactory, now: datetime) -> None:
    with sessions.begin() as session:
        resume(session, team_id=TEAM, slack_user_id="UANA", now=now)


@pytest.fixture
def planned_pair(people: None, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock) -> int:
    """Ana and Mira with their December reminders planned and the setup messages sent; the prep reminder's id."""
    pair(sessions, clock.now)
    relay.run_once(clock.now)
    fake_slack.reset()
    planned(sessions, PLAN_AT)
    return prep_reminder_id(sessions)


@pytest.mark.parametrize("until", [None, date(2026, 12, 11)], ids=["until-resumed", "until-a-date"])
def test_a_paused_person_gets_nothing_and_resuming_brings_the_held_reminder_back(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, planned_pair: int, until: date | None
) -> None:
    pause_ana(sessions, PLAN_AT, until)

    first = relay.run_once(PREP_DUE)
    second = relay.run_once(PREP_DUE + AWAY_RECHECK)

    assert (first.held, first.sent, second.held, second.sent) == (1, 0, 1, 0)
    assert load(sessions, planned_pair).due_at == PREP_DUE + 2 * AWAY_RECHECK  # looked at again every 6 hours
    assert dms(fake_slack, "UANA") == []

    back = PREP_DUE + timedelta(hours=7)  # Fri 4 Dec 17:00 CET
    resume_ana(sessions, back)
    assert load(sessions, planned_pair).due_at == back
    assert relay.run_once(back).sent == 1
    assert relay.run_once(back + AWAY_RECHECK).sent == 0
    assert relay.run_once(BRIEF_DUE).sent == 1  # Mira's brief; Mira was never away
    assert len(dms(fake_slack, "UANA")) == 1
    with sessions.begin() as session:
        ana = person(session, ANA)
        assert (ana.status, ana.paused_until) == (PersonStatus.ACTIVE, None)


def test_resuming_after_the_meeting_cancels_the_stale_reminder(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, planned_pair: int
) -> None:
    pause_ana(sessions, PLAN_AT, None)
    relay.run_once(PREP_DUE)
    for now in (PREP_DUE + AWAY_RECHECK * n for n in range(1, 20)):  # the relay keeps running while she is away
        relay.run_once(now)

    back = utc(12, 9, 10)  # the Wednesday after the meeting
    resume_ana(sessions, back)
    report = relay.run_once(back)

    assert report.cancelled == 1
    stale = load(sessions, planned_pair)
    assert (stale.state, stale.last_error) == (DeliveryState.CANCELLED, "the meeting has already taken place")
    assert dms(fake_slack, "UANA") == []


def test_a_pause_that_ended_is_lifted_automatically(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, planned_pair: int
) -> None:
    pause_ana(sessions, PLAN_AT, date(2026, 12, 6))  # away through Sunday
    assert relay.run_once(PREP_DUE).held == 1

    # Sun 6 Dec 23:30 CET: still the last day away; looked at again 6 hours later.
    assert relay.run_once(utc(12, 6, 22, 30)).held == 1
    with sessions.begin() as session:
        assert person(session, ANA).status is PersonStatus.PAUSED
    assert load(sessions, planned_pair).due_at == utc(12, 7, 4, 30)
    # Mon 7 Dec 05:30 CET: the pause is over, but this is not working time yet.
    assert relay.run_once(utc(12, 7, 4, 30)).held == 1
    with sessions.begin() as session:
        ana = person(session, ANA)
        assert (ana.status, ana.paused_until) == (PersonStatus.ACTIVE, None)
    assert load(sessions, planned_pair).due_at == utc(12, 7, 8)
    assert relay.run_once(utc(12, 7, 8)).sent == 1
    assert len(dms(fake_slack, "UANA")) == 1


def test_resuming_leaves_a_reminder_that_was_never_held_at_its_time(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, planned_pair: int
) -> None:
    pause_ana(sessions, PLAN_AT, None)
    back = utc(12, 4, 7)  # Fri 4 Dec 08:00 CET; the prep reminder is due at 10:00 CET

    resume_ana(sessions, back)
    for now in (back, utc(12, 4, 8)):
        relay.run_once(now)

    assert load(sessions, planned_pair).due_at == PREP_DUE
    assert dms(fake_slack, "UANA") == []
    assert relay.run_once(PREP_DUE).sent == 1  # at 10:00 CET, as planned


# -- snooze --------------------------------------------------------------------------------------------------


def prep_reminder(db: Session, clock: FakeClock) -> Delivery:
    set_up(db, clock.now)
    plan(db, now=PLAN_AT)
    [delivery] = reminders(db, PREP)
    return delivery


def snooze_as(
    db: Session,
    delivery: Delivery,
    user: str = "UANA",
    until: str = "hour",
    *,
    now: datetime = PREP_DUE + timedelta(minutes=30),
    team_id: str = TEAM,
) -> Delivery:
    return snooze(db, team_id=team_id, delivery_id=delivery.id, slack_user_id=user, until=until, now=now)


@pytest.mark.parametrize(
    ("user", "until", "team_id", "error", "message"),
    [
        ("UMIRA", "hour", TEAM, NotAllowed, "Only the person a reminder is for can snooze it."),
        ("UKAI", "hour", TEAM, NotAllowed, "Only the person a reminder is for can snooze it."),
        ("UANA", "hour", OTHER_TEAM, NotFound, "can't be snoozed any more"),
        ("UANA", "month", TEAM, InvalidInput, "Pick one of the snooze options."),
    ],
)
def test_only_the_recipient_can_snooze_and_only_to_a_listed_time(
    db: Session, clock: FakeClock, user: str, until: str, team_id: str, error: type[Exception], message: str
) -> None:
    delivery = prep_reminder(db, clock)

    with pytest.raises(error, match=message):
        snooze_as(db, delivery, user, until, team_id=team_id)

    assert len(reminders(db)) == 2


def test_a_brief_or_a_missing_delivery_cannot_be_snoozed(db: Session, clock: FakeClock) -> None:
    prep_reminder(db, clock)
    [brief] = reminders(db, BRIEF)

    with pytest.raises(NotFound):
        snooze_as(db, brief, "UMIRA")
    with pytest.raises(NotFound):
        snooze(db, team_id=TEAM, delivery_id=10**6, slack_user_id="UANA", until="hour", now=PREP_DUE)


@pytest.mark.parametrize(
    ("now", "until", "due"),
    [
        # Friday 4 Dec, 10:30 CET.
        pytest.param(utc(12, 4, 9, 30), "hour", utc(12, 4, 10, 30), id="friday-hour"),
        pytest.param(utc(12, 4, 9, 30), "tomorrow", utc(12, 7, 8), id="friday-tomorrow-is-monday"),
        pytest.param(utc(12, 4, 9, 30), "week", utc(12, 7, 8), id="friday-week"),
        # Wednesday 2 Dec, 17:30 CET: an hour later is after hours (the relay holds it).
        pytest.param(utc(12, 2, 16, 30), "hour", utc(12, 2, 17, 30), id="wednesday-hour"),
        pytest.param(utc(12, 2, 16, 30), "tomorrow", utc(12, 3, 8), id="wednesday-tomorrow"),
        pytest.param(utc(12, 2, 16, 30), "week", utc(12, 7, 8), id="wednesday-week"),
        # Monday 30 Nov, 00:30 CET (still Sunday in UTC): tomorrow is Tuesday, next week a week later.
        pytest.param(utc(11, 29, 23, 30), "tomorrow", utc(12, 1, 8), id="monday-night-tomorrow"),
        pytest.param(utc(11, 29, 23, 30), "week", utc(12, 7, 8), id="monday-night-week"),
    ],
)
def test_snooze_due_times_in_the_recipients_working_hours(
    db: Session, clock: FakeClock, now: datetime, until: str, due: datetime
) -> None:
    delivery = prep_reminder(db, clock)

    again = snooze_as(db, delivery, until=until, now=now)

    assert again.due_at == due
    assert (again.kind, again.recipient_id) == (PREP, delivery.recipient_id)


def test_the_snoozed_copy_carries_snoozed_and_a_key_of_its_own(db: Session, clock: FakeClock) -> None:
    delivery = prep_reminder(db, clock)
    first_at = PREP_DUE + timedelta(minutes=30)

    again = snooze_as(db, delivery, now=first_at)
    same = snooze_as(db, delivery, now=first_at)
    later = snooze_as(db, again, until="tomorrow", now=first_at + timedelta(hours=1))

    base = delivery.idempotency_key
    assert again.payload == {**delivery.payload, "snoozed": True}
    assert again.idempotency_key == f"{base}:snooze:{int(first_at.timestamp())}"
    assert same.id == again.id  # a double click at the same instant queues one copy
    assert later.idempotency_key == f"{base}:snooze:{int(first_at.timestamp()) + 3600}"
    assert later.payload == again.payload
    assert (delivery.state, again.state, later.state) == (DeliveryState.PENDING,) * 3


@pytest.mark.usefixtures("people")
def test_a_snoozed_reminder_is_rechecked_when_it_comes_back(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, planned_pair: int
) -> None:
    assert relay.run_once(PREP_DUE).sent == 1
    with sessions.begin() as session:
        original = session.get(Delivery, planned_pair)
        assert original is not None
        soon = snooze(session, team_id=TEAM, delivery_id=original.id, slack_user_id="UANA", until="hour", now=PREP_DUE)
        # Friday: "next week" is Monday 7 Dec, still before the Tuesday meeting...
        later = PREP_DUE + timedelta(minutes=1)
        late = snooze(session, team_id=TEAM, delivery_id=original.id, slack_user_id="UANA", until="week", now=later)
        ids = soon.id, late.id
        # On Monday "next week" would come after the meeting, so it can't be chosen at all.
        with pytest.raises(InvalidInput):
            snooze(session, team_id=TEAM, delivery_id=original.id, slack_user_id="UANA", until="week", now=BRIEF_DUE)

    assert relay.run_once(PREP_DUE + timedelta(hours=1)).sent == 1
    with sessions.begin() as session:  # ...and the meeting moves to Monday morning before the copy comes back
        conversation = session.get(Conversation, load(sessions, late.id).payload["conversation_id"])
        assert conversation is not None
        conversation.scheduled_at = utc(12, 7, 9)
    report = relay.run_once(utc(12, 7, 8))

    assert report.cancelled == 1
    assert [(load(sessions, i).state, load(sessions, i).last_error) for i in ids] == [
        (DeliveryState.SENT, None),
        (DeliveryState.CANCELLED, "the meeting moved; its new time has its own reminders"),
    ]
    assert len(dms(fake_slack, "UANA")) == 2


def test_a_workspace_holiday_moves_the_prep_reminder_to_the_working_day_before(db: Session, clock: FakeClock) -> None:
    # Friday 4 Dec is a company holiday: two working days before Tue 8 Dec is then Thursday 3 Dec.
    set_up(db, clock.now)
    workspace(db).holidays = ["2026-12-04"]

    plan(db, now=PLAN_AT)

    assert schedule(db, PREP) == [(PREP, "UANA", utc(12, 3, 9))]
