"""Prep against a real database: answers as JSON, the next conversation, saving and sharing, carried-over
items and the brief's questions; then the manager's copy through the relay and the fake Slack."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.domain.brief import brief_for
from bot.domain.conversations import NOT_SET_UP, ManagerGone, move_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.items import CLOSED
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import MeetingReminder
from bot.domain.people import Profile, find_person, upsert_person
from bot.domain.prep import (
    CLOSED_RECAPPED,
    CLOSED_STARTED,
    EMPTY_SHARE,
    F_CLOSED,
    F_SHARE,
    CarriedItem,
    PrepState,
    carried_items,
    open_prep,
    save_prep,
    set_sharing,
)
from bot.domain.prep_answers import MAX_ASKS, TEXT_MAX, Ask, AskKind, PrepAnswers, parse_asks
from bot.domain.question_bank import BY_ID
from bot.models import (
    ActionItem,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    DeliveryState,
    ItemStatus,
    OneOnOneSeries,
    Person,
    PersonStatus,
)
from bot.scheduling.relay import LEASE, Relay
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.pairs import planned_conversation as set_up
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM

PRIYA = Profile("UPRIYA", "Priya Rao", "Europe/Berlin")
# The second Tuesday of the month, 15:30 in Berlin (CET): 14:30 UTC.
MEETING = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
NEXT_MEETING = datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
MANAGER_DM = "DUMIRA"

DRAFT = PrepAnswers(strengths="Explaining tricky systems", direction="Leading a small platform team")


def save(
    session: Session,
    now: datetime,
    conversation_id: int,
    answers: PrepAnswers = DRAFT,
    *,
    user: str = "UANA",
    team_id: str = TEAM,
) -> PrepState:
    return save_prep(
        session, team_id=team_id, conversation_id=conversation_id, slack_user_id=user, answers=answers, now=now
    )


def share(session: Session, now: datetime, conversation_id: int, on: bool = True, user: str = "UANA") -> PrepState:
    return set_sharing(session, team_id=TEAM, conversation_id=conversation_id, slack_user_id=user, share=on, now=now)


def deliveries(session: Session, kind: DeliveryKind) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)))


def person(session: Session, slack_user_id: str) -> Person:
    found = find_person(session, team_id=TEAM, slack_user_id=slack_user_id)
    assert found is not None
    return found


# -- PrepAnswers and parse_asks ------------------------------------------------------------------------------


def test_normalised_trims_answers_and_drops_blank_and_repeated_people() -> None:
    raw = PrepAnswers(
        strengths="  first  \n  indented second   \n\n",
        grow_skills=" \n\t ",
        people=("UPRIYA", "", "ULEO", "UPRIYA"),
        asks=(Ask(AskKind.MENTOR, "  someone in product \n"), Ask(AskKind.OTHER, "   ")),
        topics="\tvisibility",
    )

    assert raw.normalised() == PrepAnswers(
        strengths="first\n  indented second",
        people=("UPRIYA", "ULEO"),
        asks=(Ask(AskKind.MENTOR, "someone in product"), Ask(AskKind.OTHER, "")),
        topics="visibility",
    )


@pytest.mark.parametrize(
    ("answers", "empty"),
    [
        (PrepAnswers(), True),
        (PrepAnswers(strengths="  ", paths="\n\n", topics="\t"), True),
        (PrepAnswers(people=("",)), True),
        (PrepAnswers(topics="x"), False),
        (PrepAnswers(people=("UPRIYA",)), False),
        (PrepAnswers(asks=(Ask(AskKind.TRAINING),)), False),
    ],
)
def test_is_empty_counts_only_real_answers(answers: PrepAnswers, empty: bool) -> None:
    assert answers.is_empty() is empty


def full_answers() -> PrepAnswers:
    return PrepAnswers(
        strengths="Explaining <systems> & teaching",
        grow_skills="Design reviews",
        energizing_work="Pairing",
        underused_skills="Research",
        direction="Platform lead\nwithin two years",
        paths="Product",
        people=("UPRIYA", "ULEO"),
        asks=(Ask(AskKind.MENTOR, "from product"), Ask(AskKind.CERTIFICATION)),
        topics="On-call load",
    )


def test_answers_survive_a_json_round_trip() -> None:
    answers = full_answers()

    data = json.loads(json.dumps(answers.to_json()))

    assert data["asks"] == [{"kind": "mentor", "detail": "from product"}, {"kind": "certification", "detail": ""}]
    assert data["people"] == ["UPRIYA", "ULEO"]
    assert PrepAnswers.from_json(data) == answers


def test_answers_survive_the_database(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    conversation.prep = full_answers().to_json()
    db.flush()
    db.expire_all()

    stored = db.get(Conversation, conversation.id)
    assert stored is not None
    assert PrepAnswers.from_json(stored.prep) == full_answers()


@pytest.mark.parametrize("data", [None, {}])
def test_no_stored_prep_reads_as_empty(data: dict[str, Any] | None) -> None:
    assert PrepAnswers.from_json(data) == PrepAnswers()


def test_from_json_tolerates_old_or_odd_documents() -> None:
    data = {
        "strengths": None,
        "topics": "kept",
        "retired_field": "ignored",
        "asks": [{"kind": "retired_kind", "detail": "x"}, {"kind": "mentor"}],
        "people": None,
    }

    assert PrepAnswers.from_json(data) == PrepAnswers(topics="kept", asks=(Ask(AskKind.MENTOR, ""),))


def test_parse_asks_keeps_rows_with_a_kind_and_cleans_details() -> None:
    rows: list[tuple[str | None, str]] = [("mentor", "  someone in product  "), (None, ""), ("certification", "")]

    assert parse_asks(rows) == ((Ask(AskKind.MENTOR, "someone in product"), Ask(AskKind.CERTIFICATION, "")), {})


@pytest.mark.parametrize("kind", [None, "retired_kind"])
def test_parse_asks_reports_a_detail_without_a_kind_on_its_row(kind: str | None) -> None:
    asks, errors = parse_asks([("stretch", "the Q3 launch"), (kind, "a mentor please"), (None, "   ")])

    assert asks == (Ask(AskKind.STRETCH, "the Q3 launch"),)
    assert list(errors) == ["ask_1"]
    assert "Pick what kind of request" in errors["ask_1"]


def test_parse_asks_reads_at_most_the_forms_rows() -> None:
    asks, errors = parse_asks([("mentor", "")] * MAX_ASKS + [(None, "extra"), ("training", "extra")])

    assert len(asks) == MAX_ASKS
    assert errors == {}


# -- open_prep -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("team_id", "user"), [(TEAM, "UNOBODY"), (TEAM, "UMIRA"), (OTHER_TEAM, "UANA")])
def test_open_prep_for_someone_not_set_up_is_not_found(db: Session, clock: FakeClock, team_id: str, user: str) -> None:
    set_up(db, clock.now)

    with pytest.raises(NotFound) as raised:
        open_prep(db, team_id=team_id, slack_user_id=user, now=clock.now)

    assert raised.value.message == NOT_SET_UP


def test_open_prep_with_the_manager_gone_says_so(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)
    person(db, "UMIRA").status = PersonStatus.LEFT
    db.flush()

    with pytest.raises(ManagerGone) as raised:
        open_prep(db, team_id=TEAM, slack_user_id="UANA", now=clock.now)

    assert "Mira Chen is no longer in this workspace" in raised.value.message


def test_open_prep_returns_the_planned_conversation(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)

    state = open_prep(db, team_id=TEAM, slack_user_id="UANA", now=clock.now)

    assert state.conversation_id == conversation.id
    assert (state.scheduled_at, state.employee_tz, state.manager_tz) == (MEETING, "Europe/Berlin", "America/New_York")
    assert (state.manager_user_id, state.manager_name, state.manager_confirmed) == ("UMIRA", "Mira Chen", True)
    assert (state.answers, state.saved_at, state.shared_at) == (PrepAnswers(), None, None)
    assert state.agenda.carried == ()
    assert db.scalars(select(Conversation)).all() == [conversation]


def test_open_prep_keeps_a_meeting_that_is_still_running(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)

    state = open_prep(db, team_id=TEAM, slack_user_id="UANA", now=MEETING + timedelta(minutes=29))

    assert state.conversation_id == conversation.id


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (MEETING + timedelta(minutes=31), NEXT_MEETING),
        # Weeks later, the next occurrence after now: the second Tuesday of February.
        (datetime(2027, 1, 20, 9, 0, tzinfo=UTC), datetime(2027, 2, 9, 14, 30, tzinfo=UTC)),
    ],
)
def test_open_prep_rolls_forward_after_a_meeting_ended_without_a_recap(
    db: Session, clock: FakeClock, now: datetime, expected: datetime
) -> None:
    old = set_up(db, clock.now)

    state = open_prep(db, team_id=TEAM, slack_user_id="UANA", now=now)

    new = db.get(Conversation, state.conversation_id)
    assert new is not None
    assert new.id != old.id
    assert (new.scheduled_at, new.state, new.prep_revision, new.prep) == (expected, ConversationState.PLANNED, 0, None)
    assert (new.employee_id, new.manager_id, new.length_minutes) == (old.employee_id, old.manager_id, 30)
    assert state.scheduled_at == expected
    assert db.scalars(select(OneOnOneSeries)).one().next_meeting_at == expected
    # Opening again finds the same new conversation.
    assert open_prep(db, team_id=TEAM, slack_user_id="UANA", now=now).conversation_id == new.id
    assert len(db.scalars(select(Conversation)).all()) == 2


# -- save_prep -----------------------------------------------------------------------------------------------


def test_save_prep_stores_normalised_answers_as_a_private_draft(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)

    state = save(db, clock.now, conversation.id, PrepAnswers(strengths="  Teaching  \n", people=("ULEO", "ULEO")))

    assert conversation.prep_revision == 0  # the manager's copy has no new version
    assert conversation.shared_prep is None
    assert conversation.prep == PrepAnswers(strengths="Teaching", people=("ULEO",)).to_json()
    assert conversation.prep_saved_at == clock.now
    assert (state.answers, state.saved_at, state.shared_at) == (
        PrepAnswers(strengths="Teaching", people=("ULEO",)),
        clock.now,
        None,
    )
    assert state.agenda.answers == state.answers

    save(db, clock.advance(minutes=5), conversation.id)

    assert conversation.prep_revision == 0
    assert PrepAnswers.from_json(conversation.prep) == DRAFT
    assert deliveries(db, DeliveryKind.AGENDA) == []  # a draft nobody shared goes nowhere


def test_save_prep_refuses_answers_too_long_for_the_agenda(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)

    with pytest.raises(InvalidInput) as raised:
        save(db, clock.now, conversation.id, PrepAnswers(topics="x" * (TEXT_MAX + 1)))

    assert list(raised.value.errors) == ["topics"]
    assert (conversation.prep, conversation.prep_revision) == (None, 0)


@pytest.mark.parametrize("user", ["UMIRA", "ULEO"])
def test_save_prep_refuses_another_person(db: Session, clock: FakeClock, user: str) -> None:
    conversation = set_up(db, clock.now)

    with pytest.raises(NotAllowed):
        save(db, clock.now, conversation.id, user=user)
    with pytest.raises(NotAllowed):
        share(db, clock.now, conversation.id, user=user)

    assert (conversation.prep, conversation.prep_revision, conversation.prep_shared_at) == (None, 0, None)


def test_save_prep_in_another_workspace_or_for_a_missing_conversation_is_not_found(
    db: Session, clock: FakeClock
) -> None:
    conversation = set_up(db, clock.now)

    with pytest.raises(NotFound):
        save(db, clock.now, conversation.id, team_id=OTHER_TEAM)
    with pytest.raises(NotFound):
        save(db, clock.now, conversation.id + 1000)

    assert conversation.prep_revision == 0


@pytest.mark.parametrize(
    ("close", "message"),
    [
        ({"recap_submitted_at": MEETING + timedelta(hours=1)}, CLOSED_RECAPPED),
        ({"state": ConversationState.HELD}, CLOSED_RECAPPED),
        ({}, CLOSED_STARTED),
    ],
    ids=["recapped", "held", "started"],
)
def test_a_recapped_or_started_meeting_is_closed_to_prep(
    db: Session, clock: FakeClock, close: dict[str, Any], message: str
) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    for name, value in close.items():
        setattr(conversation, name, value)
    db.flush()
    at = MEETING if not close else clock.now  # "started" is the meeting's own start time

    with pytest.raises(InvalidInput) as raised:
        save(db, at, conversation.id, PrepAnswers(topics="changed"))
    assert raised.value.errors == {F_CLOSED: message}
    with pytest.raises(InvalidInput) as raised:
        share(db, at, conversation.id)
    assert raised.value.errors == {F_CLOSED: message}

    assert PrepAnswers.from_json(conversation.prep) == DRAFT
    assert (conversation.prep_revision, conversation.prep_shared_at) == (0, None)


def test_saving_a_shared_prep_queues_nothing_until_shared_again(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    shared_at = clock.advance(minutes=1)
    share(db, shared_at, conversation.id)

    state = save(db, clock.advance(minutes=1), conversation.id, PrepAnswers(topics="Visibility"))

    [shared] = deliveries(db, DeliveryKind.AGENDA)
    assert shared.payload == {"conversation_id": conversation.id, "revision": 1, "fresh": True}
    assert PrepAnswers.from_json(conversation.shared_prep) == DRAFT  # the manager keeps the shared version
    assert (state.shared_at, state.unshared_changes) == (shared_at, True)

    share(db, clock.advance(minutes=1), conversation.id)

    _, again = deliveries(db, DeliveryKind.AGENDA)
    assert again.payload == {"conversation_id": conversation.id, "revision": 2, "fresh": True}
    assert again.recipient_id == person(db, "UMIRA").id
    assert (again.state, again.due_at) == (DeliveryState.PENDING, clock.now)
    assert again.idempotency_key == f"{TEAM}:agenda:{conversation.id}:2"
    assert PrepAnswers.from_json(conversation.shared_prep) == PrepAnswers(topics="Visibility")


def test_emptying_a_shared_prep_keeps_the_shared_version_until_taken_back(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    share(db, clock.advance(minutes=1), conversation.id)

    state = save(db, clock.advance(minutes=1), conversation.id, PrepAnswers(strengths="   "))

    assert state.shared_at is not None
    assert [d.payload["revision"] for d in deliveries(db, DeliveryKind.AGENDA)] == [1]

    share(db, clock.advance(minutes=1), conversation.id, on=False)

    assert (conversation.prep_shared_at, conversation.shared_prep) == (None, None)
    assert [d.payload["revision"] for d in deliveries(db, DeliveryKind.AGENDA)] == [1, 2]  # 2 withdraws the copy


# -- set_sharing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answers", [None, PrepAnswers(topics="  ")], ids=["never-saved", "blank"])
def test_an_empty_prep_cannot_be_shared(db: Session, clock: FakeClock, answers: PrepAnswers | None) -> None:
    conversation = set_up(db, clock.now)
    if answers is not None:
        save(db, clock.now, conversation.id, answers)

    with pytest.raises(InvalidInput) as raised:
        share(db, clock.now, conversation.id)

    assert raised.value.errors == {F_SHARE: EMPTY_SHARE}
    assert conversation.prep_shared_at is None
    assert deliveries(db, DeliveryKind.AGENDA) == []


def test_sharing_queues_the_managers_copy_and_tells_the_employee(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    notices_before = len(deliveries(db, DeliveryKind.NOTICE))

    state = share(db, clock.advance(minutes=2), conversation.id)

    assert state.shared_at == conversation.prep_shared_at == clock.now
    assert conversation.prep_revision == 1
    assert conversation.prep_shared_with_id == person(db, "UMIRA").id
    [agenda] = deliveries(db, DeliveryKind.AGENDA)
    assert (agenda.recipient_id, agenda.payload) == (
        person(db, "UMIRA").id,
        {"conversation_id": conversation.id, "revision": 1, "fresh": True},
    )
    [told] = deliveries(db, DeliveryKind.NOTICE)[notices_before:]
    assert told.recipient_id == person(db, "UANA").id
    assert told.payload == {"template": "agenda_shared", "immediate": True, "conversation_id": conversation.id}
    assert told.due_at == clock.now


def test_sharing_twice_or_taking_back_twice_changes_nothing(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    shared_at = clock.advance(minutes=1)
    share(db, shared_at, conversation.id)
    queued = len(db.scalars(select(Delivery)).all())

    again = share(db, clock.advance(minutes=1), conversation.id)

    assert again.shared_at == conversation.prep_shared_at == shared_at
    assert conversation.prep_revision == 1
    assert len(db.scalars(select(Delivery)).all()) == queued

    share(db, clock.advance(minutes=1), conversation.id, on=False)
    share(db, clock.advance(minutes=1), conversation.id, on=False)

    assert conversation.prep_shared_at is None
    assert conversation.prep_revision == 2
    assert [d.payload["revision"] for d in deliveries(db, DeliveryKind.AGENDA)] == [1, 2]
    assert len(db.scalars(select(Delivery)).all()) == queued + 1  # the withdrawal; no notice for it


# -- carried_items -------------------------------------------------------------------------------------------


def past_conversation(db: Session, current: Conversation, at: datetime, manager_id: int | None = None) -> Conversation:
    conversation = Conversation(
        team_id=TEAM,
        series_id=current.series_id,
        employee_id=current.employee_id,
        manager_id=manager_id or current.manager_id,
        scheduled_at=at,
        length_minutes=30,
        state=ConversationState.HELD,
        recap_submitted_at=at + timedelta(hours=1),
        created_at=at,
        updated_at=at,
    )
    db.add(conversation)
    db.flush()
    return conversation


def add_item(
    db: Session, conversation: Conversation, owner: Person, text: str, due: date | None, status: ItemStatus
) -> None:
    counterpart_id = conversation.manager_id if owner.id == conversation.employee_id else conversation.employee_id
    at = conversation.scheduled_at
    db.add(
        ActionItem(
            team_id=TEAM,
            conversation_id=conversation.id,
            owner_id=owner.id,
            counterpart_id=counterpart_id,
            text=text,
            due_date=due,
            status=status,
            closed_at=at if status in CLOSED else None,
            created_at=at,
            updated_at=at,
        )
    )
    db.flush()


def test_carried_items_are_the_pairs_open_items_from_other_conversations(db: Session, clock: FakeClock) -> None:
    current = set_up(db, clock.now)
    priyas = set_up(db, clock.now, employee=PRIYA)
    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    november = past_conversation(db, current, datetime(2026, 11, 10, 14, 30, tzinfo=UTC))
    october = past_conversation(db, current, datetime(2026, 10, 13, 13, 30, tzinfo=UTC))
    add_item(db, november, ana, "Draft the design review", date(2026, 12, 20), ItemStatus.OPEN)
    add_item(db, november, mira, "Intro to Priya", date(2026, 12, 1), ItemStatus.IN_PROGRESS)
    add_item(db, november, ana, "Find a course", None, ItemStatus.BLOCKED)
    add_item(db, november, ana, "Finished thing", date(2026, 11, 15), ItemStatus.DONE)
    add_item(db, november, mira, "Dropped thing", date(2026, 11, 16), ItemStatus.DROPPED)
    add_item(db, november, mira, "Ask about the budget", None, ItemStatus.OPEN)
    add_item(db, october, ana, "Read the staff engineer guide", date(2026, 11, 25), ItemStatus.OPEN)
    add_item(db, current, ana, "Agreed today", date(2026, 11, 24), ItemStatus.OPEN)
    later = past_conversation(db, current, NEXT_MEETING)  # not earlier, so not carried into this one
    add_item(db, later, ana, "From a later meeting", date(2026, 11, 24), ItemStatus.OPEN)
    # Another pair: Priya with the same manager, and Ana with a former manager.
    add_item(db, priyas, mira, "Priya's item", date(2026, 11, 24), ItemStatus.OPEN)
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=clock.now)
    with_leo = past_conversation(db, current, datetime(2026, 9, 8, 13, 30, tzinfo=UTC), manager_id=leo.id)
    add_item(db, with_leo, ana, "From the old manager", date(2026, 11, 24), ItemStatus.OPEN)

    carried = carried_items(db, current)

    assert carried == (
        CarriedItem("Read the staff engineer guide", "UANA", date(2026, 11, 25), ItemStatus.OPEN),
        CarriedItem("Intro to Priya", "UMIRA", date(2026, 12, 1), ItemStatus.IN_PROGRESS),
        CarriedItem("Draft the design review", "UANA", date(2026, 12, 20), ItemStatus.OPEN),
        CarriedItem("Find a course", "UANA", None, ItemStatus.BLOCKED),
        CarriedItem("Ask about the budget", "UMIRA", None, ItemStatus.OPEN),
    )
    assert open_prep(db, team_id=TEAM, slack_user_id="UANA", now=clock.now).agenda.carried == carried


# -- brief_for -----------------------------------------------------------------------------------------------


def test_brief_for_stores_its_questions_and_asks_the_same_ones_again(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)

    first = brief_for(db, conversation)
    db.flush()
    db.expire_all()
    stored = db.get(Conversation, conversation.id)
    assert stored is not None

    assert len(first.questions) == 3
    assert stored.brief_questions == [q.id for q in first.questions]
    assert brief_for(db, stored).questions == first.questions
    assert (first.employee_user_id, first.employee_name, first.scheduled_at) == ("UANA", "Ana Silva", MEETING)
    assert first.agenda is None  # nothing shared


def test_brief_for_includes_the_agenda_only_once_shared(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    save(db, clock.now, conversation.id)
    assert brief_for(db, conversation).agenda is None

    share(db, clock.advance(minutes=1), conversation.id)

    agenda = brief_for(db, conversation).agenda
    assert agenda is not None
    assert (agenda.answers, agenda.manager_user_id, agenda.scheduled_at) == (DRAFT, "UMIRA", MEETING)


def test_each_brief_asks_none_of_the_previous_briefs_questions(db: Session, clock: FakeClock) -> None:
    conversation = set_up(db, clock.now)
    previous = brief_for(db, conversation)
    db.flush()

    for month in range(5):
        ended = conversation.scheduled_at + timedelta(hours=1)
        state = open_prep(db, team_id=TEAM, slack_user_id="UANA", now=ended)
        following = db.get(Conversation, state.conversation_id)
        assert following is not None
        assert following.id != conversation.id, month

        brief = brief_for(db, following)
        db.flush()

        assert not {q.id for q in brief.questions} & {q.id for q in previous.questions}
        assert len({q.theme for q in brief.questions}) == 3
        conversation, previous = following, brief


# -- through the relay, against the fake Slack ---------------------------------------------------------------


@pytest.fixture
def people_in_slack(fake_slack: FakeSlack) -> None:
    for profile in (ANA, MIRA):
        fake_slack.add_user(profile.slack_user_id, real_name=profile.display_name, tz=profile.tz or "UTC")


def pair(sessions: SessionFactory, clock: FakeClock) -> int:
    with sessions.begin() as session:
        return set_up(session, clock.now).id


def edit(sessions: SessionFactory, now: datetime, conversation_id: int, answers: PrepAnswers) -> None:
    with sessions.begin() as session:
        save(session, now, conversation_id, answers)


def share_now(sessions: SessionFactory, now: datetime, conversation_id: int) -> None:
    with sessions.begin() as session:
        share(session, now, conversation_id)


def load_conversation(sessions: SessionFactory, conversation_id: int) -> Conversation:
    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        return conversation


def agenda_rows(sessions: SessionFactory) -> list[Delivery]:
    with sessions.begin() as session:
        return deliveries(session, DeliveryKind.AGENDA)


def agenda_messages(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(MANAGER_DM) if "shared an agenda" in m["text"]]


def message_text(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


@pytest.mark.usefixtures("people_in_slack")
def test_quick_reshares_post_the_newest_once_and_edits_alone_send_nothing(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    for version in ("version one", "version two", "version three"):
        edit(sessions, clock.advance(seconds=1), conversation_id, PrepAnswers(topics=version))
        share_now(sessions, clock.advance(seconds=1), conversation_id)

    relay.run_once(clock.now)

    [posted] = agenda_messages(fake_slack)
    assert "version three" in message_text(posted)
    assert [(d.payload["revision"], d.state) for d in agenda_rows(sessions)] == [
        (1, DeliveryState.CANCELLED),
        (2, DeliveryState.CANCELLED),
        (3, DeliveryState.SENT),
    ]
    superseded = "superseded by a newer version of the agenda"
    assert [d.last_error for d in agenda_rows(sessions)[:2]] == [superseded, superseded]
    assert load_conversation(sessions, conversation_id).agenda_ts == posted["ts"]

    # Edits saved without sharing again stay private: nothing is queued, nothing changes.
    edit(sessions, clock.advance(seconds=1), conversation_id, PrepAnswers(topics="version four"))
    edit(sessions, clock.advance(seconds=1), conversation_id, PrepAnswers(topics="version five"))
    relay.run_once(clock.now)

    assert len(agenda_rows(sessions)) == 3
    assert fake_slack.calls_to("chat.update") == []
    assert "version five" not in json.dumps(fake_slack.messages(MANAGER_DM))

    # Shared again: a new message (so the manager is notified), and the old one says it was replaced.
    share_now(sessions, clock.advance(seconds=1), conversation_id)
    relay.run_once(clock.now)

    [new] = agenda_messages(fake_slack)
    assert new["ts"] != posted["ts"]
    assert "version five" in message_text(new)
    assert new["updated"] is False
    assert load_conversation(sessions, conversation_id).agenda_ts == new["ts"]
    [marked] = [m for m in fake_slack.messages(MANAGER_DM) if m["ts"] == posted["ts"]]
    assert marked["updated"] is True
    assert "shared a newer version of this agenda" in message_text(marked)
    assert "version three" not in json.dumps(marked)


@pytest.mark.usefixtures("people_in_slack")
def test_a_deleted_manager_copy_is_forgotten_and_posted_afresh(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    edit(sessions, clock.now, conversation_id, PrepAnswers(topics="version one"))
    share_now(sessions, clock.now, conversation_id)
    relay.run_once(clock.now)
    old_ts = load_conversation(sessions, conversation_id).agenda_ts
    assert old_ts is not None

    # The 1:1 moves: the copy is updated in place, but Slack no longer has it.
    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        move_conversation(session, conversation=conversation, at=MEETING + timedelta(days=1), now=clock.now)
    fake_slack.fail_next("chat.update", error="message_not_found")
    latest = agenda_rows(sessions)[-1]
    relay.deliver([latest.id], clock.advance(minutes=1))

    forgotten = load_conversation(sessions, conversation_id)
    assert (forgotten.agenda_ts, forgotten.agenda_channel) == (None, None)
    retry = agenda_rows(sessions)[-1]
    assert (retry.state, retry.due_at, retry.last_error) == (DeliveryState.PENDING, clock.now, "message_not_found")

    relay.run_once(clock.now)

    fresh = load_conversation(sessions, conversation_id)
    assert fresh.agenda_ts not in (None, old_ts)
    assert agenda_rows(sessions)[-1].state is DeliveryState.SENT
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if "Wed 9 Dec 2026" in json.dumps(c.params)]
    assert post.params["channel"] == MANAGER_DM
    assert fresh.agenda_ts == agenda_messages(fake_slack)[-1]["ts"]


@pytest.mark.usefixtures("people_in_slack")
def test_an_agenda_waits_while_an_older_version_is_claimed_elsewhere(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    edit(sessions, clock.now, conversation_id, PrepAnswers(topics="version one"))
    share_now(sessions, clock.now, conversation_id)
    edit(sessions, clock.now, conversation_id, PrepAnswers(topics="version two"))
    share_now(sessions, clock.now, conversation_id)
    older, newer = agenda_rows(sessions)
    with sessions.begin() as session:
        claimed = session.get(Delivery, older.id)
        assert claimed is not None
        claimed.state = DeliveryState.CLAIMED
        claimed.lease_owner = "another-relay"
        claimed.lease_expires_at = clock.now + LEASE

    relay.run_once(clock.now)

    older, newer = agenda_rows(sessions)
    assert (older.state, older.lease_owner) == (DeliveryState.CLAIMED, "another-relay")
    assert newer.state is DeliveryState.PENDING
    assert newer.due_at == clock.now + timedelta(seconds=30)
    assert newer.last_error == "an older version of this agenda is being sent"
    assert newer.attempts == 0
    assert agenda_messages(fake_slack) == []

    # Once the other relay is done with it, the newest version goes out.
    with sessions.begin() as session:
        done = session.get(Delivery, older.id)
        assert done is not None
        done.state, done.lease_owner, done.lease_expires_at = DeliveryState.CANCELLED, None, None
    relay.run_once(clock.advance(seconds=30))

    [posted] = agenda_messages(fake_slack)
    assert "version two" in message_text(posted)


def queue_brief(sessions: SessionFactory, clock: FakeClock, conversation_id: int) -> int:
    with sessions.begin() as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        return enqueue(
            session,
            team_id=TEAM,
            kind=DeliveryKind.MANAGER_BRIEF,
            key=f"brief:{conversation_id}",
            due_at=MEETING - timedelta(days=1),
            now=clock.now,
            recipient=session.get(Person, conversation.manager_id),
            payload=MeetingReminder(conversation_id),
        ).id


@pytest.mark.usefixtures("people_in_slack")
def test_a_brief_due_after_the_meeting_started_is_cancelled(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    delivery_id = queue_brief(sessions, clock, conversation_id)

    relay.run_once(MEETING + timedelta(minutes=5))

    with sessions.begin() as session:
        brief = session.get(Delivery, delivery_id)
        assert brief is not None
        assert (brief.state, brief.last_error) == (DeliveryState.CANCELLED, "the meeting has already started")
        assert brief.slack_ts is None
    assert not [m for m in fake_slack.messages(MANAGER_DM) if "Tomorrow" in m["text"]]
    assert load_conversation(sessions, conversation_id).brief_questions is None


@pytest.mark.usefixtures("people_in_slack")
def test_a_brief_before_the_meeting_is_sent_with_its_questions_kept(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    conversation_id = pair(sessions, clock)
    delivery_id = queue_brief(sessions, clock, conversation_id)

    relay.run_once(MEETING - timedelta(days=1))

    [sent] = [m for m in fake_slack.messages(MANAGER_DM) if "Tomorrow" in m["text"]]
    asked = load_conversation(sessions, conversation_id).brief_questions
    assert asked is not None
    assert len(asked) == 3
    with sessions.begin() as session:
        brief = session.get(Delivery, delivery_id)
        assert brief is not None
        assert (brief.state, brief.slack_ts) == (DeliveryState.SENT, sent["ts"])
    assert "hasn't shared a prep" in message_text(sent)
    for question_id in asked:
        assert BY_ID[question_id].text in message_text(sent)
