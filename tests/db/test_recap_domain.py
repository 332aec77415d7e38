"""The recap and action items against a real database: which conversation a recap is for, saving it
(validation, items and their history, revisions, the outbox, check-ins, carried and skipped meetings),
status changes and edits of items; then the manager's thank-you recap through the relay and fake Slack."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.check_in_completion import settle_check_in
from bot.domain.conversations import move_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.items import F_DUE, F_REASON, F_TEXT, change_status, edit_item, open_items
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import CheckInRef
from bot.domain.people import Profile, find_person
from bot.domain.recap import RecapResult, recap_state, recap_target, save_recap
from bot.domain.recap_input import F_FEEDBACK, F_TAKEAWAYS, Owner, RecapInput, RecapRow
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import (
    ActionItem,
    Cadence,
    CheckIn,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    DeliveryState,
    ItemStatus,
    OneOnOneSeries,
    Person,
    Workspace,
)
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM

# Monthly on the second Tuesday, 15:30 in Berlin (CET): 14:30-15:00 UTC.
MEETING = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
AFTER = datetime(2026, 12, 8, 15, 10, tzinfo=UTC)
TODAY = date(2026, 12, 8)
NEXT_MEETING = datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
AFTER_NEXT = datetime(2027, 1, 12, 16, 0, tzinfo=UTC)
MANAGER_DM = "DUMIRA"

MINE = RecapRow("Ask the platform lead about shadowing on-call", Owner.ME, date(2026, 12, 18))
THEIRS = RecapRow("Introduce Ana to the product director", Owner.MANAGER, date(2026, 12, 15))
FULL = RecapInput(
    met=True,
    takeaways="  A move to product is realistic within a year ",
    feedback="Speak up earlier in design reviews",
    rows=(MINE, THEIRS, RecapRow("", Owner.ME)),
)
SKIPPED = RecapInput(met=False)


def set_up(
    session: Session,
    now: datetime,
    employee: Profile = ANA,
    manager: Profile = MIRA,
    team_id: str = TEAM,
    *,
    confirm: bool = True,
) -> Conversation:
    """A pair with monthly 1:1s from 8 December (confirmed by the manager unless `confirm` is False);
    returns the planned conversation."""
    form = SetupInput(employee, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    result = save_setup(session, team_id=team_id, form=form, submission_id=f"setup-{employee.slack_user_id}", now=now)
    if confirm:
        args = {"series_id": result.series.id, "manager_id": result.manager.id, "actor_slack_id": manager.slack_user_id}
        confirm_manager(session, team_id=team_id, now=now, **args)
    return session.scalars(select(Conversation).where(Conversation.series_id == result.series.id)).one()


def save(
    session: Session,
    conversation: Conversation | int,
    data: RecapInput = FULL,
    *,
    submission: str = "V1",
    user: str = "UANA",
    team_id: str = TEAM,
    now: datetime = AFTER,
    today: date | None = None,
) -> RecapResult:
    conversation_id = conversation if isinstance(conversation, int) else conversation.id
    return save_recap(
        session,
        team_id=team_id,
        conversation_id=conversation_id,
        slack_user_id=user,
        data=data,
        submission_id=submission,
        today=today or now.date(),
        now=now,
    )


def held(db: Session, clock: FakeClock, data: RecapInput = FULL) -> Conversation:
    """Ana and Mira's December conversation, recapped with `data`."""
    conversation = set_up(db, clock.now)
    save(db, conversation, data)
    return conversation


def person(session: Session, slack_user_id: str, team_id: str = TEAM) -> Person:
    found = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    assert found is not None
    return found


def items(session: Session, conversation: Conversation | None = None) -> list[ActionItem]:
    query = select(ActionItem).order_by(ActionItem.id)
    if conversation is not None:
        query = query.where(ActionItem.conversation_id == conversation.id)
    return list(session.scalars(query))


def deliveries(session: Session, kind: DeliveryKind) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)))


def notices(session: Session, template: str) -> list[Delivery]:
    return [d for d in deliveries(session, DeliveryKind.NOTICE) if d.payload.get("template") == template]


def conversations(session: Session) -> list[Conversation]:
    return list(session.scalars(select(Conversation).order_by(Conversation.scheduled_at)))


def series(session: Session) -> OneOnOneSeries:
    return session.scalars(select(OneOnOneSeries).where(OneOnOneSeries.team_id == TEAM)).one()


def target(session: Session, now: datetime, user: str = "UANA", team_id: str = TEAM) -> Conversation:
    return recap_target(session, team_id=team_id, slack_user_id=user, now=now)


# -- recap_target ------------------------------------------------------------------------------------


def test_before_the_first_meeting_there_is_nothing_to_recap(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)

    for now in (clock.now, MEETING - timedelta(seconds=1)):
        with pytest.raises(NotFound, match="hasn't happened yet"):
            target(db, now)

    assert len(conversations(db)) == 1


@pytest.mark.parametrize("now", [MEETING, AFTER, datetime(2026, 12, 20, 9, 0, tzinfo=UTC)])
def test_once_the_meeting_started_the_planned_conversation_is_the_target(
    db: Session, clock: FakeClock, now: datetime
) -> None:
    planned = set_up(db, clock.now)

    assert target(db, now) is planned
    assert len(conversations(db)) == 1
    assert series(db).next_meeting_at == MEETING


@pytest.mark.parametrize(("team_id", "user"), [(TEAM, "UPRIYA"), (OTHER_TEAM, "UANA"), (TEAM, "UMIRA")])
def test_someone_without_a_series_here_is_not_found(db: Session, clock: FakeClock, team_id: str, user: str) -> None:
    set_up(db, clock.now)

    with pytest.raises(NotFound, match="haven't set up"):
        target(db, AFTER, user=user, team_id=team_id)


def test_a_meeting_nothing_rolled_forward_to_is_created_without_moving_the_series(
    db: Session, clock: FakeClock
) -> None:
    december = held(db, clock)

    january = target(db, AFTER_NEXT)

    assert january.id != december.id
    assert (january.scheduled_at, january.state, january.length_minutes) == (
        NEXT_MEETING,
        ConversationState.PLANNED,
        30,
    )
    assert (january.employee_id, january.manager_id) == (december.employee_id, december.manager_id)
    assert (january.team_id, january.series_id, january.created_at) == (TEAM, december.series_id, AFTER_NEXT)
    assert series(db).next_meeting_at == MEETING  # a meeting recorded late does not change what comes next
    assert target(db, AFTER_NEXT + timedelta(hours=1)) is january
    assert len(conversations(db)) == 2


def test_only_the_rules_last_occurrence_is_created_after_several_missed_months(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)

    # Tue 9 Feb 2027, 15:30 in Berlin; nobody heard of the January meeting either.
    february = target(db, datetime(2027, 2, 20, 12, 0, tzinfo=UTC))

    assert february.scheduled_at == datetime(2027, 2, 9, 14, 30, tzinfo=UTC)
    assert [c.scheduled_at for c in conversations(db)] == [MEETING, february.scheduled_at]


def test_a_meeting_moved_later_creates_no_phantom_at_the_rules_slot(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    moved_to = datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    move_conversation(db, conversation=planned, at=moved_to, now=clock.now)

    # The rule's 8 December slot has passed, but the meeting was moved to the 10th.
    with pytest.raises(NotFound):
        target(db, datetime(2026, 12, 9, 12, 0, tzinfo=UTC))
    assert target(db, moved_to + timedelta(minutes=45)) is planned

    assert [c.scheduled_at for c in conversations(db)] == [moved_to]
    assert series(db).next_meeting_at == moved_to


def test_a_skipped_last_meeting_is_not_the_target_and_nothing_is_recreated(db: Session, clock: FakeClock) -> None:
    december = held(db, clock)
    january = target(db, AFTER_NEXT)
    save(db, january, SKIPPED, submission="V-jan", now=AFTER_NEXT)

    again = target(db, AFTER_NEXT + timedelta(hours=1))

    assert again is december  # the latest meeting that took place, its recap open for editing
    assert recap_state(db, again).editing is True
    assert [c.state for c in conversations(db)] == [ConversationState.HELD, ConversationState.SKIPPED]


def test_a_skipped_first_meeting_leaves_nothing_to_recap(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    save(db, planned, SKIPPED)

    with pytest.raises(NotFound):
        target(db, AFTER + timedelta(hours=1))

    assert len(conversations(db)) == 1


def test_a_meeting_that_just_ended_can_still_be_recapped_after_setup_changes(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    # Right after the 1:1, Ana moves the rhythm to the third Wednesday from January.
    form = SetupInput(ANA, MIRA, date(2027, 1, 20), time(10, 0), Cadence.MONTHLY, 30)
    save_setup(db, team_id=TEAM, form=form, submission_id="setup-again", now=AFTER)

    assert target(db, AFTER + timedelta(minutes=5)) is planned
    assert planned.scheduled_at == MEETING
    assert [c.scheduled_at for c in conversations(db)] == [MEETING, datetime(2027, 1, 20, 9, 0, tzinfo=UTC)]


# -- save_recap: who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["UMIRA", "ULEO", "UNOBODY"])
def test_only_the_employee_may_write_the_recap(db: Session, clock: FakeClock, user: str) -> None:
    planned = set_up(db, clock.now)
    set_up(db, clock.now, employee=LEO)

    with pytest.raises(NotAllowed, match="Only the person who had the conversation"):
        save(db, planned, user=user)

    assert planned.state is ConversationState.PLANNED
    assert (planned.recap, planned.recap_revision, planned.recap_submission) == (None, 0, None)
    assert items(db) == []
    assert deliveries(db, DeliveryKind.RECAP) == []


def test_a_recap_for_another_workspace_or_a_missing_conversation_is_not_found(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    set_up(db, clock.now, team_id=OTHER_TEAM)

    with pytest.raises(NotFound):
        save(db, planned, team_id=OTHER_TEAM)
    with pytest.raises(NotFound):
        save(db, planned.id + 1000)

    assert items(db) == []


# -- save_recap: validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (replace(FULL, rows=(RecapRow("Book a course", Owner.ME, date(2026, 12, 7)),)), {"row_0_due"}),
        (replace(FULL, rows=(MINE, RecapRow("x" * 501, Owner.MANAGER))), {"row_1_text"}),
        (replace(FULL, takeaways="t" * 3001), {F_TAKEAWAYS}),
        (replace(FULL, rows=(MINE, RecapRow("  ", Owner.MANAGER, TODAY))), {"row_1_text"}),
        (replace(FULL, feedback="f" * 3001), {F_FEEDBACK}),
        (
            RecapInput(met=True, takeaways=" \n ", feedback="Only feedback", rows=(RecapRow("  ", Owner.ME),)),
            {F_TAKEAWAYS},
        ),
        (
            RecapInput(
                met=True, takeaways="t" * 3001, rows=(RecapRow("x" * 501, Owner.ME), RecapRow("y", Owner.ME, TODAY))
            ),
            {F_TAKEAWAYS, "row_0_text"},
        ),
    ],
)
def test_an_invalid_recap_is_refused_with_field_errors_and_stores_nothing(
    db: Session, clock: FakeClock, data: RecapInput, fields: set[str]
) -> None:
    planned = set_up(db, clock.now)

    with pytest.raises(InvalidInput) as raised:
        save(db, planned, data)

    assert set(raised.value.errors) == fields
    assert (planned.state, planned.recap_revision, planned.recap_submission) == (ConversationState.PLANNED, 0, None)
    assert items(db) == []
    assert deliveries(db, DeliveryKind.RECAP) == []


def test_the_error_messages_say_what_to_do(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    past = replace(FULL, rows=(RecapRow("Book a course", Owner.ME, date(2026, 12, 7)),))

    with pytest.raises(InvalidInput) as raised:
        save(db, planned, past)
    assert "That date has passed" in raised.value.errors["row_0_due"]
    with pytest.raises(InvalidInput) as raised:
        save(db, planned, RecapInput(met=True))
    assert "Add a takeaway or an action item" in raised.value.errors[F_TAKEAWAYS]
    with pytest.raises(InvalidInput) as raised:
        save(db, planned, replace(FULL, rows=(RecapRow("", Owner.ME, TODAY),)))
    assert "Say what needs doing by that date" in raised.value.errors["row_0_text"]


@pytest.mark.parametrize(
    "data",
    [
        RecapInput(met=True, takeaways="Takeaways alone are enough"),
        RecapInput(met=True, rows=(RecapRow("Due today is fine", Owner.ME, TODAY),)),
        RecapInput(met=True, rows=(RecapRow("x" * 500, Owner.MANAGER),)),
        RecapInput(met=True, takeaways="t" * 3000, feedback="f" * 3000),
        RecapInput(met=False, takeaways="t" * 3001, rows=(RecapRow("x", Owner.ME, date(2020, 1, 1)),)),
    ],
)
def test_valid_recaps_at_the_limits_are_saved(db: Session, clock: FakeClock, data: RecapInput) -> None:
    planned = set_up(db, clock.now)

    save(db, planned, data)

    assert planned.state is (ConversationState.HELD if data.met else ConversationState.SKIPPED)


def test_closing_a_carried_item_alone_is_a_recap(db: Session, clock: FakeClock) -> None:
    december = held(db, clock)
    january = target(db, AFTER_NEXT)

    save(db, january, RecapInput(met=True, close_item_ids=frozenset({items(db, december)[0].id})), now=AFTER_NEXT)

    assert january.state is ConversationState.HELD


# -- save_recap: items, revisions and the outbox -----------------------------------------------------


def test_a_recap_stores_the_answers_and_items_for_both_owners(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")

    result = save(db, planned)

    assert result.conversation is planned
    assert result.first_time is True
    assert planned.state is ConversationState.HELD
    assert planned.recap == {
        "takeaways": "A move to product is realistic within a year",
        "feedback": "Speak up earlier in design reviews",
    }
    assert (planned.recap_submitted_at, planned.recap_revision, planned.recap_submission) == (AFTER, 1, "V1")
    mine, theirs = stored = items(db)
    assert list(result.items) == stored
    assert (mine.text, mine.owner_id, mine.counterpart_id, mine.due_date) == (MINE.text, ana.id, mira.id, MINE.due)
    assert (theirs.text, theirs.owner_id, theirs.counterpart_id, theirs.due_date) == (
        THEIRS.text,
        mira.id,
        ana.id,
        THEIRS.due,
    )
    for item in stored:
        assert (item.team_id, item.conversation_id, item.status, item.closed_at) == (
            TEAM,
            planned.id,
            ItemStatus.OPEN,
            None,
        )
        assert (item.created_at, item.updated_at) == (AFTER, AFTER)
        [created] = item.history
        assert (created.actor_id, created.at, created.from_status, created.to_status) == (
            ana.id,
            AFTER,
            None,
            ItemStatus.OPEN,
        )
        assert (created.team_id, created.note) == (TEAM, "agreed in the recap")


def test_editing_the_recap_by_position_records_each_change(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock, replace(FULL, rows=(MINE, THEIRS, RecapRow("Read the career ladder", Owner.ME))))
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    first, second, third = items(db)
    state = recap_state(db, planned)
    assert [r.item_id for r in state.rows] == [first.id, second.id, third.id]
    edited_at = AFTER + timedelta(hours=3)

    rows = (
        replace(state.rows[0], text="  Ask the platform lead about shadowing  ", due=date(2026, 12, 22)),
        replace(state.rows[1], text="", owner=Owner.MANAGER),  # cleared: its item is dropped
        replace(state.rows[2], owner=Owner.MANAGER),  # handed to the manager
        RecapRow("Book a product-discovery course", Owner.ME),
    )
    result = save(db, planned, replace(FULL, rows=rows), submission="V2", now=edited_at)

    assert result.first_time is False
    first_, second_, third_, fourth = items(db)
    assert [i.id for i in result.items] == [first.id, third.id, fourth.id]
    assert (first_.text, first_.due_date, first_.status) == (
        "Ask the platform lead about shadowing",
        date(2026, 12, 22),
        ItemStatus.OPEN,
    )
    assert (third_.owner_id, third_.counterpart_id) == (mira.id, ana.id)
    assert (second_.status, second_.closed_at) == (ItemStatus.DROPPED, edited_at)
    assert (fourth.text, fourth.owner_id, fourth.due_date) == ("Book a product-discovery course", ana.id, None)
    for item, to, note in (
        (first_, ItemStatus.OPEN, "edited in the recap"),
        (second_, ItemStatus.DROPPED, "removed from the recap"),
        (third_, ItemStatus.OPEN, "edited in the recap"),
    ):
        event = item.history[-1]
        assert len(item.history) == 2
        assert (event.actor_id, event.at, event.from_status, event.to_status, event.note) == (
            ana.id,
            edited_at,
            ItemStatus.OPEN,
            to,
            note,
        )
        assert item.updated_at == edited_at
    assert [e.note for e in fourth.history] == ["agreed in the recap"]
    assert [r.text for r in recap_state(db, planned).rows] == [first_.text, third_.text, fourth.text]


def test_the_same_submission_again_changes_and_queues_nothing(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock)
    before = [(i.id, len(i.history)) for i in items(db)]
    queued = [d.id for d in db.scalars(select(Delivery))]

    again = save(db, planned, replace(FULL, takeaways="Something else entirely"), now=AFTER + timedelta(seconds=2))

    assert again.first_time is False
    assert [i.id for i in again.items] == [i for i, _ in before]
    assert [(i.id, len(i.history)) for i in items(db)] == before
    assert [d.id for d in db.scalars(select(Delivery))] == queued
    assert planned.recap_revision == 1
    assert planned.recap is not None
    assert planned.recap["takeaways"] == "A move to product is realistic within a year"


def test_a_new_submission_of_the_same_recap_creates_no_duplicate_items(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock)
    before = [(i.id, i.text, len(i.history)) for i in items(db)]

    reopened = recap_state(db, planned)
    save(db, planned, replace(FULL, rows=reopened.rows), submission="V2", now=AFTER + timedelta(hours=1))

    assert [(i.id, i.text, len(i.history)) for i in items(db)] == before
    assert planned.recap_revision == 2
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 2


def test_a_stale_form_without_item_ids_leaves_no_duplicate_open_items(db: Session, clock: FakeClock) -> None:
    """Two recap modals opened before either was saved: the second carries no item ids."""
    planned = held(db, clock)

    save(db, planned, FULL, submission="V2", now=AFTER + timedelta(minutes=5))

    lists = open_items(db, team_id=TEAM, slack_user_id="UANA")
    assert sorted(i.text for i in lists.owned + lists.owed_to_me) == sorted([MINE.text, THEIRS.text])


def test_each_revision_queues_one_recap_for_the_manager_and_the_confirmation_goes_out_once(
    db: Session, clock: FakeClock
) -> None:
    planned = set_up(db, clock.now)
    mira, ana = person(db, "UMIRA"), person(db, "UANA")

    for revision in (1, 2, 3):
        result = save(db, planned, submission=f"V{revision}", now=AFTER + timedelta(minutes=revision))
        assert (planned.recap_revision, result.first_time) == (revision, revision == 1)

    recaps = deliveries(db, DeliveryKind.RECAP)
    assert [d.idempotency_key for d in recaps] == [f"{TEAM}:recap:{planned.id}:{n}" for n in (1, 2, 3)]
    assert [d.payload for d in recaps] == [{"conversation_id": planned.id, "revision": n} for n in (1, 2, 3)]
    assert [d.due_at for d in recaps] == [AFTER + timedelta(minutes=n) for n in (1, 2, 3)]
    assert {(d.recipient_id, d.state, d.team_id) for d in recaps} == {(mira.id, DeliveryState.PENDING, TEAM)}
    [saved] = notices(db, "recap_saved")
    assert (saved.recipient_id, saved.due_at, saved.payload["conversation_id"]) == (
        ana.id,
        AFTER + timedelta(minutes=1),
        planned.id,
    )
    assert planned.recap_submitted_at == AFTER + timedelta(minutes=1)


def test_check_ins_are_due_three_weeks_after_the_recap_once_per_owner(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock)
    save(db, planned, replace(FULL, rows=recap_state(db, planned).rows), submission="V2", now=AFTER + timedelta(days=2))

    check_ins = list(db.scalars(select(CheckIn).order_by(CheckIn.owner_id)))
    assert sorted(c.owner_id for c in check_ins) == sorted([person(db, "UANA").id, person(db, "UMIRA").id])
    for check_in in check_ins:
        assert (check_in.team_id, check_in.conversation_id) == (TEAM, planned.id)
        assert (check_in.due_at, check_in.created_at, check_in.sent_at, check_in.completed_at) == (
            AFTER + timedelta(days=21),
            AFTER,
            None,
            None,
        )


def test_check_ins_follow_the_workspace_setting_and_only_owners_with_open_items(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    workspace.check_in_days = 14
    db.flush()

    save(db, planned, replace(FULL, rows=(MINE,)))
    [first] = db.scalars(select(CheckIn)).all()
    assert (first.owner_id, first.due_at) == (person(db, "UANA").id, AFTER + timedelta(days=14))

    # A later edit gives the manager an item: their check-in keeps to the first recap's date.
    rows = (*recap_state(db, planned).rows, THEIRS)
    save(db, planned, replace(FULL, rows=rows), submission="V2", now=AFTER + timedelta(days=3))

    due = {c.owner_id: c.due_at for c in db.scalars(select(CheckIn))}
    assert due == {
        person(db, "UANA").id: AFTER + timedelta(days=14),
        person(db, "UMIRA").id: AFTER + timedelta(days=14),
    }


def test_a_recap_without_open_items_has_no_check_in(db: Session, clock: FakeClock) -> None:
    held(db, clock, RecapInput(met=True, takeaways="We talked about the year"))

    assert db.scalar(select(func.count()).select_from(CheckIn)) == 0
    assert len(deliveries(db, DeliveryKind.RECAP)) == 1


# -- save_recap: carried items and skipped meetings ---------------------------------------------------


def test_a_recap_closes_carried_items_of_the_same_pair_only(db: Session, clock: FakeClock) -> None:
    december = held(db, clock)
    leos = set_up(db, clock.now, employee=LEO)
    save(db, leos, replace(FULL, rows=(RecapRow("Leo's own item", Owner.ME),)), user="ULEO", submission="L1")
    mine, theirs = items(db, december)
    [leo_item] = items(db, leos)
    january = target(db, AFTER_NEXT)
    assert [i.id for i in recap_state(db, january).carried] == [theirs.id, mine.id]  # by due date

    closing = frozenset({theirs.id, leo_item.id, 999_999})
    save(db, january, replace(FULL, rows=(), close_item_ids=closing), submission="V-jan", now=AFTER_NEXT)

    assert (theirs.status, theirs.closed_at) == (ItemStatus.DONE, AFTER_NEXT)
    event = theirs.history[-1]
    assert (event.actor_id, event.at, event.from_status, event.to_status) == (
        person(db, "UANA").id,
        AFTER_NEXT,
        ItemStatus.OPEN,
        ItemStatus.DONE,
    )
    assert event.note == "closed in the recap of 12 Jan 2027"
    assert (mine.status, len(mine.history)) == (ItemStatus.OPEN, 1)
    assert (leo_item.status, leo_item.closed_at, len(leo_item.history)) == (ItemStatus.OPEN, None, 1)
    assert [i.id for i in recap_state(db, january).carried] == [mine.id]


def test_the_closing_note_names_the_meeting_day_the_pair_had_it_on(db: Session, clock: FakeClock) -> None:
    # Leo meets at 08:00 in Tokyo on the second Tuesday: 23:00 UTC on the Monday before.
    form = SetupInput(LEO, MIRA, date(2026, 12, 8), time(8, 0), Cadence.MONTHLY, 30)
    save_setup(db, team_id=TEAM, form=form, submission_id="setup-leo", now=clock.now)
    after_december = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    december = target(db, after_december, user="ULEO")
    save(db, december, replace(FULL, rows=(MINE,)), user="ULEO", now=after_december)
    after_january = datetime(2027, 1, 12, 1, 0, tzinfo=UTC)
    january = target(db, after_january, user="ULEO")
    assert january.scheduled_at == datetime(2027, 1, 11, 23, 0, tzinfo=UTC)
    [item] = items(db, december)

    closing = RecapInput(met=True, close_item_ids=frozenset({item.id}))
    save(db, january, closing, user="ULEO", submission="V-jan", now=after_january)

    assert item.status is ItemStatus.DONE
    assert item.history[-1].note == "closed in the recap of 12 Jan 2027"


def test_a_skipped_meeting_stores_and_sends_nothing_and_leaves_earlier_items_alone(
    db: Session, clock: FakeClock
) -> None:
    december = held(db, clock)
    earlier = [(i.id, i.status, len(i.history)) for i in items(db)]
    queued = [d.id for d in db.scalars(select(Delivery))]
    check_ins = db.scalar(select(func.count()).select_from(CheckIn))
    january = target(db, AFTER_NEXT)

    skipped = replace(FULL, met=False, close_item_ids=frozenset(i.id for i in items(db, december)))
    result = save(db, january, skipped, submission="V-jan", now=AFTER_NEXT)

    assert (result.items, result.first_time) == ((), False)
    assert january.state is ConversationState.SKIPPED
    assert (january.recap, january.recap_submitted_at, january.recap_revision) == (None, None, 0)
    assert items(db, january) == []
    assert [(i.id, i.status, len(i.history)) for i in items(db)] == earlier
    assert [d.id for d in db.scalars(select(Delivery))] == queued
    assert db.scalar(select(func.count()).select_from(CheckIn)) == check_ins


def test_a_recapped_meeting_cannot_be_marked_skipped(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock)

    with pytest.raises(InvalidInput) as raised:
        save(db, planned, SKIPPED, submission="V2", now=AFTER + timedelta(hours=1))

    assert "already has a recap" in raised.value.errors[F_TAKEAWAYS]
    assert (planned.state, planned.recap_revision) == (ConversationState.HELD, 1)
    assert len(deliveries(db, DeliveryKind.RECAP)) == 1
    assert {i.status for i in items(db)} == {ItemStatus.OPEN}


def test_a_skipped_meeting_can_still_be_recapped_after_all(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    save(db, planned, SKIPPED)

    result = save(db, planned, FULL, submission="V2", now=AFTER + timedelta(hours=1))

    assert (planned.state, result.first_time, len(result.items)) == (ConversationState.HELD, True, 2)
    assert len(notices(db, "recap_saved")) == 1


# -- items: status changes, edits and lists ----------------------------------------------------------


def status(
    db: Session, item: ActionItem, to: ItemStatus, now: datetime, *, user: str = "UANA", note: str | None = None
) -> ActionItem:
    return change_status(db, team_id=TEAM, item_id=item.id, slack_user_id=user, to=to, now=now, note=note)


def test_status_changes_keep_a_history_and_tell_the_other_person_what_matters(db: Session, clock: FakeClock) -> None:
    held(db, clock)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    mine = items(db)[0]  # Ana owns it, Mira is the counterpart
    steps = [
        ("UANA", ItemStatus.IN_PROGRESS, None),
        ("UANA", ItemStatus.BLOCKED, "  Waiting for the on-call rota  "),
        ("UMIRA", ItemStatus.IN_PROGRESS, "Rota sorted"),
        ("UANA", ItemStatus.DONE, None),
        ("UMIRA", ItemStatus.OPEN, "Reopened: only half done"),
        ("UMIRA", ItemStatus.DROPPED, None),
    ]

    for hour, (user, to, note) in enumerate(steps, start=1):
        status(db, mine, to, AFTER + timedelta(hours=hour), user=user, note=note)
        assert mine.status is to
        assert mine.updated_at == AFTER + timedelta(hours=hour)
        assert mine.closed_at == (
            AFTER + timedelta(hours=hour) if to in (ItemStatus.DONE, ItemStatus.DROPPED) else None
        )

    actors = {"UANA": ana.id, "UMIRA": mira.id}
    expected: list[tuple[int, ItemStatus | None, ItemStatus, str | None, datetime]] = [
        (ana.id, None, ItemStatus.OPEN, "agreed in the recap", AFTER)
    ]
    previous = ItemStatus.OPEN
    for hour, (user, to, note) in enumerate(steps, start=1):
        expected.append((actors[user], previous, to, note.strip() if note else None, AFTER + timedelta(hours=hour)))
        previous = to
    assert [(e.actor_id, e.from_status, e.to_status, e.note, e.at) for e in mine.history] == expected

    told = [
        (d.payload["template"], d.recipient_id, d.payload["actor_id"], d.payload["item_id"])
        for d in deliveries(db, DeliveryKind.NOTICE)
        if d.payload["template"].startswith("item_")
    ]
    assert told == [
        ("item_blocked", mira.id, ana.id, mine.id),
        ("item_done", mira.id, ana.id, mine.id),
        ("item_dropped", ana.id, mira.id, mine.id),
    ]


@pytest.mark.parametrize("note", [None, "", "   "])
def test_blocked_needs_a_reason(db: Session, clock: FakeClock, note: str | None) -> None:
    held(db, clock)
    mine = items(db)[0]

    with pytest.raises(InvalidInput) as raised:
        status(db, mine, ItemStatus.BLOCKED, AFTER, note=note)

    assert list(raised.value.errors) == [F_REASON]
    assert (mine.status, len(mine.history)) == (ItemStatus.OPEN, 1)
    assert notices(db, "item_blocked") == []


def test_a_reason_longer_than_500_characters_is_refused(db: Session, clock: FakeClock) -> None:
    held(db, clock)
    mine = items(db)[0]

    with pytest.raises(InvalidInput) as raised:
        status(db, mine, ItemStatus.BLOCKED, AFTER, note="r" * 501)
    assert list(raised.value.errors) == [F_REASON]

    status(db, mine, ItemStatus.BLOCKED, AFTER, note="r" * 500)
    assert mine.status is ItemStatus.BLOCKED


def test_the_same_status_without_a_note_records_nothing(db: Session, clock: FakeClock) -> None:
    held(db, clock)
    mine = items(db)[0]

    status(db, mine, ItemStatus.OPEN, AFTER + timedelta(hours=1))

    assert (len(mine.history), mine.updated_at) == (1, AFTER)


@pytest.mark.parametrize(("team_id", "user", "error"), [(OTHER_TEAM, "UANA", NotFound), (TEAM, "ULEO", NotAllowed)])
def test_only_the_two_people_in_the_workspace_may_change_an_item(
    db: Session, clock: FakeClock, team_id: str, user: str, error: type[Exception]
) -> None:
    held(db, clock)
    set_up(db, clock.now, employee=LEO)
    set_up(db, clock.now, team_id=OTHER_TEAM)
    mine = items(db)[0]

    with pytest.raises(error):
        change_status(db, team_id=team_id, item_id=mine.id, slack_user_id=user, to=ItemStatus.DONE, now=AFTER)
    with pytest.raises(error):
        edit_item(
            db, team_id=team_id, item_id=mine.id, slack_user_id=user, text="Mine now", due=None, today=TODAY, now=AFTER
        )

    assert (mine.status, mine.text, len(mine.history)) == (ItemStatus.OPEN, MINE.text, 1)


def test_a_missing_item_is_not_found(db: Session, clock: FakeClock) -> None:
    held(db, clock)

    with pytest.raises(NotFound):
        change_status(db, team_id=TEAM, item_id=999_999, slack_user_id="UANA", to=ItemStatus.DONE, now=AFTER)


def edit(db: Session, item: ActionItem, text: str, due: date | None, now: datetime, user: str = "UANA") -> ActionItem:
    return edit_item(
        db, team_id=TEAM, item_id=item.id, slack_user_id=user, text=text, due=due, today=now.date(), now=now
    )


def test_edits_are_recorded_with_what_changed(db: Session, clock: FakeClock) -> None:
    held(db, clock)
    mine = items(db)[0]
    mira = person(db, "UMIRA")
    later = date(2027, 1, 8)

    edit(db, mine, f"  {MINE.text}  ", MINE.due, AFTER + timedelta(hours=1))  # nothing changed
    edit(db, mine, "Shadow the on-call week", MINE.due, AFTER + timedelta(hours=2))
    edit(db, mine, "Shadow the on-call week", later, AFTER + timedelta(hours=3), user="UMIRA")
    edit(db, mine, "Shadow two on-call weeks", None, AFTER + timedelta(hours=4))

    assert (mine.text, mine.due_date, mine.status, mine.updated_at) == (
        "Shadow two on-call weeks",
        None,
        ItemStatus.OPEN,
        AFTER + timedelta(hours=4),
    )
    assert [(e.note, e.from_status, e.to_status, e.at) for e in mine.history[1:]] == [
        ("edited text", ItemStatus.OPEN, ItemStatus.OPEN, AFTER + timedelta(hours=2)),
        ("edited due date", ItemStatus.OPEN, ItemStatus.OPEN, AFTER + timedelta(hours=3)),
        ("edited text and due date", ItemStatus.OPEN, ItemStatus.OPEN, AFTER + timedelta(hours=4)),
    ]
    assert mine.history[2].actor_id == mira.id
    quiet = ("setup_saved", "manager_confirmed", "recap_saved")
    assert deliveries(db, DeliveryKind.NOTICE) == [
        d for d in deliveries(db, DeliveryKind.NOTICE) if d.payload["template"] in quiet
    ]


@pytest.mark.parametrize(
    ("text", "due", "fields"),
    [
        ("  ", None, {F_TEXT}),
        ("x" * 501, None, {F_TEXT}),
        ("Fine", date(2026, 12, 7), {F_DUE}),
        ("", TODAY - timedelta(days=1), {F_TEXT, F_DUE}),
    ],
)
def test_invalid_edits_are_refused(
    db: Session, clock: FakeClock, text: str, due: date | None, fields: set[str]
) -> None:
    held(db, clock)
    mine = items(db)[0]

    with pytest.raises(InvalidInput) as raised:
        edit(db, mine, text, due, AFTER)

    assert set(raised.value.errors) == fields
    assert (mine.text, len(mine.history)) == (MINE.text, 1)


def test_an_overdue_item_can_have_its_text_edited_and_keep_its_date(db: Session, clock: FakeClock) -> None:
    held(db, clock)
    mine = items(db)[0]  # due Fri 18 Dec 2026
    overdue = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)

    edit(db, mine, "Shadow the on-call week", MINE.due, overdue)

    assert (mine.text, mine.due_date) == ("Shadow the on-call week", MINE.due)


def test_editing_a_done_item_keeps_when_it_was_closed(db: Session, clock: FakeClock) -> None:
    planned = held(db, clock)
    mine = items(db)[0]
    status(db, mine, ItemStatus.DONE, AFTER + timedelta(hours=1))

    first, *rest = recap_state(db, planned).rows
    rows = (replace(first, text=first.text + " (with the SRE team)"), *rest)
    save(db, planned, replace(FULL, rows=rows), submission="V2", now=AFTER + timedelta(days=1))

    assert mine.text.endswith("(with the SRE team)")
    assert (mine.status, mine.closed_at) == (ItemStatus.DONE, AFTER + timedelta(hours=1))


def test_open_items_lists_what_each_person_owes_and_is_owed(db: Session, clock: FakeClock) -> None:
    rows = (
        RecapRow("No date", Owner.ME),
        RecapRow("Later", Owner.ME, date(2027, 1, 20)),
        RecapRow("Sooner", Owner.ME, date(2026, 12, 10)),
        RecapRow("Closed", Owner.ME),
        RecapRow("Mira's", Owner.MANAGER, date(2026, 12, 15)),
    )
    held(db, clock, replace(FULL, rows=rows))
    set_up(db, clock.now, team_id=OTHER_TEAM)
    status(db, items(db)[3], ItemStatus.DONE, AFTER)
    status(db, items(db)[1], ItemStatus.BLOCKED, AFTER, note="Waiting")

    ana = open_items(db, team_id=TEAM, slack_user_id="UANA")
    mira = open_items(db, team_id=TEAM, slack_user_id="UMIRA")

    assert [i.text for i in ana.owned] == ["Sooner", "Later", "No date"]
    assert [i.text for i in ana.owed_to_me] == ["Mira's"]
    assert ([i.text for i in mira.owned], [i.text for i in mira.owed_to_me]) == (
        ["Mira's"],
        ["Sooner", "Later", "No date"],
    )
    assert open_items(db, team_id=OTHER_TEAM, slack_user_id="UANA") == open_items(
        db, team_id=TEAM, slack_user_id="UNOBODY"
    )
    assert open_items(db, team_id=TEAM, slack_user_id="UNOBODY").owned == ()


# -- the manager's copy through the relay ------------------------------------------------------------


@pytest.fixture
def people_in_slack(fake_slack: FakeSlack) -> None:
    for profile in (ANA, MIRA):
        fake_slack.add_user(profile.slack_user_id, real_name=profile.display_name, tz=profile.tz or "UTC")


def pair(sessions: SessionFactory, clock: FakeClock) -> int:
    with sessions.begin() as session:
        return set_up(session, clock.now).id


def recap_now(sessions: SessionFactory, conversation_id: int, data: RecapInput, submission: str, now: datetime) -> None:
    with sessions.begin() as session:
        rows = data.rows
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        if conversation.recap_submitted_at is not None:  # as the reopened form would: rows keep their items
            saved = recap_state(session, conversation).rows
            rows = tuple(
                replace(row, item_id=saved[i].item_id) if i < len(saved) else row for i, row in enumerate(data.rows)
            )
        save(session, conversation_id, replace(data, rows=rows), submission=submission, now=now)


def recap_rows(sessions: SessionFactory) -> list[Delivery]:
    with sessions.begin() as session:
        return deliveries(session, DeliveryKind.RECAP)


def load_conversation(sessions: SessionFactory, conversation_id: int) -> Conversation:
    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        return conversation


def recap_messages(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(MANAGER_DM) if "sent a recap" in m["text"]]


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


@pytest.mark.usefixtures("people_in_slack")
def test_the_thank_you_recap_goes_to_the_managers_dm_and_the_confirmation_to_the_employee(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    recap_now(sessions, conversation_id, FULL, "V1", AFTER)

    relay.run_once(AFTER)

    [posted] = recap_messages(fake_slack)
    assert posted["text"] == "Ana Silva sent a recap of your career conversation"
    body = text_of(posted)
    assert "Thank you for the career conversation" in body
    assert f"*What you'll do*\\n• {THEIRS.text} — by Tue 15 Dec" in body
    assert f"*What <@UANA> will do*\\n• {MINE.text} — by Fri 18 Dec" in body
    assert "A move to product is realistic within a year" in body
    assert "Tue 8 Dec 2026, 09:30 (America/New_York)" in body  # the meeting in the manager's zone
    assert "Tue 29 Dec 2026" in body  # the check-in, three weeks on
    conversation = load_conversation(sessions, conversation_id)
    assert (conversation.recap_channel, conversation.recap_ts) == (MANAGER_DM, posted["ts"])
    [sent] = recap_rows(sessions)
    assert (sent.state, sent.slack_ts) == (DeliveryState.SENT, posted["ts"])
    [confirmation] = [m for m in fake_slack.messages("DUANA") if "Recap saved" in m["text"]]
    assert "Recap saved and sent to <@UMIRA>" in text_of(confirmation)


@pytest.mark.usefixtures("people_in_slack")
def test_a_later_revision_updates_the_managers_copy_in_place(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    recap_now(sessions, conversation_id, FULL, "V1", AFTER)
    relay.run_once(AFTER)
    [posted] = recap_messages(fake_slack)
    edited_at = AFTER + timedelta(hours=2)

    edited = replace(FULL, takeaways="Revised takeaways", rows=(MINE, RecapRow("", Owner.MANAGER)))
    recap_now(sessions, conversation_id, edited, "V2", edited_at)
    relay.run_once(edited_at)

    [updated] = recap_messages(fake_slack)
    assert (updated["ts"], updated["updated"]) == (posted["ts"], True)
    assert "Revised takeaways" in text_of(updated)
    assert THEIRS.text not in text_of(updated)
    assert "*What you'll do*\\n_Nothing this time._" in text_of(updated)
    assert [c.params["ts"] for c in fake_slack.calls_to("chat.update")] == [posted["ts"]]
    assert [(d.payload["revision"], d.state) for d in recap_rows(sessions)] == [
        (1, DeliveryState.SENT),
        (2, DeliveryState.SENT),
    ]
    assert len([m for m in fake_slack.messages("DUANA") if "Recap saved" in m["text"]]) == 1


@pytest.mark.usefixtures("people_in_slack")
def test_revisions_superseded_before_sending_are_cancelled(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    for n in (1, 2, 3):
        recap_now(sessions, conversation_id, replace(FULL, takeaways=f"version {n}"), f"V{n}", AFTER)

    relay.run_once(AFTER)

    [posted] = recap_messages(fake_slack)
    assert "version 3" in text_of(posted)
    assert fake_slack.calls_to("chat.update") == []
    rows = recap_rows(sessions)
    assert [(d.payload["revision"], d.state) for d in rows] == [
        (1, DeliveryState.CANCELLED),
        (2, DeliveryState.CANCELLED),
        (3, DeliveryState.SENT),
    ]
    assert {d.last_error for d in rows[:2]} == {"superseded by a newer version of the recap"}


@pytest.mark.usefixtures("people_in_slack")
def test_a_deleted_recap_is_forgotten_and_posted_afresh(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    recap_now(sessions, conversation_id, FULL, "V1", AFTER)
    relay.run_once(AFTER)
    old_ts = load_conversation(sessions, conversation_id).recap_ts
    assert old_ts is not None
    edited_at = AFTER + timedelta(minutes=5)
    recap_now(sessions, conversation_id, replace(FULL, takeaways="After the delete"), "V2", edited_at)
    fake_slack.fail_next("chat.update", error="message_not_found")

    relay.deliver([recap_rows(sessions)[-1].id], edited_at)

    forgotten = load_conversation(sessions, conversation_id)
    assert (forgotten.recap_channel, forgotten.recap_ts) == (None, None)
    retry = recap_rows(sessions)[-1]
    assert (retry.state, retry.due_at, retry.last_error) == (DeliveryState.PENDING, edited_at, "message_not_found")

    relay.run_once(edited_at)

    fresh = load_conversation(sessions, conversation_id)
    assert fresh.recap_ts not in (None, old_ts)
    assert recap_rows(sessions)[-1].state is DeliveryState.SENT
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if "After the delete" in json.dumps(c.params)]
    assert post.params["channel"] == MANAGER_DM
    assert fresh.recap_ts == recap_messages(fake_slack)[-1]["ts"]


@pytest.mark.usefixtures("people_in_slack")
def test_a_recap_for_a_manager_who_has_not_confirmed_waits_for_the_confirmation(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        conversation_id = set_up(session, clock.now, confirm=False).id
    recap_now(sessions, conversation_id, FULL, "V1", AFTER)

    relay.run_once(AFTER)
    relay.run_once(AFTER + timedelta(days=1))

    assert recap_messages(fake_slack) == []
    assert "A move to product is realistic within a year" not in json.dumps(fake_slack.messages(MANAGER_DM))
    [held] = recap_rows(sessions)
    assert held.state is DeliveryState.PENDING
    assert held.last_error == "waiting for the named manager to confirm the link"

    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        args = {"series_id": conversation.series_id, "manager_id": conversation.manager_id, "actor_slack_id": "UMIRA"}
        confirm_manager(session, team_id=TEAM, now=AFTER + timedelta(days=1), **args)
    relay.run_once(AFTER + timedelta(days=1))

    [posted] = recap_messages(fake_slack)
    assert "A move to product is realistic within a year" in text_of(posted)


def check_in_delivery(db: Session, check_in: CheckIn, now: datetime) -> Delivery:
    return enqueue(
        db,
        team_id=TEAM,
        kind=DeliveryKind.CHECK_IN,
        key=f"check_in:{check_in.id}",
        due_at=now,
        now=now,
        recipient=db.get(Person, check_in.owner_id),
        payload=CheckInRef(check_in.id, check_in.conversation_id),
    )


def test_a_check_in_with_nothing_left_open_is_settled_as_complete(db: Session, clock: FakeClock) -> None:
    planned = set_up(db, clock.now)
    save(db, planned, replace(FULL, rows=(MINE,)))
    [check_in] = db.scalars(select(CheckIn)).all()
    delivery = check_in_delivery(db, check_in, AFTER)
    later = AFTER + timedelta(days=21)

    settle_check_in(db, delivery, later)
    assert check_in.completed_at is None  # Ana's item is still open

    [item] = items(db, planned)
    status(db, item, ItemStatus.DONE, AFTER + timedelta(days=1))
    settle_check_in(db, delivery, later)
    assert check_in.completed_at == later

    settle_check_in(db, delivery, later + timedelta(days=1))
    assert check_in.completed_at == later  # completed once
