"""The recap after a conversation: what was agreed, who does what by when, and follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.domain.conversations import active_series, latest_started
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.items import record
from bot.domain.outbox import notice, sync_manager_copy
from bot.domain.outbox_payloads import ConversationRef, Notice
from bot.domain.people import people_of, person_by_id
from bot.domain.prep import carried_items_query
from bot.domain.recap_asks import ASKS_ANSWERED, RecapAsk, answered_in_recap, open_asks_for_recap, record_answers
from bot.domain.recap_input import F_TAKEAWAYS, Owner, RecapInput, RecapRow, validate_recap
from bot.domain.replan import replan_series
from bot.models import (
    ActionItem,
    ActionItemEvent,
    CheckIn,
    Conversation,
    ConversationState,
    DeliveryKind,
    ItemStatus,
    OneOnOneSeries,
    Workspace,
)


@dataclass(frozen=True)
class RecapResult:
    conversation: Conversation
    items: tuple[ActionItem, ...]
    first_time: bool


@dataclass(frozen=True)
class RecapState:
    """What the recap form starts from: the saved recap (when editing) and items to close."""

    conversation_id: int
    scheduled_at: datetime
    tz: str
    manager_user_id: str
    manager_name: str
    takeaways: str
    feedback: str
    rows: tuple[RecapRow, ...]
    carried: tuple[ActionItem, ...]
    editing: bool
    asks: tuple[RecapAsk, ...] = ()  # the employee's asks still open with this manager


def recap_state(session: Session, conversation: Conversation) -> RecapState:
    employee_id = conversation.employee_id
    rows = tuple(
        RecapRow(i.text, Owner.ME if i.owner_id == employee_id else Owner.MANAGER, i.due_date, i.id)
        for i in conversation_items(session, conversation)
    )
    recap = conversation.recap or {}
    employee, manager = people_of(session, conversation)
    return RecapState(
        conversation_id=conversation.id,
        scheduled_at=conversation.scheduled_at,
        tz=employee.tz,
        manager_user_id=manager.slack_user_id,
        manager_name=manager.display_name,
        takeaways=str(recap.get("takeaways", "")),
        feedback=str(recap.get("feedback", "")),
        rows=rows,
        carried=tuple(session.scalars(carried_items_query(conversation).options(selectinload(ActionItem.owner)))),
        editing=conversation.state is ConversationState.HELD,
        asks=open_asks_for_recap(session, conversation, tz=employee.tz),
    )


NOT_STARTED = "Your next 1:1 hasn't happened yet. The recap opens once it has started."


def recap_target(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> Conversation:
    """The latest conversation that has started: the one to recap (or to edit the recap of)."""
    _, series = active_series(session, team_id=team_id, slack_user_id=slack_user_id)
    latest = latest_started(session, series=series, now=now)
    if latest is None:
        raise NotFound(NOT_STARTED)
    return latest


def own_conversation(session: Session, *, team_id: str, conversation_id: int, slack_user_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.team_id != team_id:
        raise NotFound("That conversation no longer exists.")
    if person_by_id(session, conversation.employee_id).slack_user_id != slack_user_id:
        raise NotAllowed("Only the person who had the conversation can write its recap.")
    return conversation


def conversation_items(session: Session, conversation: Conversation) -> tuple[ActionItem, ...]:
    return tuple(
        session.scalars(
            select(ActionItem)
            .options(selectinload(ActionItem.owner), selectinload(ActionItem.history))
            .where(ActionItem.conversation_id == conversation.id, ActionItem.status != ItemStatus.DROPPED)
            .order_by(ActionItem.id)
        )
    )


def save_recap(
    session: Session,
    *,
    team_id: str,
    conversation_id: int,
    slack_user_id: str,
    data: RecapInput,
    submission_id: str,
    today: date,
    now: datetime,
) -> RecapResult:
    """Record the meeting (or that it did not happen); items, the manager's recap and check-ins follow."""
    conversation = own_conversation(
        session, team_id=team_id, conversation_id=conversation_id, slack_user_id=slack_user_id
    )
    if conversation.recap_submission == submission_id:
        return RecapResult(conversation, conversation_items(session, conversation), first_time=False)
    if conversation.scheduled_at > now:
        # The form only opens once the 1:1 has started; a submission for a later one is not Slack's.
        raise NotFound(NOT_STARTED)
    errors = validate_recap(data, today=today)
    if errors:
        raise InvalidInput(errors)
    conversation.recap_submission = submission_id
    conversation.updated_at = now
    replan_series(session, series_id=conversation.series_id, now=now)  # the series rolls on to the next meeting
    if not data.met:
        return _skipped(session, conversation, now)
    first_time = conversation.recap_submitted_at is None
    conversation.state = ConversationState.HELD
    answered_before = answered_in_recap(conversation)
    conversation.recap = {"takeaways": data.takeaways.strip(), "feedback": data.feedback.strip()}
    conversation.recap_submitted_at = conversation.recap_submitted_at or now
    conversation.recap_revision += 1
    items = _save_rows(session, conversation, data.rows, now)
    _close_carried(session, conversation, data.close_item_ids, now)
    answered = record_answers(session, conversation, data.asks, today=today, now=now)
    if answered_before or answered:
        conversation.recap = {**conversation.recap, ASKS_ANSWERED: sorted({*answered_before, *answered})}
    _follow_up(session, conversation, items, first_time=first_time, now=now)
    session.flush()
    return RecapResult(conversation, items, first_time)


def _skipped(session: Session, conversation: Conversation, now: datetime) -> RecapResult:
    """Skipped or moved: nothing is sent and open items carry over untouched."""
    if conversation.state is ConversationState.HELD:
        raise InvalidInput({F_TAKEAWAYS: "This conversation already has a recap, so it can't be marked skipped."})
    conversation.state = ConversationState.SKIPPED
    session.flush()
    return RecapResult(conversation, (), first_time=False)


def _save_rows(
    session: Session, conversation: Conversation, rows: tuple[RecapRow, ...], now: datetime
) -> tuple[ActionItem, ...]:
    existing = {item.id: item for item in conversation_items(session, conversation)}
    kept: list[ActionItem] = []
    employee, manager = people_of(session, conversation)
    for row in rows:
        text = row.text.strip()
        if not text:
            continue
        owner, counterpart = (employee, manager) if row.owner is Owner.ME else (manager, employee)
        item = existing.pop(row.item_id, None) if row.item_id is not None else None
        if item is None:
            item = ActionItem(
                team_id=conversation.team_id,
                conversation_id=conversation.id,
                owner_id=owner.id,
                counterpart_id=counterpart.id,
                text=text,
                due_date=row.due,
                status=ItemStatus.OPEN,
                created_at=now,
                updated_at=now,
            )
            session.add(item)
            item.history.append(_created(item, employee.id, now))
        elif (item.text, item.owner_id, item.due_date) != (text, owner.id, row.due):
            item.text, item.owner_id, item.counterpart_id, item.due_date = text, owner.id, counterpart.id, row.due
            record(item, actor=employee, to=item.status, note="edited in the recap", now=now)
        kept.append(item)
    for removed in existing.values():
        record(removed, actor=employee, to=ItemStatus.DROPPED, note="removed from the recap", now=now)
    session.flush()
    return tuple(kept)


def _created(item: ActionItem, actor_id: int, now: datetime) -> ActionItemEvent:
    return ActionItemEvent(
        team_id=item.team_id,
        actor_id=actor_id,
        at=now,
        from_status=None,
        to_status=ItemStatus.OPEN,
        note="agreed in the recap",
    )


def _close_carried(session: Session, conversation: Conversation, item_ids: frozenset[int], now: datetime) -> None:
    if not item_ids:
        return
    carried = session.scalars(
        carried_items_query(conversation).options(selectinload(ActionItem.history)).where(ActionItem.id.in_(item_ids))
    ).all()
    employee = person_by_id(session, conversation.employee_id)
    series = session.get(OneOnOneSeries, conversation.series_id)
    assert series is not None
    for item in carried:
        record(
            item,
            actor=employee,
            to=ItemStatus.DONE,
            note=f"closed in the recap of {to_local(conversation.scheduled_at, series.tz):%d %b %Y}",
            now=now,
        )


def _follow_up(
    session: Session, conversation: Conversation, items: tuple[ActionItem, ...], *, first_time: bool, now: datetime
) -> None:
    """The manager's thank-you recap (this revision), the employee's confirmation, and check-ins."""
    sync_manager_copy(
        session, conversation=conversation, kind=DeliveryKind.RECAP, revision=conversation.recap_revision, now=now
    )
    if first_time:
        notice(
            session,
            recipient=person_by_id(session, conversation.employee_id),
            template=Notice.RECAP_SAVED,
            payload=ConversationRef(conversation.id),
            immediate=True,
            key=str(conversation.id),
            now=now,
        )
    workspace = session.get(Workspace, conversation.team_id)
    days = workspace.check_in_days if workspace is not None else 21
    due = (conversation.recap_submitted_at or now) + timedelta(days=days)
    for owner_id in {item.owner_id for item in items if item.status not in (ItemStatus.DONE, ItemStatus.DROPPED)}:
        exists = session.scalar(
            select(CheckIn).where(CheckIn.conversation_id == conversation.id, CheckIn.owner_id == owner_id)
        )
        if exists is None:
            session.add(
                CheckIn(
                    team_id=conversation.team_id,
                    conversation_id=conversation.id,
                    owner_id=owner_id,
                    due_at=due,
                    created_at=now,
                    updated_at=now,
                )
            )
