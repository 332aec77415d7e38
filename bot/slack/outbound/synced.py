"""Helpers for messages kept current in place (agenda, recap): one version in flight at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads.stored import Ref, stored_id
from bot.models import Conversation, Delivery, DeliveryState


def older_version_in_flight(session: Session, delivery: Delivery, conversation_id: int) -> bool:
    """True while an older delivery of the same message (same kind and conversation) is mid-send.

    Sending this one meanwhile could post a second copy instead of updating the first.
    """
    older = session.scalar(
        select(Delivery.id).where(
            Delivery.team_id == delivery.team_id,
            Delivery.kind == delivery.kind,
            Delivery.state == DeliveryState.CLAIMED,
            Delivery.id < delivery.id,
            stored_id(Ref.CONVERSATION) == conversation_id,
        )
    )
    return older is not None


def conversation_of(session: Session, conversation_id: int) -> Conversation | None:
    """The conversation a delivery's payload names, if it still exists."""
    return session.get(Conversation, conversation_id)
