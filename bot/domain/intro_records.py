"""An intro on the employee's record: met intros counted per kind, what the relay remembers once an intro's
message went out, and what forgetting one of its two people leaves for the other."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import IntroFollowUp, IntroRef, decode
from bot.models import Delivery, Intro, IntroOutcome, IntroState


def met_counts(session: Session, *, team_id: str, employee_id: int) -> dict[str, int]:
    """How many of the employee's intros ended in a meeting, per kind of help."""
    rows = session.execute(
        select(Intro.kind, func.count(Intro.id))
        .where(Intro.team_id == team_id, Intro.employee_id == employee_id, Intro.outcome == IntroOutcome.MET)
        .group_by(Intro.kind)
    )
    return {kind: int(count) for kind, count in rows}


def intros_of(session: Session, *, team_id: str, person_id: int) -> list[Intro]:
    """Every intro the person is in (asked for or asked to help with), oldest first."""
    return list(
        session.scalars(
            select(Intro)
            .where(Intro.team_id == team_id, or_(Intro.employee_id == person_id, Intro.helper_id == person_id))
            .order_by(Intro.requested_at, Intro.id)
        )
    )


def opener_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Keep the group DM Slack opened for the two of them."""
    intro = session.get(Intro, decode(IntroRef, delivery.payload).intro_id)
    if intro is not None and intro.team_id == delivery.team_id and intro.group_channel_id is None:
        intro.group_channel_id = channel


def follow_up_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """An intro remembers when "did you meet?" first went out."""
    intro = session.get(Intro, decode(IntroFollowUp, delivery.payload).intro_id)
    if intro is not None and intro.team_id == delivery.team_id and intro.follow_up_sent_at is None:
        intro.follow_up_sent_at = delivery.sent_at


def forget_in_intros(session: Session, *, team_id: str, person_id: int, now: datetime) -> None:
    """The forgotten person leaves every intro; the other keeps it, seeing only "a colleague". A request still
    waiting is cancelled, and the employee's own words and reasons go with the employee."""
    waiting = or_(Intro.employee_id == person_id, Intro.helper_id == person_id)
    session.execute(
        update(Intro)
        .where(Intro.team_id == team_id, waiting, Intro.state == IntroState.REQUESTED)
        .values(state=IntroState.CANCELLED, answered_at=now, updated_at=now)
    )
    session.execute(
        update(Intro)
        .where(Intro.team_id == team_id, Intro.employee_id == person_id)
        .values(employee_id=None, message=None, reasons=None, follow_up_due_at=None, updated_at=now)
    )
    session.execute(
        update(Intro)
        .where(Intro.team_id == team_id, Intro.helper_id == person_id)
        .values(helper_id=None, follow_up_due_at=None, updated_at=now)
    )
