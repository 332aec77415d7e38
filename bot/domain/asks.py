"""The ask ledger: who may answer an ask, the answers (yes, not now, redirect), and open-ask queries.

Only the person asked may answer. Every answer bumps `answer_revision` and queues one DM to the
employee (their hours) saying what was answered.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_redirect import propose_redirect
from bot.domain.ask_sync import WAITING, sync_asks, visible_to_asked
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.items import validate_item
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import AskRef, Notice
from bot.domain.people import person_by_id
from bot.domain.prep_share import asks_answered
from bot.models import ActionItem, ActionItemEvent, Ask, AskState, Conversation, ItemStatus, Person

__all__ = [
    "answer_not_now",
    "answer_yes",
    "ask_for_answer",
    "open_asks",
    "redirect_to_person",
    "redirect_to_resource",
    "sync_asks",
]

TEXT_MAX = 500
F_NEXT = "next_step"
F_REASON = "reason"
F_ITEM = "item_text"
F_OWNER = "item_owner"
F_DUE = "item_due"
F_TARGET = "target"
F_RESOURCE = "resource"
F_REVISIT = "revisit_on"
GONE = "This ask no longer exists: it may have been removed when its person's data was deleted."
NOT_YOURS = "Only the person this ask was sent to can answer it."
WITHDRAWN = "This ask was taken back by the person who made it, so there is nothing to answer any more."
ANSWERED = "This ask already has its answer ({state}), so I left it as it is."
STATE_WORDS = {
    AskState.YES: "yes",
    AskState.NOT_NOW: "not now",
    AskState.REDIRECTED: "passed on",
    AskState.WITHDRAWN: "taken back",
}


def ask_for_answer(session: Session, *, team_id: str, ask_id: int, actor_slack_id: str) -> Ask:
    """The ask, locked, if the actor is the person asked and it still waits for an answer."""
    ask = session.scalar(
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(Ask.team_id == team_id, Ask.id == ask_id)
        .with_for_update()
    )
    if ask is None:
        raise NotFound(GONE)
    if ask.asked.slack_user_id != actor_slack_id or not visible_to_asked(session, ask):
        raise NotAllowed(NOT_YOURS)
    if ask.state is AskState.WITHDRAWN:
        raise NotFound(WITHDRAWN)
    if ask.state not in WAITING:
        raise NotFound(ANSWERED.format(state=STATE_WORDS[ask.state]))
    return ask


def _text(value: str | None, field: str, required: str | None) -> tuple[str | None, dict[str, str]]:
    clean = (value or "").strip()
    if not clean:
        return None, ({field: required} if required else {})
    if len(clean) > TEXT_MAX:
        return None, {field: f"Please keep this under {TEXT_MAX} characters."}
    return clean, {}


def _answered(session: Session, ask: Ask, state: AskState, text: str | None, now: datetime) -> Ask:
    ask.state = state
    ask.answer_text = text
    ask.answered_at = now
    ask.answered_by_id = ask.asked_id
    ask.answer_revision += 1
    ask.updated_at = now
    ask.plan_after = None  # answered: no "still waiting" nudge to plan
    notice(
        session,
        recipient=ask.employee,
        template=Notice.ASK_ANSWERED,
        payload=AskRef(ask.id, ask.answer_revision),
        key=f"{ask.id}:{ask.answer_revision}",
        now=now,
    )
    # An ask whose 1:1 is gone (conversation_id NULL), or a redirected copy, has no agenda to update.
    own = ask.parent_id is None and ask.conversation_id is not None
    conversation = session.get(Conversation, ask.conversation_id) if own else None
    if conversation is not None and conversation.manager_id == ask.asked_id:
        asks_answered(session, conversation, now=now)
    session.flush()
    return ask


def answer_yes(
    session: Session,
    *,
    team_id: str,
    ask_id: int,
    actor_slack_id: str,
    next_step: str,
    item_text: str | None = None,
    item_owner_id: int | None = None,
    item_due: date | None = None,
    now: datetime,
    today: date | None = None,
) -> Ask:
    """Yes, with what happens next; an action item (owner: the employee or the person asked) in the same step."""
    ask = ask_for_answer(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    text, errors = _text(next_step, F_NEXT, "Say what happens next, so they know where this goes.")
    item = (item_text or "").strip()
    if item:
        item_errors = validate_item(item, item_due, today=today or now.date())
        errors.update({F_ITEM if k == "text" else F_DUE: v for k, v in item_errors.items()})
        if item_owner_id not in (ask.employee_id, ask.asked_id):
            errors[F_OWNER] = "Choose who will do it: you or them."
        if ask.conversation_id is None:
            errors[F_ITEM] = "The 1:1 this ask came from is gone, so the item has nowhere to live. Leave it empty."
        elif ask.parent_id is not None:
            # A colleague the ask was passed on to: items live in the 1:1 of the employee and their manager,
            # who would then see the colleague's words.
            errors[F_ITEM] = "Action items belong to their 1:1s with their manager. Say what happens next instead."
    if errors:
        raise InvalidInput(errors)
    if item and ask.conversation_id is not None and item_owner_id is not None:
        counterpart = ask.asked_id if item_owner_id == ask.employee_id else ask.employee_id
        created = ActionItem(
            team_id=team_id,
            conversation_id=ask.conversation_id,
            owner_id=item_owner_id,
            counterpart_id=counterpart,
            text=item,
            due_date=item_due,
            status=ItemStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        created.history.append(
            ActionItemEvent(team_id=team_id, actor_id=ask.asked_id, at=now, from_status=None, to_status=ItemStatus.OPEN)
        )
        session.add(created)
        session.flush()
        ask.action_item_id = created.id
    return _answered(session, ask, AskState.YES, text, now)


def answer_not_now(
    session: Session,
    *,
    team_id: str,
    ask_id: int,
    actor_slack_id: str,
    reason: str,
    revisit_on: date | None = None,
    now: datetime,
    today: date | None = None,
) -> Ask:
    """Not now: a reason is required; optionally a date to look at it again (not in the past)."""
    ask = ask_for_answer(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    text, errors = _text(reason, F_REASON, "Give a short reason: a no without one is hard to act on.")
    if revisit_on is not None and revisit_on < (today or now.date()):
        errors[F_REVISIT] = "Pick a date from today on."
    if errors:
        raise InvalidInput(errors)
    ask.revisit_on = revisit_on
    return _answered(session, ask, AskState.NOT_NOW, text, now)


def redirect_to_person(
    session: Session, *, team_id: str, ask_id: int, actor_slack_id: str, target_person_id: int, note: str, now: datetime
) -> Ask:
    """Someone else is better placed: this ask is closed as passed on, and the employee is asked whether
    the other person may see it (a PROPOSED copy for them, opened only with the employee's consent)."""
    ask = ask_for_answer(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    text, errors = _text(note, "note", None)
    target = session.get(Person, target_person_id)
    if target is None or target.team_id != team_id:
        errors[F_TARGET] = "Choose someone in this workspace."
    elif target.id in (ask.employee_id, ask.asked_id):
        errors[F_TARGET] = "Choose someone other than the two of you."
    if errors:
        raise InvalidInput(errors)
    ask.redirected_to_id = target_person_id
    propose_redirect(session, ask, target_person_id=target_person_id, now=now)
    return _answered(session, ask, AskState.REDIRECTED, text, now)


def redirect_to_resource(
    session: Session, *, team_id: str, ask_id: int, actor_slack_id: str, resource: str, note: str, now: datetime
) -> Ask:
    """The answer is somewhere to look (a link, a page, a programme): the ask closes with it."""
    ask = ask_for_answer(session, team_id=team_id, ask_id=ask_id, actor_slack_id=actor_slack_id)
    where, errors = _text(resource, F_RESOURCE, "Add the link or say where to look.")
    text, more = _text(note, "note", None)
    errors.update(more)
    if errors:
        raise InvalidInput(errors)
    ask.redirect_resource = where
    return _answered(session, ask, AskState.REDIRECTED, text, now)


def open_asks(
    session: Session, *, team_id: str, asked_id: int, employee_id: int | None = None, include_not_now: bool = False
) -> list[Ask]:
    """The asks waiting on `asked_id` (optionally from one employee), oldest first, people loaded.
    OPEN only, unless `include_not_now` (parked with a reason, still answerable)."""
    states = WAITING if include_not_now else (AskState.OPEN,)
    query = (
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(Ask.team_id == team_id, Ask.asked_id == asked_id, Ask.state.in_(states))
        .order_by(Ask.opened_at, Ask.id)
    )
    if employee_id is not None:
        query = query.where(Ask.employee_id == employee_id)
    return [a for a in session.scalars(query) if visible_to_asked(session, a)]


def asker_of(session: Session, ask: Ask) -> Person:
    return person_by_id(session, ask.employee_id)
