"""Helpers for messages kept current in place (agenda, recap): one version in flight at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Conversation, Delivery, DeliveryState
from bot.slack.outbound.outcomes import AfterSent, ForgetMessage


def older_version_in_flight(session: Session, delivery: Delivery) -> bool:
    """True while an older delivery of the same message (same kind and conversation) is mid-send.

    Sending this one meanwhile could post a second copy instead of updating the first.
    """
    older = session.scalar(
        select(Delivery.id).where(
            Delivery.team_id == delivery.team_id,
            Delivery.kind == delivery.kind,
            Delivery.state == DeliveryState.CLAIMED,
            Delivery.id < delivery.id,
            Delivery.payload["conversation_id"].as_integer() == delivery.payload.get("conversation_id"),
        )
    )
    return older is not None


def conversation_of(session: Session, delivery: Delivery) -> Conversation | None:
    """The conversation a delivery is about (payload `conversation_id`), if it still exists."""
    conversation_id = delivery.payload.get("conversation_id")
    return session.get(Conversation, conversation_id) if conversation_id is not None else None


def message_slot(prefix: str) -> tuple[AfterSent, ForgetMessage]:
    """Hooks that remember where a conversation's `<prefix>` message landed, and forget it when
    Slack no longer has it, using the conversation's `<prefix>_channel` / `<prefix>_ts` columns."""

    def remember(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
        conversation = conversation_of(session, delivery)
        if conversation is not None and getattr(conversation, f"{prefix}_ts") is None:
            setattr(conversation, f"{prefix}_channel", channel)
            setattr(conversation, f"{prefix}_ts", ts)

    def forget(session: Session, delivery: Delivery) -> None:
        conversation = conversation_of(session, delivery)
        if conversation is not None:
            setattr(conversation, f"{prefix}_channel", None)
            setattr(conversation, f"{prefix}_ts", None)

    return remember, forget
