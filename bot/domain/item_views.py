"""Read-only snapshots of action items for the places that list them: plain values, no session needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.items import CLOSED, ItemLists, open_items
from bot.domain.manager_link import awaiting_or_declined
from bot.domain.people import find_person, valid_tz
from bot.models import ActionItem, ItemStatus


@dataclass(frozen=True)
class ItemCard:
    """One item as a list shows it; `blocked_reason` is the latest reason while it is blocked."""

    item_id: int
    text: str
    due_date: date | None
    status: ItemStatus
    owner_user_id: str
    counterpart_user_id: str
    blocked_reason: str | None = None


@dataclass(frozen=True)
class ItemBoard:
    """What one person sees: the items they owe, the items owed to them, and their time zone."""

    owned: tuple[ItemCard, ...]
    owed_to_me: tuple[ItemCard, ...]
    tz: str

    def today(self, now: datetime) -> date:
        """The viewer's local date, which decides what is overdue."""
        return now.astimezone(ZoneInfo(self.tz)).date()


def card(item: ActionItem) -> ItemCard:
    reason = None
    if item.status is ItemStatus.BLOCKED:
        # Only blocked items touch their history, so a long list stays a handful of queries.
        reason = next((e.note for e in reversed(item.history) if e.to_status is ItemStatus.BLOCKED), None)
    return ItemCard(
        item_id=item.id,
        text=item.text,
        due_date=item.due_date,
        status=item.status,
        owner_user_id=item.owner.slack_user_id,
        counterpart_user_id=item.counterpart.slack_user_id,
        blocked_reason=reason,
    )


def viewer_tz(session: Session, *, team_id: str, slack_user_id: str) -> str:
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    return valid_tz(person.tz if person is not None else None)


def _board(session: Session, lists: ItemLists, *, team_id: str, slack_user_id: str) -> ItemBoard:
    return ItemBoard(
        owned=tuple(card(i) for i in lists.owned),
        owed_to_me=tuple(card(i) for i in lists.owed_to_me),
        tz=viewer_tz(session, team_id=team_id, slack_user_id=slack_user_id),
    )


def checkin_items(session: Session, *, team_id: str, conversation_id: int, slack_user_id: str) -> ItemLists:
    """The asker's own open items from one conversation: what a check-in asks them about."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return ItemLists((), ())
    rows = session.scalars(
        select(ActionItem)
        .options(selectinload(ActionItem.owner), selectinload(ActionItem.counterpart), selectinload(ActionItem.history))
        .where(
            ActionItem.team_id == team_id,
            ActionItem.conversation_id == conversation_id,
            ActionItem.owner_id == person.id,
            ActionItem.status.not_in(CLOSED),
        )
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    ).all()
    return ItemLists(owned=tuple(rows), owed_to_me=())


def items_board(session: Session, *, team_id: str, slack_user_id: str) -> ItemBoard:
    """Everything open that the asker owes or is owed, as `/career-prep items` lists it; items of
    someone who named the asker as manager wait until the asker confirms."""
    lists = open_items(session, team_id=team_id, slack_user_id=slack_user_id)
    lists = ItemLists(
        owned=tuple(i for i in lists.owned if not _awaiting(i, slack_user_id)),
        owed_to_me=tuple(i for i in lists.owed_to_me if not _awaiting(i, slack_user_id)),
    )
    return _board(session, lists, team_id=team_id, slack_user_id=slack_user_id)


def _awaiting(item: ActionItem, viewer: str) -> bool:
    conversation = item.conversation
    return conversation.manager.slack_user_id == viewer and awaiting_or_declined(conversation, conversation.manager_id)


def checkin_board(session: Session, *, team_id: str, conversation_id: int, slack_user_id: str) -> ItemBoard:
    """The asker's open items from one conversation, as a check-in lists them."""
    lists = checkin_items(session, team_id=team_id, conversation_id=conversation_id, slack_user_id=slack_user_id)
    return _board(session, lists, team_id=team_id, slack_user_id=slack_user_id)
