"""A shared prep's asks become Ask rows: created on share, matched on re-share, withdrawn on take-back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.manager_link import awaiting_or_declined
from bot.domain.prep_answers import PrepAnswers
from bot.domain.replan import mark
from bot.models import Ask, AskState, Conversation

# An ask whose answer is still to come: the person asked sees it and may answer.
WAITING = (AskState.OPEN, AskState.NOT_NOW)


def _top_level(session: Session, conversation: Conversation) -> list[Ask]:
    """The conversation's own asks (not the redirected copies), newest first."""
    return list(
        session.scalars(
            select(Ask).where(Ask.conversation_id == conversation.id, Ask.parent_id.is_(None)).order_by(Ask.id.desc())
        )
    )


def sync_asks(session: Session, conversation: Conversation, *, now: datetime) -> None:
    """Make the Ask rows match the conversation's shared prep (none when it is not shared).

    Rows are matched by position and kind: a matched open or withdrawn ask takes the new detail and is
    open again (for the current manager); an answered one stays as it was; an open ask no longer in the
    shared prep is withdrawn; a new one is created, open from `now`.
    """
    existing = _top_level(session, conversation)
    shared = conversation.shared_prep if conversation.prep_shared_at is not None else None
    wanted = PrepAnswers.from_json(shared).asks if shared is not None else ()
    kept: set[int] = set()
    for position, item in enumerate(wanted):
        row = next(
            (a for a in existing if a.position == position and a.kind == item.kind.value and a.id not in kept), None
        )
        if row is None:
            row = Ask(
                team_id=conversation.team_id,
                conversation_id=conversation.id,
                employee_id=conversation.employee_id,
                asked_id=conversation.manager_id,
                position=position,
                kind=item.kind.value,
                detail=item.detail,
                state=AskState.OPEN,
                opened_at=now,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
        elif row.state is AskState.WITHDRAWN:
            row.state = AskState.OPEN
            row.asked_id = conversation.manager_id
            row.detail = item.detail
            row.opened_at = now
            row.updated_at = now
            mark(row, now=now)
        elif row.state is AskState.OPEN and (row.detail != item.detail or row.asked_id != conversation.manager_id):
            row.detail = item.detail
            row.asked_id = conversation.manager_id
            row.updated_at = now
        kept.add(row.id)
    for row in existing:
        if row.id not in kept and row.state is AskState.OPEN:
            withdraw(row, now=now)


def visible_to_asked(session: Session, ask: Ask) -> bool:
    """Whether the person asked may see this ask: not while the manager link it was shared over awaits
    their confirmation, nor once they said it isn't theirs; a redirect only once the employee agreed."""
    if ask.state is AskState.PROPOSED:
        return False
    if ask.parent_id is not None or ask.conversation_id is None:
        return True
    # awaiting_or_declined reads the employee: loaded with the conversation (never lazily).
    conversation = session.scalar(
        select(Conversation).options(selectinload(Conversation.employee)).where(Conversation.id == ask.conversation_id)
    )
    if conversation is None:
        return True
    return not awaiting_or_declined(conversation, ask.asked_id)


def withdraw(row: Ask, *, now: datetime) -> None:
    """The employee took the ask back: nobody owes it an answer any more."""
    row.state = AskState.WITHDRAWN
    row.updated_at = now
    row.plan_after = None
