"""Action items: who owns what, its status and history; visible only to its two people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.domain.arrival import arrival
from bot.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ItemChange, Notice
from bot.domain.people import find_person
from bot.domain.replan import mark
from bot.models import ActionItem, ActionItemEvent, Conversation, Delivery, ItemStatus, Person

ITEM_TEXT_MAX = 500
REASON_MAX = 500
F_TEXT = "text"
F_DUE = "due"
F_REASON = "reason"
CLOSED = (ItemStatus.DONE, ItemStatus.DROPPED)
# Changes the other person hears about (a check-in answer of "still on it" is news to nobody).
TOLD = {
    ItemStatus.BLOCKED: Notice.ITEM_BLOCKED,
    ItemStatus.DONE: Notice.ITEM_DONE,
    ItemStatus.DROPPED: Notice.ITEM_DROPPED,
}


@dataclass(frozen=True)
class ItemLists:
    """A person's open items: what they owe, and what others owe them."""

    owned: tuple[ActionItem, ...]
    owed_to_me: tuple[ActionItem, ...]


def item_for(session: Session, *, team_id: str, item_id: int, slack_user_id: str) -> ActionItem:
    """The item with its two people, if the asker is its owner or counterpart; nobody else may see it."""
    # A query, not session.get: it loads the people even when the item is already in the session, and
    # leaves any unsaved change on the item as it is.
    item = session.scalars(
        select(ActionItem)
        .options(selectinload(ActionItem.owner), selectinload(ActionItem.counterpart))
        .where(ActionItem.id == item_id)
    ).one_or_none()
    if item is None or item.team_id != team_id:
        raise NotFound("That action item no longer exists.")
    if slack_user_id not in (item.owner.slack_user_id, item.counterpart.slack_user_id):
        raise NotAllowed("Only the two people an action item belongs to can see or change it.")
    return item


def open_items(session: Session, *, team_id: str, slack_user_id: str) -> ItemLists:
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return ItemLists((), ())
    rows = session.scalars(
        select(ActionItem)
        .options(
            selectinload(ActionItem.owner),
            selectinload(ActionItem.counterpart),
            selectinload(ActionItem.history),  # a blocked item's card shows the reason
            # item_views hides items of a link the viewer has not confirmed: it reads the conversation's people
            selectinload(ActionItem.conversation).options(
                selectinload(Conversation.employee), selectinload(Conversation.manager)
            ),
        )
        .where(
            ActionItem.team_id == team_id,
            or_(ActionItem.owner_id == person.id, ActionItem.counterpart_id == person.id),
            ActionItem.status.not_in(CLOSED),
        )
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    ).all()
    return ItemLists(
        owned=tuple(i for i in rows if i.owner_id == person.id),
        owed_to_me=tuple(i for i in rows if i.owner_id != person.id),
    )


def record(item: ActionItem, *, actor: Person | None, to: ItemStatus, note: str | None, now: datetime) -> None:
    """Append a history event and move the item to `to`."""
    item.history.append(
        ActionItemEvent(
            team_id=item.team_id,
            actor_id=actor.id if actor else None,
            at=now,
            from_status=item.status,
            to_status=to,
            note=note,
        )
    )
    if (to in CLOSED) != (item.status in CLOSED):  # only opening or closing moves closed_at
        item.closed_at = now if to in CLOSED else None
    item.status = to
    item.updated_at = now
    mark(item, now=now)  # a due date or a reopened item may want a reminder


def ensure_open(item: ActionItem, *, slack_user_id: str, to: ItemStatus) -> None:
    """Refuse to move a closed item on: a button on an out-of-date list must not quietly reopen
    (or re-close) what one of the two already settled. Pressing the same status again is harmless,
    and reopening on purpose (to Open, which no list button offers) stays possible."""
    if item.status not in CLOSED or to in (item.status, ItemStatus.OPEN):
        return
    raise Conflict(closed_explanation(item, slack_user_id=slack_user_id))


def closed_explanation(item: ActionItem, *, slack_user_id: str) -> str:
    """ "Already marked done by Mira on Tue 8 Dec", from the event that closed the item."""
    closing = next((e for e in reversed(item.history) if e.to_status is item.status), None)
    viewer = item.owner if item.owner.slack_user_id == slack_user_id else item.counterpart
    state = "marked done" if item.status is ItemStatus.DONE else "dropped"
    by = ""
    if closing is not None and closing.actor_id == viewer.id:
        by = " by you"
    elif closing is not None and closing.actor_id in (item.owner_id, item.counterpart_id):
        other = item.counterpart if viewer is item.owner else item.owner
        by = f" by {other.display_name}"
    when = ""
    if closing is not None:
        local = to_local(closing.at, viewer.tz)
        when = f" on {local:%a} {local.day} {local:%b}"
    return (
        f"This item was already {state}{by}{when}, so I left it as it is. The list you used was out of date. "
        "If there is more to do, add it as a new item in your next recap."
    )


def change_status(
    session: Session,
    *,
    team_id: str,
    item_id: int,
    slack_user_id: str,
    to: ItemStatus,
    now: datetime,
    note: str | None = None,
) -> ActionItem:
    """Move an item on; Blocked needs a reason, and the other person hears about blocks and closes."""
    item = item_for(session, team_id=team_id, item_id=item_id, slack_user_id=slack_user_id)
    ensure_open(item, slack_user_id=slack_user_id, to=to)
    note = (note or "").strip() or None
    if to is ItemStatus.BLOCKED and note is None:
        raise InvalidInput({F_REASON: "Say in a few words what is in the way, so the other person can help."})
    if note is not None and len(note) > REASON_MAX:
        raise InvalidInput({F_REASON: f"Please keep this under {REASON_MAX} characters."})
    if item.status is to and note is None:
        return item
    actor = item.owner if item.owner.slack_user_id == slack_user_id else item.counterpart
    record(item, actor=actor, to=to, note=note, now=now)
    template = TOLD.get(to)
    if template is not None:
        other = item.counterpart if actor is item.owner else item.owner
        notice(
            session,
            recipient=other,
            template=template,
            payload=ItemChange(item.id, actor.id),
            key=f"{item.id}:{len(item.history)}",
            now=now,
        )
    session.flush()
    return item


@dataclass(frozen=True)
class News:
    """The other person's notice about a change: who, their zone, and when it reaches them (None:
    they are away with no end date)."""

    slack_user_id: str
    tz: str
    arrives: datetime | None


def news_of_last_change(session: Session, item: ActionItem, *, now: datetime) -> News | None:
    """The notice `change_status` just queued for the other person, if the change was news to them."""
    template = TOLD.get(item.status)
    if template is None or not item.history:
        return None
    key = f"{item.team_id}:notice:{template}:{item.id}:{len(item.history)}"
    delivery = session.scalar(select(Delivery).where(Delivery.idempotency_key == key))
    recipient = session.get(Person, delivery.recipient_id) if delivery is not None and delivery.recipient_id else None
    if delivery is None or recipient is None:
        return None
    return News(recipient.slack_user_id, recipient.tz, arrival(session, delivery, now))


def validate_item(text: str, due: date | None, *, today: date, current_due: date | None = None) -> dict[str, str]:
    """Field errors for an item's text and due date; an unchanged past date (overdue) is fine."""
    errors: dict[str, str] = {}
    if not text.strip():
        errors[F_TEXT] = "Say what needs doing."
    elif len(text.strip()) > ITEM_TEXT_MAX:
        errors[F_TEXT] = f"Please keep this under {ITEM_TEXT_MAX} characters."
    if due is not None and due < today and due != current_due:
        errors[F_DUE] = "That date has passed. Pick today or a later day, or leave it empty."
    return errors


def edit_item(
    session: Session,
    *,
    team_id: str,
    item_id: int,
    slack_user_id: str,
    text: str,
    due: date | None,
    today: date,
    now: datetime,
) -> ActionItem:
    """Change what an item says or when it is due; recorded in its history."""
    item = item_for(session, team_id=team_id, item_id=item_id, slack_user_id=slack_user_id)
    errors = validate_item(text, due, today=today, current_due=item.due_date)
    if errors:
        raise InvalidInput(errors)
    text = text.strip()
    if (text, due) == (item.text, item.due_date):
        return item
    actor = item.owner if item.owner.slack_user_id == slack_user_id else item.counterpart
    changes = [w for w, changed in (("text", text != item.text), ("due date", due != item.due_date)) if changed]
    item.text, item.due_date = text, due
    record(item, actor=actor, to=item.status, note="edited " + " and ".join(changes), now=now)
    session.flush()
    return item


def other_party(item: ActionItem, *, slack_user_id: str) -> Person:
    """The other person on an item (loaded with both people, as `item_for` does): whoever is not `slack_user_id`."""
    return item.counterpart if item.owner.slack_user_id == slack_user_id else item.owner
