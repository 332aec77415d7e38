"""Notices after someone deleted their data: items they owed are closed; their reports pick a manager again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import ItemsClosed, Notice, decode
from bot.models import ActionItem, Delivery, ItemStatus, Person
from bot.slack.blocks.data import items_closed_notice, manager_gone_notice
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _closed_texts(session: Session, delivery: Delivery) -> list[str]:
    """The closed items this notice is about, while they are still closed and still owed to the reader."""
    ids = list(decode(ItemsClosed, delivery.payload).item_ids)
    if not ids:
        return []
    items = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.team_id == delivery.team_id,
            ActionItem.id.in_(ids),
            ActionItem.counterpart_id == delivery.recipient_id,
            ActionItem.status == ItemStatus.DROPPED,
        )
        .order_by(ActionItem.id)
    )
    return [item.text for item in items]


def items_dropped(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    texts = _closed_texts(session, delivery)
    if not texts:
        return Skip("none of the closed items is still closed and owed to the recipient")
    return Rendered(items_closed_notice(texts))


def manager_detached(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    recipient = session.get(Person, delivery.recipient_id) if delivery.recipient_id else None
    if recipient is None:
        return Skip("the recipient is gone")
    texts = _closed_texts(session, delivery)
    needs_manager = recipient.manager_id is None
    if not needs_manager and not texts:
        return Skip("the recipient has picked a manager again and had no items closed")
    return Rendered(manager_gone_notice(texts, needs_manager=needs_manager))


REGISTRY = Registry(
    notices={Notice.FORGET_ITEMS_DROPPED: items_dropped, Notice.FORGET_MANAGER_DETACHED: manager_detached}
)
