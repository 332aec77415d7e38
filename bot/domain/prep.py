"""Prep for the next conversation: drafts, sharing with the manager, and the agenda it becomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_views import AskLine, agenda_asks
from bot.domain.conversation_types import ConversationType, type_of
from bot.domain.conversations import active_series, upcoming_conversation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.people import people_of, person_by_id
from bot.domain.prep_answers import PrepAnswers, validate_answers
from bot.domain.prep_share import manager_may_see, share_prep, shared_with_manager, take_back
from bot.domain.workspace_questions import prep_prompts
from bot.models import ActionItem, Conversation, ConversationState, ItemStatus

F_SHARE = "share"
F_CLOSED = "closed"
FEEDBACK_QUESTION = "What is one area I could develop to have more impact?"
CLOSED_RECAPPED = (
    "This 1:1 already has a recap, so its prep is closed. Copy anything you want to keep, then run "
    "`/career-prep prep` to prepare your next one."
)
CLOSED_STARTED = (
    "This 1:1 has already started, so its prep is closed. Copy anything you want to keep, then run "
    "`/career-prep prep` to prepare your next one."
)
EMPTY_SHARE = "Add at least one answer before sharing: an empty agenda doesn't help your manager prepare."


@dataclass(frozen=True)
class CarriedItem:
    """An open action item from an earlier conversation with the same manager."""

    text: str
    owner_user_id: str
    due: date | None
    status: ItemStatus


@dataclass(frozen=True)
class Agenda:
    """Everything the agenda shows; built only from what the employee chose to write."""

    employee_user_id: str
    employee_name: str
    manager_user_id: str
    scheduled_at: datetime
    answers: PrepAnswers
    carried: tuple[CarriedItem, ...]
    feedback_question: str = FEEDBACK_QUESTION
    # The shared prep's asks as rows, with their answers (the manager's copy shows answer buttons).
    asks: tuple[AskLine, ...] = ()


@dataclass(frozen=True)
class PrepState:
    """What the prep form and its review show the employee."""

    conversation_id: int
    employee_tz: str
    manager_user_id: str
    manager_name: str
    manager_tz: str
    manager_confirmed: bool
    scheduled_at: datetime
    answers: PrepAnswers
    saved_at: datetime | None
    shared_at: datetime | None  # None unless shared with this manager
    agenda: Agenda
    # The draft differs from the version the manager has (edits since the last share).
    unshared_changes: bool = False
    # The pair's choice for this meeting, and the workspace's (or default) prompts for it.
    kind: ConversationType = ConversationType.CAREER_GROWTH
    prompts: tuple[str, ...] = ()


def open_prep(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> PrepState:
    """The prep for the person's next conversation (rolled forward if the last one has passed)."""
    _, series = active_series(session, team_id=team_id, slack_user_id=slack_user_id)
    conversation = upcoming_conversation(session, series=series, now=now)
    return _state(session, conversation)


def prep_for(session: Session, *, team_id: str, conversation_id: int, slack_user_id: str) -> PrepState:
    """The prep of one conversation, for its employee only."""
    return _state(session, _own_conversation(session, team_id, conversation_id, slack_user_id))


def save_prep(
    session: Session, *, team_id: str, conversation_id: int, slack_user_id: str, answers: PrepAnswers, now: datetime
) -> PrepState:
    """Save a draft (every submit does). Nothing reaches the manager here: a shared agenda keeps the
    version the employee last confirmed until they share again on the review step."""
    conversation = _own_conversation(session, team_id, conversation_id, slack_user_id)
    _ensure_open(conversation, now)
    answers = answers.normalised()
    errors = validate_answers(answers)
    if errors:
        raise InvalidInput(errors)
    conversation.prep = answers.to_json()
    conversation.prep_saved_at = now
    conversation.updated_at = now
    session.flush()
    return _state(session, conversation)


def set_sharing(
    session: Session, *, team_id: str, conversation_id: int, slack_user_id: str, share: bool, now: datetime
) -> PrepState:
    """Share the saved prep with the manager (a new version each time it changed), or take it back;
    only the employee decides, on the review step."""
    conversation = _own_conversation(session, team_id, conversation_id, slack_user_id)
    _ensure_open(conversation, now)
    answers = PrepAnswers.from_json(conversation.prep)
    if share and answers.is_empty():
        raise InvalidInput({F_SHARE: EMPTY_SHARE})
    if share:
        if shared_with_manager(conversation) and conversation.shared_prep == conversation.prep:
            return _state(session, conversation)  # the manager already has exactly this version
        share_prep(session, conversation, now=now)
    elif conversation.prep_shared_at is not None:
        take_back(session, conversation, now=now)
    session.flush()
    return _state(session, conversation)


def build_agenda(session: Session, conversation: Conversation) -> Agenda:
    """The agenda from the saved draft, as the employee reviews it before sharing."""
    return _agenda(session, conversation, PrepAnswers.from_json(conversation.prep))


def shared_agenda(session: Session, conversation: Conversation) -> Agenda | None:
    """The agenda the manager may see: the version last shared with them; None if there is none."""
    if not manager_may_see(conversation, person_by_id(session, conversation.employee_id)):
        return None
    answers = PrepAnswers.from_json(conversation.shared_prep)
    return None if answers.is_empty() else _agenda(session, conversation, answers)


def _agenda(session: Session, conversation: Conversation, answers: PrepAnswers) -> Agenda:
    employee, manager = people_of(session, conversation)
    return Agenda(
        employee_user_id=employee.slack_user_id,
        employee_name=employee.display_name,
        manager_user_id=manager.slack_user_id,
        scheduled_at=conversation.scheduled_at,
        answers=answers,
        carried=carried_items(session, conversation),
        asks=agenda_asks(session, conversation),
    )


def carried_items_query(conversation: Conversation) -> Select[ActionItem]:
    """Open items, owned by either person, from earlier conversations of the same pair.

    Driven from the pair's few conversations (the workspace is named there: an item belongs to its
    conversation's workspace), so the item index by conversation is the only one that fits and the
    cost does not grow with the workspace, with or without the planner's statistics (ANALYZE)."""
    pair = select(Conversation.id).where(
        Conversation.team_id == conversation.team_id,
        Conversation.employee_id == conversation.employee_id,
        Conversation.manager_id == conversation.manager_id,
        Conversation.id != conversation.id,
        Conversation.scheduled_at <= conversation.scheduled_at,
    )
    return (
        select(ActionItem)
        .where(
            ActionItem.conversation_id.in_(pair),
            ActionItem.status.not_in([ItemStatus.DONE, ItemStatus.DROPPED]),
        )
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    )


def carried_items(session: Session, conversation: Conversation) -> tuple[CarriedItem, ...]:
    """The carried-over items as the agenda shows them."""
    items = session.scalars(carried_items_query(conversation).options(selectinload(ActionItem.owner))).all()
    return tuple(CarriedItem(i.text, i.owner.slack_user_id, i.due_date, i.status) for i in items)


def _own_conversation(session: Session, team_id: str, conversation_id: int, slack_user_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.team_id != team_id:
        raise NotFound("That prep no longer exists. Run `/career-prep prep` to open your current one.")
    if person_by_id(session, conversation.employee_id).slack_user_id != slack_user_id:
        raise NotAllowed("Only the person preparing can see or change this prep.")
    return conversation


def _ensure_open(conversation: Conversation, now: datetime) -> None:
    if conversation.recap_submitted_at is not None or conversation.state is not ConversationState.PLANNED:
        raise InvalidInput({F_CLOSED: CLOSED_RECAPPED})
    if now >= conversation.scheduled_at:
        raise InvalidInput({F_CLOSED: CLOSED_STARTED})


def _state(session: Session, conversation: Conversation) -> PrepState:
    employee, manager = people_of(session, conversation)
    kind = type_of(conversation.conversation_type)
    return PrepState(
        conversation_id=conversation.id,
        employee_tz=employee.tz,
        manager_user_id=manager.slack_user_id,
        manager_name=manager.display_name,
        manager_tz=manager.tz,
        manager_confirmed=employee.manager_confirmed,
        scheduled_at=conversation.scheduled_at,
        answers=PrepAnswers.from_json(conversation.prep),
        saved_at=conversation.prep_saved_at,
        shared_at=conversation.prep_shared_at if shared_with_manager(conversation) else None,
        agenda=build_agenda(session, conversation),
        unshared_changes=shared_with_manager(conversation) and conversation.shared_prep != conversation.prep,
        kind=kind,
        prompts=prep_prompts(session, team_id=conversation.team_id, kind=kind),
    )
