"""The helper's answer to an intro (accept: a group DM with an opener; not now: the employee is told kindly,
with the next person to ask), and either side's answer to "did you meet?"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.errors import Conflict, NotAllowed, NotFound
from bot.domain.intro_next import next_suggestion
from bot.domain.intros import FOLLOW_UP_AFTER, load_intro, side_of
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import IntroDeclined, IntroRef, Notice
from bot.domain.replan import mark
from bot.models import DeliveryKind, Intro, IntroOutcome, IntroState, Person

STALE = {
    IntroState.ACCEPTED: "You already accepted this intro: your group DM is open.",
    IntroState.DECLINED: "You already said not now to this intro, so there's nothing left to do here.",
    IntroState.CANCELLED: "They took this request back, so there's nothing left to do here. Thanks anyway!",
}
NOT_YOURS = "This intro was sent to someone else: only they can answer it."
NOT_IN_IT = "This question is for the two people in this intro, so I can't take an answer from you."


def _helper_answer(session: Session, *, team_id: str, intro_id: int, actor_slack_id: str) -> tuple[Intro, Person]:
    """The intro the actor may answer (only its helper, only while requested), and its employee."""
    intro = load_intro(session, team_id=team_id, intro_id=intro_id)
    if side_of(session, intro, actor_slack_id) != "helper":
        raise NotAllowed(NOT_YOURS)
    if intro.state is not IntroState.REQUESTED:
        raise NotFound(STALE.get(intro.state, STALE[IntroState.DECLINED]))
    employee = session.get(Person, intro.employee_id) if intro.employee_id is not None else None
    if employee is None:
        raise NotFound("The person who asked has since deleted their Career Prep data, so there's nothing to do.")
    return intro, employee


def accept_intro(session: Session, *, team_id: str, intro_id: int, actor_slack_id: str, now: datetime) -> Intro:
    """The helper accepts: the bot opens a group DM for the two of them with a short opener (once, through
    the outbox, in the employee's hours), and asks both "did you meet?" two weeks later."""
    intro, employee = _helper_answer(session, team_id=team_id, intro_id=intro_id, actor_slack_id=actor_slack_id)
    intro.state = IntroState.ACCEPTED
    intro.answered_at = now
    intro.updated_at = now
    intro.follow_up_round = 1
    intro.follow_up_due_at = now + FOLLOW_UP_AFTER
    mark(intro, now=now)
    enqueue(
        session,
        team_id=team_id,
        kind=DeliveryKind.INTRO_OPENER,
        key=f"intro_opener:{intro.id}",
        due_at=now,
        now=now,
        recipient=employee,
        payload=IntroRef(intro.id),
    )
    return intro


def decline_intro(session: Session, *, team_id: str, intro_id: int, actor_slack_id: str, now: datetime) -> Intro:
    """The helper can't now: the employee is told kindly (in their hours), with the next person to ask."""
    intro, employee = _helper_answer(session, team_id=team_id, intro_id=intro_id, actor_slack_id=actor_slack_id)
    intro.state = IntroState.DECLINED
    intro.answered_at = now
    intro.updated_at = now
    suggestion = next_suggestion(session, intro=intro, now=now)
    payload = IntroDeclined(
        intro.id,
        suggested_id=suggestion.person_id if suggestion else 0,
        reasons="; ".join(suggestion.reasons) if suggestion else "",
    )
    notice(session, recipient=employee, template=Notice.INTRO_DECLINED, payload=payload, key=str(intro.id), now=now)
    return intro


def record_outcome(
    session: Session,
    *,
    team_id: str,
    intro_id: int,
    round_: int,
    actor_slack_id: str,
    outcome: IntroOutcome,
    now: datetime,
) -> Intro:
    """Either side's answer to "did you meet?" records it (a later answer corrects an earlier one).
    "Not yet" the first time asks both once more two weeks later; after that the question stops."""
    intro = load_intro(session, team_id=team_id, intro_id=intro_id)
    if side_of(session, intro, actor_slack_id) is None:
        raise NotAllowed(NOT_IN_IT)
    if intro.state is not IntroState.ACCEPTED:
        raise NotFound("This intro is no longer open, so there's nothing to record.")
    if round_ != intro.follow_up_round:
        raise Conflict("You two already answered this one; I'll ask again in a couple of weeks.")
    intro.outcome = outcome
    intro.outcome_at = now
    intro.updated_at = now
    if outcome is IntroOutcome.NOT_YET and intro.follow_up_round == 1:
        intro.follow_up_round = 2
        intro.follow_up_due_at = now + FOLLOW_UP_AFTER
        mark(intro, now=now)
    else:
        intro.follow_up_due_at = None
    return intro
