"""The intro rules against a real database: who may be asked, who may answer, the follow-up rounds,
the record, and what forgetting one side leaves for the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.domain.forget import forget
from bot.domain.intro_answers import accept_intro, decline_intro, record_outcome
from bot.domain.intro_follow_ups import plan_intro_follow_ups
from bot.domain.intro_prep import PART_ASK, PART_PATHS
from bot.domain.intro_records import met_counts
from bot.domain.intros import AtCapacity, cancel_intro, request_intro
from bot.domain.plan_report import PlanReport
from bot.models import Ask, Delivery, DeliveryKind, HelpOffer, Intro, IntroOutcome, IntroState, OfferKind, Workspace
from tests.support.intro_world import offer, world
from tests.support.people import TEAM

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
MENTORING = OfferKind.MENTORING


def ask(session: Session, helper_id: int, *, kind: str = MENTORING, now: datetime = NOW, who: str = "UANA") -> Intro:
    return request_intro(
        session, team_id=TEAM, employee_slack_id=who, helper_id=helper_id, kind=kind, note="Hello!", now=now
    )


def test_an_intro_is_refused_without_an_open_offer_of_that_kind(db: Session) -> None:
    ana, leo, _mira = world(db, NOW)
    with pytest.raises(NotFound, match="isn't offering a review"):
        ask(db, leo.id, kind=OfferKind.PLAN_REVIEW)
    offer(db, ana, NOW)  # Ana offers help too: she still can't ask herself
    with pytest.raises(NotAllowed, match="your own offer"):
        ask(db, ana.id)
    with pytest.raises(InvalidInput):
        ask(db, leo.id, kind="lunch")


def test_a_closed_offer_is_refused(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    for row in db.scalars(select(HelpOffer)):
        row.open = False
    with pytest.raises(NotFound, match="isn't offering"):
        ask(db, leo.id)


def test_the_same_intro_twice_is_refused_while_it_waits_and_once_accepted(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    intro = ask(db, leo.id)
    with pytest.raises(NotAllowed, match="haven't answered yet"):
        ask(db, leo.id)
    accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=NOW)
    with pytest.raises(NotAllowed, match="already accepted"):
        ask(db, leo.id)
    assert ask(db, leo.id, kind=OfferKind.INFORMATIONAL_INTERVIEW).state is IntroState.REQUESTED  # another kind


def test_a_helper_at_capacity_is_refused_until_next_month(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    for row in db.scalars(select(HelpOffer)):
        row.capacity_per_month = 1
    ask(db, leo.id)
    with pytest.raises(AtCapacity, match="as many conversations this month"):
        ask(db, leo.id, kind=OfferKind.INFORMATIONAL_INTERVIEW)
    # December in Tokyo, Leo's month: room again.
    assert ask(db, leo.id, kind=OfferKind.INFORMATIONAL_INTERVIEW, now=datetime(2026, 11, 30, 15, 30, tzinfo=UTC))


def test_a_declined_or_cancelled_intro_frees_the_capacity(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    for row in db.scalars(select(HelpOffer)):
        row.capacity_per_month = 1
    first = ask(db, leo.id)
    cancel_intro(db, team_id=TEAM, intro_id=first.id, actor_slack_id="UANA", now=NOW)
    second = ask(db, leo.id)
    decline_intro(db, team_id=TEAM, intro_id=second.id, actor_slack_id="ULEO", now=NOW)
    assert ask(db, leo.id).state is IntroState.REQUESTED


def test_only_the_helper_answers_and_only_while_it_waits(db: Session) -> None:
    _ana, leo, _mira = world(db, NOW)
    intro = ask(db, leo.id)
    for stranger in ("UANA", "UMIRA"):
        with pytest.raises(NotAllowed, match="sent to someone else"):
            accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id=stranger, now=NOW)
        with pytest.raises(NotAllowed):
            decline_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id=stranger, now=NOW)
    with pytest.raises(NotAllowed, match="Only the person who asked"):
        cancel_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=NOW)
    cancel_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="UANA", now=NOW)
    with pytest.raises(NotFound, match="took this request back"):
        accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=NOW)


def _follow_ups(db: Session, now: datetime) -> list[Delivery]:
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    report = PlanReport()
    plan_intro_follow_ups(db, workspace, now, report)
    db.expire_all()  # the pass stored plan_after with a bulk UPDATE, as in its own transaction
    return list(db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.INTRO_FOLLOW_UP).order_by(Delivery.id)))


def test_not_yet_asks_both_once_more_two_weeks_later_then_stops(db: Session) -> None:
    ana, leo, _mira = world(db, NOW)
    intro = ask(db, leo.id)
    accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=NOW)
    first = _follow_ups(db, NOW)
    assert {d.recipient_id for d in first} == {ana.id, leo.id}
    assert all(d.due_at >= NOW + timedelta(days=14) for d in first)
    assert _follow_ups(db, NOW + timedelta(days=1)) == first  # planned again: nothing new

    answered = NOW + timedelta(days=14, hours=2)
    with pytest.raises(NotAllowed, match="two people in this intro"):
        record_outcome(
            db,
            team_id=TEAM,
            intro_id=intro.id,
            round_=1,
            actor_slack_id="UMIRA",
            outcome=IntroOutcome.MET,
            now=answered,
        )
    record_outcome(
        db, team_id=TEAM, intro_id=intro.id, round_=1, actor_slack_id="ULEO", outcome=IntroOutcome.NOT_YET, now=answered
    )
    assert (intro.follow_up_round, intro.follow_up_due_at) == (2, answered + timedelta(days=14))
    with pytest.raises(Conflict):  # Ana's round-one buttons are out of date now
        record_outcome(
            db, team_id=TEAM, intro_id=intro.id, round_=1, actor_slack_id="UANA", outcome=IntroOutcome.MET, now=answered
        )
    second = _follow_ups(db, answered)
    assert len(second) == 4
    record_outcome(
        db, team_id=TEAM, intro_id=intro.id, round_=2, actor_slack_id="UANA", outcome=IntroOutcome.NOT_YET, now=answered
    )
    assert intro.follow_up_due_at is None  # asked twice: no third time
    assert len(_follow_ups(db, answered + timedelta(days=30))) == 4
    assert met_counts(db, team_id=TEAM, employee_id=ana.id) == {}


def test_met_intros_are_counted_per_kind_for_the_employee_only(db: Session) -> None:
    ana, leo, mira = world(db, NOW)
    for helper, kind in ((leo, MENTORING), (mira, MENTORING), (leo, OfferKind.INFORMATIONAL_INTERVIEW)):
        intro = ask(db, helper.id, kind=kind)
        accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id=helper.slack_user_id, now=NOW)
        record_outcome(
            db, team_id=TEAM, intro_id=intro.id, round_=1, actor_slack_id="UANA", outcome=IntroOutcome.MET, now=NOW
        )
    assert met_counts(db, team_id=TEAM, employee_id=ana.id) == {MENTORING: 2, OfferKind.INFORMATIONAL_INTERVIEW: 1}
    assert met_counts(db, team_id=TEAM, employee_id=leo.id) == {}


def test_forgetting_the_employee_leaves_the_helper_an_intro_with_a_colleague_and_no_words(db: Session) -> None:
    _ana, leo, mira = world(db, NOW)
    accepted = ask(db, leo.id)
    accept_intro(db, team_id=TEAM, intro_id=accepted.id, actor_slack_id="ULEO", now=NOW)
    waiting = ask(db, mira.id)
    forget(db, team_id=TEAM, slack_user_id="UANA", now=NOW)
    db.expire_all()
    kept = db.get(Intro, accepted.id)
    assert kept is not None
    assert (kept.employee_id, kept.helper_id, kept.message, kept.reasons) == (None, leo.id, None, None)
    assert kept.follow_up_due_at is None  # nobody left to ask "did you meet?"
    cancelled = db.get(Intro, waiting.id)
    assert cancelled is not None
    assert (cancelled.state, cancelled.employee_id) == (IntroState.CANCELLED, None)
    # Mira's DM asking her to accept is cancelled before it goes.
    queued = db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.INTRO_REQUEST)).all()
    assert {d.state.value for d in queued} <= {"cancelled", "pending"}
    assert all(d.state.value == "cancelled" for d in queued if d.recipient_id == mira.id)


def test_forgetting_the_helper_keeps_the_employees_record(db: Session) -> None:
    ana, leo, _mira = world(db, NOW)
    intro = ask(db, leo.id)
    accept_intro(db, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=NOW)
    record_outcome(
        db, team_id=TEAM, intro_id=intro.id, round_=1, actor_slack_id="UANA", outcome=IntroOutcome.MET, now=NOW
    )
    forget(db, team_id=TEAM, slack_user_id="ULEO", now=NOW)
    db.expire_all()
    kept = db.get(Intro, intro.id)
    assert kept is not None
    assert (kept.employee_id, kept.helper_id, kept.message) == (ana.id, None, "Hello!")
    assert met_counts(db, team_id=TEAM, employee_id=ana.id) == {MENTORING: 1}


def test_only_the_parts_ticked_from_the_employees_own_prep_and_ask_reach_the_helper(db: Session) -> None:
    ana, leo, mira = world(db, NOW)
    own = Ask(team_id=TEAM, employee_id=ana.id, asked_id=mira.id, kind="mentor", detail="A design-review mentor")
    theirs = Ask(team_id=TEAM, employee_id=mira.id, asked_id=ana.id, kind="mentor", detail="Mira's private ask")
    for row in (own, theirs):
        row.created_at = row.updated_at = NOW
        db.add(row)
    db.flush()

    intro = request_intro(
        db,
        team_id=TEAM,
        employee_slack_id="UANA",
        helper_id=leo.id,
        kind=MENTORING,
        note="Hi Leo",
        include=(PART_ASK, PART_PATHS),
        ask_id=own.id,
        now=NOW,
    )
    assert intro.message == "Hi Leo\n\nWhat I'm asking for: A design-review mentor"  # no prep saved: no paths
    assert intro.ask_id == own.id
    forged = request_intro(
        db,
        team_id=TEAM,
        employee_slack_id="UANA",
        helper_id=mira.id,
        kind=MENTORING,
        note="",
        include=(PART_ASK,),
        ask_id=theirs.id,
        now=NOW,
    )
    assert (forged.message, forged.ask_id) == (None, None)  # someone else's ask is never included
