"""An ask redirected to another person: that person sees it only once the employee agrees, and only
the kind and detail the employee shared."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_sync import withdraw
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import AskRef, Notice
from bot.domain.replan import mark
from bot.models import Ask, AskState

NOT_YOURS = "Only the person who made this ask can decide whether it is passed on."
DECIDED = "You already decided about passing this ask on, so I left it as it is."
GONE = "This ask no longer exists."


def propose_redirect(session: Session, ask: Ask, *, target_person_id: int, now: datetime) -> Ask:
    """A copy of the ask for the target, PROPOSED: nobody but the employee knows of it yet."""
    child = Ask(
        team_id=ask.team_id,
        conversation_id=ask.conversation_id,
        employee_id=ask.employee_id,
        asked_id=target_person_id,
        parent_id=ask.id,
        position=ask.position,
        kind=ask.kind,
        detail=ask.detail,
        state=AskState.PROPOSED,
        created_at=now,
        updated_at=now,
        plan_after=None,
    )
    session.add(child)
    session.flush()
    return child


def proposed_child(session: Session, ask: Ask) -> Ask | None:
    """The redirect copy of `ask` (any state), if it was redirected to a person."""
    return session.scalar(select(Ask).where(Ask.parent_id == ask.id).order_by(Ask.id.desc()).limit(1))


def _proposal(session: Session, *, team_id: str, ask_id: int, actor_slack_id: str) -> Ask:
    child = session.scalar(
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(Ask.team_id == team_id, Ask.id == ask_id, Ask.parent_id.is_not(None))
        .with_for_update()
    )
    if child is None:
        raise NotFound(GONE)
    if child.employee.slack_user_id != actor_slack_id:
        raise NotAllowed(NOT_YOURS)
    if child.state is not AskState.PROPOSED:
        raise NotFound(DECIDED)
    return child


def pass_on(session: Session, *, team_id: str, ask_id: int, actor_slack_id: str, now: datetime) -> Ask:
    """The employee agrees: the target is asked in turn (a DM in their hours), the ask open from now."""
    child = _proposal(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    child.state = AskState.OPEN
    child.opened_at = now
    child.updated_at = now
    mark(child, now=now)
    notice(
        session,
        recipient=child.asked,
        template=Notice.ASK_PASSED_ON,
        payload=AskRef(child.id, 0),
        key=str(child.id),
        now=now,
    )
    session.flush()
    return child


def keep_between_us(session: Session, *, team_id: str, ask_id: int, actor_slack_id: str, now: datetime) -> Ask:
    """The employee declines: the target never hears of it."""
    child = _proposal(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    withdraw(child, now=now)
    session.flush()
    return child
