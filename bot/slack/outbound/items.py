"""Action item notices: the other person hears when an item is blocked (and why), done or dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import ItemChange, Notice, decode
from bot.models import ActionItem, Delivery, ItemStatus, Person
from bot.slack.blocks import items as blocks
from bot.slack.blocks.common import Message
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Renderer, Skip

# (the item, the person who changed it, whether the reader owns the item) -> the notice
Build = Callable[[ActionItem, Person, bool], Message | None]


def _item(session: Session, delivery: Delivery, item_id: int) -> ActionItem | None:
    item = session.get(ActionItem, item_id)
    return item if item is not None and item.team_id == delivery.team_id else None


def _renderer(status: ItemStatus, build: Build) -> Renderer:
    """A notice about `status`; stale once the item is gone or has moved on to another status."""

    def render(session: Session, delivery: Delivery, now: datetime) -> Outcome:
        payload = decode(ItemChange, delivery.payload)
        item = _item(session, delivery, payload.item_id)
        if item is None:
            return Skip("the action item was deleted before this was sent")
        if item.status is not status:
            return Skip(f"the action item is no longer {status.value}")
        if delivery.recipient_id not in (item.owner_id, item.counterpart_id):
            return Skip("the recipient is not one of the item's two people")
        actor = session.get(Person, payload.actor_id)
        if actor is None:
            return Skip("the person who changed the item is gone")
        message = build(item, actor, item.owner_id == delivery.recipient_id)
        return Rendered(message) if message is not None else Skip("the blocked item has no reason to pass on")

    return render


def _blocked(item: ActionItem, actor: Person, yours: bool) -> Message | None:
    reason = next((e.note for e in reversed(item.history) if e.to_status is ItemStatus.BLOCKED and e.note), None)
    if reason is None:
        return None
    return blocks.item_blocked_notice(actor_user_id=actor.slack_user_id, text=item.text, reason=reason, yours=yours)


def _done(item: ActionItem, actor: Person, yours: bool) -> Message:
    return blocks.item_done_notice(actor_user_id=actor.slack_user_id, text=item.text, yours=yours)


def _dropped(item: ActionItem, actor: Person, yours: bool) -> Message:
    return blocks.item_dropped_notice(actor_user_id=actor.slack_user_id, text=item.text, yours=yours)


REGISTRY = Registry(
    notices={
        Notice.ITEM_BLOCKED: _renderer(ItemStatus.BLOCKED, _blocked),
        Notice.ITEM_DONE: _renderer(ItemStatus.DONE, _done),
        Notice.ITEM_DROPPED: _renderer(ItemStatus.DROPPED, _dropped),
    }
)
