"""Meeting requests against a real database: validation, sending, replacing, who may answer in which
state, the counter-proposal, moving the next conversation (prep kept), rendering and tenant isolation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.conversations import ManagerGone
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meeting_request import (
    F_DATE,
    F_MESSAGE,
    F_TIME,
    MESSAGE_MAX,
    create_request,
    validate_request,
    validate_slot,
)
from bot.domain.meeting_request_answers import SlotPassed, accept_request, counter_request, counter_target
from bot.domain.meeting_request_draft import default_message, request_draft, suggested_slot
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import (
    Cadence,
    Conversation,
    Delivery,
    DeliveryKind,
    MeetingRequest,
    OneOnOneSeries,
    Person,
    PersonStatus,
    RequestState,
    Workspace,
)
from bot.slack.outbound.render import Rendered, Skip, render
from tests.conftest import FakeClock
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM

# Thursday 26 November 2026, 10:00 in Berlin (CET, UTC+1) is 09:00 UTC.
THURSDAY_10 = datetime(2026, 11, 26, 10, 0)
THURSDAY_10_UTC = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
# Friday 27 November 2026, 11:00 in New York (EST, UTC-5) is 16:00 UTC.
FRIDAY_11_NY = datetime(2026, 11, 27, 11, 0)
FRIDAY_11_NY_UTC = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


def set_up(
    db: Session,
    now: datetime,
    *,
    team_id: str = TEAM,
    employee: Profile = ANA,
    manager: Profile = MIRA,
    confirm: bool = True,
) -> None:
    """The pair's setup; the manager has confirmed the link unless `confirm` is False."""
    form = SetupInput(employee, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 60)
    result = save_setup(db, team_id=team_id, form=form, submission_id=f"{team_id}:{employee.slack_user_id}", now=now)
    if confirm:
        args = {"series_id": result.series.id, "manager_id": result.manager.id, "actor_slack_id": manager.slack_user_id}
        confirm_manager(db, team_id=team_id, now=now, **args)


def person(db: Session, slack_user_id: str, team_id: str = TEAM) -> Person:
    return db.scalars(select(Person).filter_by(team_id=team_id, slack_user_id=slack_user_id)).one()


def conversation_of(db: Session, slack_user_id: str = "UANA", team_id: str = TEAM) -> Conversation:
    employee = person(db, slack_user_id, team_id)
    return db.scalars(select(Conversation).filter_by(team_id=team_id, employee_id=employee.id)).one()


def send(db: Session, now: datetime, *, message: str = "Could we talk about growth?", **kw: Any) -> MeetingRequest:
    args: dict[str, Any] = {"team_id": TEAM, "employee_slack_id": "UANA", "proposed_local": THURSDAY_10}
    args.update(kw)
    return create_request(db, message=message, now=now, **args)


def deliveries(db: Session, **where: Any) -> list[Delivery]:
    return list(db.scalars(select(Delivery).filter_by(**where).order_by(Delivery.id)))


def notices(db: Session, template: str) -> list[Delivery]:
    return [d for d in deliveries(db, kind=DeliveryKind.NOTICE) if d.payload.get("template") == template]


@pytest.fixture
def pair(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)


# -- the draft and validation ------------------------------------------------------------------------


def test_the_default_message_is_short_warm_and_sets_expectations() -> None:
    text = default_message("Mira Chen")

    assert text.startswith("Hi Mira Chen,")
    assert "30 minutes" in text
    assert "career development conversation" in text
    assert "talking points" in text
    assert "performance review" in text
    assert "pay" in text
    assert len(text) < 600
    assert default_message("  ").startswith("Hi,")


def valid() -> dict[str, Any]:
    return {"message": "Hello", "meeting_date": date(2026, 11, 26), "meeting_time": time(10), "tz": "Europe/Berlin"}


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"message": ""}, F_MESSAGE, "Write a few words"),
        ({"message": "  \n\t "}, F_MESSAGE, "Write a few words"),
        ({"message": "x" * (MESSAGE_MAX + 1)}, F_MESSAGE, "3000 characters"),
        ({"meeting_date": None}, F_DATE, "Pick a date"),
        ({"meeting_time": None}, F_TIME, "Pick a start time"),
        # 14:30 in Berlin is 13:30 UTC, before the clock's 14:00 UTC; 15:00 in Berlin is exactly now.
        ({"meeting_date": date(2026, 11, 23), "meeting_time": time(14, 30)}, F_DATE, "already passed"),
        ({"meeting_date": date(2026, 11, 23), "meeting_time": time(15, 0)}, F_DATE, "already passed"),
        ({"meeting_date": date(2027, 11, 24), "meeting_time": time(9, 0)}, F_DATE, "within the next 12 months"),
    ],
)
def test_validate_request_reports_the_field_at_fault(
    clock: FakeClock, changes: dict[str, Any], field: str, phrase: str
) -> None:
    form = {**valid(), **changes}

    errors = validate_request(now=clock.now, **form)

    assert list(errors) == [field]
    assert phrase in errors[field]


def test_validate_request_accepts_the_limits_and_reports_every_field(clock: FakeClock) -> None:
    assert validate_request(now=clock.now, **valid()) == {}
    assert validate_request(now=clock.now, **{**valid(), "message": " " + "x" * MESSAGE_MAX + "\n"}) == {}
    assert validate_request(now=clock.now, **{**valid(), "meeting_date": date(2027, 11, 22)}) == {}

    errors = validate_request(now=clock.now, message=" ", meeting_date=None, meeting_time=None, tz="UTC")

    assert set(errors) == {F_MESSAGE, F_DATE, F_TIME}


def test_the_slot_is_read_in_the_given_zone(clock: FakeClock) -> None:
    # 10:00 on 23 November is still ahead in New York (15:00 UTC) but past in Berlin (09:00 UTC).
    slot = {"meeting_date": date(2026, 11, 23), "meeting_time": time(10, 0)}

    assert validate_slot(tz="America/New_York", now=clock.now, **slot) == {}
    assert F_DATE in validate_slot(tz="Europe/Berlin", now=clock.now, **slot)


@pytest.mark.parametrize(
    ("now", "tz", "days", "expected"),
    [
        # Monday → Thursday; Friday → the next Wednesday (the weekend doesn't count).
        (datetime(2026, 11, 23, 14, tzinfo=UTC), "Europe/Berlin", range(5), datetime(2026, 11, 26, 10)),
        (datetime(2026, 11, 27, 14, tzinfo=UTC), "Europe/Berlin", range(5), datetime(2026, 12, 2, 10)),
        # Late Monday in UTC is already Tuesday in Tokyo.
        (datetime(2026, 11, 23, 20, tzinfo=UTC), "Asia/Tokyo", range(5), datetime(2026, 11, 27, 10)),
        # A Sunday-to-Thursday week.
        (datetime(2026, 11, 26, 8, tzinfo=UTC), "Asia/Jerusalem", (6, 0, 1, 2, 3), datetime(2026, 12, 1, 10)),
        # Nonsense working days fall back to Monday to Friday.
        (datetime(2026, 11, 23, 14, tzinfo=UTC), "UTC", (9,), datetime(2026, 11, 26, 10)),
        (datetime(2026, 11, 23, 14, tzinfo=UTC), "UTC", (), datetime(2026, 11, 26, 10)),
    ],
)
def test_the_suggested_slot_is_ten_on_the_third_working_day(
    now: datetime, tz: str, days: Any, expected: datetime
) -> None:
    assert suggested_slot(now=now, tz=tz, working_days=frozenset(days)) == expected


def test_the_draft_names_the_manager_and_suggests_a_slot(db: Session, clock: FakeClock, pair: None) -> None:
    draft = request_draft(db, team_id=TEAM, employee_slack_id="UANA", now=clock.now)

    assert (draft.manager_user_id, draft.manager_name, draft.tz) == ("UMIRA", "Mira Chen", "Europe/Berlin")
    assert draft.message == default_message("Mira Chen")
    assert draft.slot_local == THURSDAY_10


def test_the_draft_follows_the_workspace_working_days(db: Session, clock: FakeClock, pair: None) -> None:
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    workspace.working_days = [0, 2, 4]  # Monday, Wednesday, Friday

    draft = request_draft(db, team_id=TEAM, employee_slack_id="UANA", now=clock.now)

    assert draft.slot_local == datetime(2026, 11, 30, 10)


def test_no_draft_without_setup_or_with_a_departed_manager(db: Session, clock: FakeClock) -> None:
    with pytest.raises(NotFound, match="/career-prep settings"):
        request_draft(db, team_id=TEAM, employee_slack_id="UANA", now=clock.now)

    set_up(db, clock.now)
    person(db, "UMIRA").status = PersonStatus.LEFT

    with pytest.raises(ManagerGone, match="Mira Chen is no longer in this workspace"):
        request_draft(db, team_id=TEAM, employee_slack_id="UANA", now=clock.now)


# -- create_request ----------------------------------------------------------------------------------


def test_a_request_is_stored_and_queued_for_the_manager_with_a_note_to_the_employee(
    db: Session, clock: FakeClock, pair: None
) -> None:
    request = send(db, clock.now, message="  Could we talk about growth?\n")

    ana, mira = person(db, "UANA"), person(db, "UMIRA")
    assert (request.team_id, request.employee_id, request.manager_id) == (TEAM, ana.id, mira.id)
    assert request.message == "Could we talk about growth?"
    assert request.proposed_at == THURSDAY_10_UTC
    assert (request.state, request.length_minutes) == (RequestState.PENDING, 30)
    assert (request.counter_at, request.accepted_at, request.answered_at) == (None, None, None)
    [dm] = deliveries(db, kind=DeliveryKind.MEETING_REQUEST)
    assert dm.idempotency_key == f"{TEAM}:request:{request.id}"
    assert (dm.recipient_id, dm.due_at, dm.payload) == (mira.id, clock.now, {"request_id": request.id})
    [sent] = notices(db, "request_sent")
    assert (sent.recipient_id, sent.payload["request_id"]) == (ana.id, request.id)


def test_an_invalid_request_is_refused_and_nothing_is_stored(db: Session, clock: FakeClock, pair: None) -> None:
    before = len(deliveries(db))

    with pytest.raises(InvalidInput) as raised:
        send(db, clock.now, message=" ", proposed_local=datetime(2026, 11, 20, 10))

    assert set(raised.value.errors) == {F_MESSAGE, F_DATE}
    assert db.scalar(select(func.count()).select_from(MeetingRequest)) == 0
    assert len(deliveries(db)) == before


def test_a_request_needs_an_active_series(db: Session, clock: FakeClock) -> None:
    with pytest.raises(NotFound):
        send(db, clock.now)

    set_up(db, clock.now)
    person(db, "UMIRA").status = PersonStatus.LEFT
    with pytest.raises(ManagerGone):
        send(db, clock.now)
    assert db.scalar(select(func.count()).select_from(MeetingRequest)) == 0


def test_a_new_request_replaces_the_open_ones_and_tidies_the_managers_copy(
    db: Session, clock: FakeClock, pair: None
) -> None:
    first = send(db, clock.now)
    first.manager_channel, first.manager_ts = "DMIRA", "1.000001"
    second = send(db, clock.now)
    counter_request(
        db, team_id=TEAM, request_id=second.id, actor_slack_id="UMIRA", counter_local=FRIDAY_11_NY, now=clock.now
    )

    third = send(db, clock.advance(minutes=1))

    assert (first.state, second.state, third.state) == (
        RequestState.WITHDRAWN,
        RequestState.WITHDRAWN,
        RequestState.PENDING,
    )
    copies = notices(db, "request_manager_copy")
    assert [d.payload["request_id"] for d in copies] == [first.id, second.id]
    # Only a copy that was posted can be updated; the first one is turned into a "replaced" note in place.
    outcome = render(db, copies[0], clock.now)
    assert isinstance(outcome, Rendered)
    assert (outcome.channel_id, outcome.update_ts) == ("DMIRA", "1.000001")
    assert "replaced by a newer one" in outcome.message.text
    assert isinstance(render(db, copies[1], clock.now), Skip)


def test_replacing_leaves_other_people_and_answered_requests_alone(db: Session, clock: FakeClock, pair: None) -> None:
    set_up(db, clock.now, employee=LEO)
    leos = send(db, clock.now, employee_slack_id="ULEO")
    accepted = send(db, clock.now)
    accept_request(db, team_id=TEAM, request_id=accepted.id, actor_slack_id="UMIRA", now=clock.now)

    send(db, clock.now)

    assert (leos.state, accepted.state) == (RequestState.PENDING, RequestState.ACCEPTED)


# -- accept_request ----------------------------------------------------------------------------------


def test_the_manager_accepts_and_the_next_conversation_moves_with_its_prep(
    db: Session, clock: FakeClock, pair: None
) -> None:
    conversation = conversation_of(db)
    conversation.prep = {"strengths": "Explaining hard things simply"}
    conversation.prep_saved_at = clock.now
    request = send(db, clock.now)

    answered = accept_request(
        db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", now=clock.advance(hours=1)
    )

    assert answered is request
    assert request.state is RequestState.ACCEPTED
    assert request.accepted_at == THURSDAY_10_UTC
    assert request.answered_at == clock.now
    moved = conversation_of(db)
    assert moved.id == conversation.id
    assert moved.scheduled_at == THURSDAY_10_UTC
    assert moved.length_minutes == 30
    assert moved.prep == {"strengths": "Explaining hard things simply"}
    assert db.scalars(select(OneOnOneSeries)).one().next_meeting_at == THURSDAY_10_UTC
    [told] = notices(db, "request_accepted")
    assert (told.recipient_id, told.payload["request_id"]) == (person(db, "UANA").id, request.id)
    outcome = render(db, told, clock.now)
    assert isinstance(outcome, Rendered)
    assert "Thu 26 Nov 2026, 10:00 (Europe/Berlin)" in outcome.message.text


@pytest.mark.parametrize("actor", ["UANA", "ULEO", "UNOBODY"])
def test_only_the_manager_may_accept_a_pending_request(db: Session, clock: FakeClock, pair: None, actor: str) -> None:
    set_up(db, clock.now, employee=LEO, manager=MIRA)
    request = send(db, clock.now)

    with pytest.raises(NotAllowed, match="waiting for someone else") as refused:
        accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id=actor, now=clock.now)

    assert "Mira" not in refused.value.message

    assert request.state is RequestState.PENDING
    assert conversation_of(db).scheduled_at == datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    assert notices(db, "request_accepted") == []


def test_the_counter_flow_moves_the_conversation_to_the_managers_time(
    db: Session, clock: FakeClock, pair: None
) -> None:
    request = send(db, clock.now)

    countered = counter_request(
        db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", counter_local=FRIDAY_11_NY, now=clock.now
    )

    assert countered.state is RequestState.COUNTERED
    assert countered.counter_at == FRIDAY_11_NY_UTC
    assert countered.answered_at == clock.now
    [asked] = notices(db, "request_countered")
    assert asked.recipient_id == person(db, "UANA").id
    # The employee reads the manager's 11:00 New York as 17:00 Berlin, with a button to accept it.
    outcome = render(db, asked, clock.now)
    assert isinstance(outcome, Rendered)
    assert "Fri 27 Nov 2026, 17:00 (Europe/Berlin)" in outcome.message.text
    assert "request_accept" in str(outcome.message.as_kwargs()["blocks"])

    with pytest.raises(NotAllowed, match="Ana Silva's turn"):
        accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", now=clock.now)
    with pytest.raises(NotAllowed):
        accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id="ULEO", now=clock.now)
    accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id="UANA", now=clock.advance(minutes=5))

    assert request.state is RequestState.ACCEPTED
    assert request.accepted_at == FRIDAY_11_NY_UTC
    assert request.answered_at == clock.now
    assert conversation_of(db).scheduled_at == FRIDAY_11_NY_UTC
    [told] = notices(db, "request_counter_accepted")
    assert told.recipient_id == person(db, "UMIRA").id
    assert [d.payload["request_id"] for d in notices(db, "request_manager_copy")] == [request.id]


@pytest.mark.parametrize("state", [RequestState.ACCEPTED, RequestState.WITHDRAWN])
def test_an_answered_or_replaced_request_cannot_be_answered_again(
    db: Session, clock: FakeClock, pair: None, state: RequestState
) -> None:
    request = send(db, clock.now)
    request.state = state

    for actor in ("UMIRA", "UANA"):
        with pytest.raises(NotFound, match="already answered or replaced"):
            accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id=actor, now=clock.now)
    with pytest.raises(NotFound, match="already answered or replaced"):
        counter_request(
            db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", counter_local=FRIDAY_11_NY, now=clock.now
        )


def test_a_time_that_has_passed_cannot_be_accepted(db: Session, clock: FakeClock, pair: None) -> None:
    request = send(db, clock.now)
    conversation_at = conversation_of(db).scheduled_at

    with pytest.raises(SlotPassed, match="already passed"):
        accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", now=THURSDAY_10_UTC)

    assert request.state is RequestState.PENDING
    assert conversation_of(db).scheduled_at == conversation_at


def test_a_request_from_before_a_manager_change_is_no_longer_current(db: Session, clock: FakeClock, pair: None) -> None:
    request = send(db, clock.now)
    set_up(db, clock.now, manager=LEO)

    with pytest.raises(NotFound, match="no longer current"):
        accept_request(db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", now=clock.now)
    assert request.state is RequestState.PENDING


# -- counter_request ---------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["UANA", "ULEO"])
def test_only_the_manager_may_propose_another_time(db: Session, clock: FakeClock, pair: None, actor: str) -> None:
    request = send(db, clock.now)

    with pytest.raises(NotAllowed, match="Only the manager this request was sent to") as refused:
        counter_target(db, team_id=TEAM, request_id=request.id, actor_slack_id=actor)
    assert "Mira" not in refused.value.message
    with pytest.raises(NotAllowed):
        counter_request(
            db, team_id=TEAM, request_id=request.id, actor_slack_id=actor, counter_local=FRIDAY_11_NY, now=clock.now
        )
    assert request.state is RequestState.PENDING


def test_only_a_pending_request_can_be_countered(db: Session, clock: FakeClock, pair: None) -> None:
    request = send(db, clock.now)
    counter_request(
        db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", counter_local=FRIDAY_11_NY, now=clock.now
    )

    with pytest.raises(NotFound, match="already answered"):
        counter_request(
            db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", counter_local=FRIDAY_11_NY, now=clock.now
        )
    assert request.counter_at == FRIDAY_11_NY_UTC


@pytest.mark.parametrize(
    ("counter_local", "phrase"),
    [
        # 08:30 in New York on 23 November is 13:30 UTC, before the clock's 14:00 UTC.
        (datetime(2026, 11, 23, 8, 30), "already passed"),
        (datetime(2027, 11, 24, 9, 0), "within the next 12 months"),
    ],
)
def test_the_counter_time_is_validated_in_the_managers_zone(
    db: Session, clock: FakeClock, pair: None, counter_local: datetime, phrase: str
) -> None:
    request = send(db, clock.now)

    with pytest.raises(InvalidInput) as raised:
        counter_request(
            db, team_id=TEAM, request_id=request.id, actor_slack_id="UMIRA", counter_local=counter_local, now=clock.now
        )

    assert phrase in raised.value.errors[F_DATE]
    assert request.state is RequestState.PENDING
    # 09:30 the same morning in New York (14:30 UTC) is still ahead: fine.
    counter_request(
        db,
        team_id=TEAM,
        request_id=request.id,
        actor_slack_id="UMIRA",
        counter_local=datetime(2026, 11, 23, 9, 30),
        now=clock.now,
    )
    assert request.counter_at == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


# -- rendering ---------------------------------------------------------------------------------------


def test_the_managers_dm_is_skipped_once_the_request_is_no_longer_pending(
    db: Session, clock: FakeClock, pair: None
) -> None:
    request = send(db, clock.now)
    [dm] = deliveries(db, kind=DeliveryKind.MEETING_REQUEST)

    outcome = render(db, dm, clock.now)
    assert isinstance(outcome, Rendered)
    assert "Thu 26 Nov 2026, 04:00 (America/New_York)" in str(outcome.message.as_kwargs())

    send(db, clock.now)
    assert request.state is RequestState.WITHDRAWN
    assert isinstance(render(db, dm, clock.now), Skip)
    assert isinstance(render(db, notices(db, "request_sent")[0], clock.now), Skip)


# -- tenant isolation --------------------------------------------------------------------------------


def test_requests_are_scoped_to_their_workspace(db: Session, clock: FakeClock, pair: None) -> None:
    set_up(db, clock.now, team_id=OTHER_TEAM)
    ours = send(db, clock.now)
    theirs = send(db, clock.now, team_id=OTHER_TEAM)

    assert ours.state is theirs.state is RequestState.PENDING
    assert theirs.employee_id == person(db, "UANA", OTHER_TEAM).id
    with pytest.raises(NotFound):
        accept_request(db, team_id=OTHER_TEAM, request_id=ours.id, actor_slack_id="UMIRA", now=clock.now)
    with pytest.raises(NotFound):
        counter_target(db, team_id=OTHER_TEAM, request_id=ours.id, actor_slack_id="UMIRA")

    accept_request(db, team_id=TEAM, request_id=ours.id, actor_slack_id="UMIRA", now=clock.now)

    assert conversation_of(db).scheduled_at == THURSDAY_10_UTC
    assert conversation_of(db, team_id=OTHER_TEAM).scheduled_at == datetime(2026, 12, 8, 14, 30, tzinfo=UTC)
    assert theirs.state is RequestState.PENDING
