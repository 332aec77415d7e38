"""Helpers for messages kept current in place (agenda, recap): one version in flight at a time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import ManagerCopy, decode
from bot.models import Conversation, Delivery, DeliveryState
from bot.slack.outbound.outcomes import AfterSent, ForgetMessage


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
            Delivery.payload["conversation_id"].as_integer() == conversation_id,
        )
    )
    return older is not None


def conversation_of(session: Session, conversation_id: int) -> Conversation | None:
    """The conversation a delivery's payload names, if it still exists."""
    return session.get(Conversation, conversation_id)


def message_slot(prefix: str) -> tuple[AfterSent, ForgetMessage]:
    """Hooks that remember where a conversation's `<prefix>` message landed, and forget it when
    Slack no longer has it, using the conversation's `<prefix>_channel` / `<prefix>_ts` columns."""

    def remember(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
        conversation = conversation_of(session, decode(ManagerCopy, delivery.payload).conversation_id)
        if conversation is not None and getattr(conversation, f"{prefix}_ts") is None:
            setattr(conversation, f"{prefix}_channel", channel)
            setattr(conversation, f"{prefix}_ts", ts)

    def forget(session: Session, delivery: Delivery) -> None:
        conversation = conversation_of(session, decode(ManagerCopy, delivery.payload).conversation_id)
        if conversation is not None:
            setattr(conversation, f"{prefix}_channel", None)
            setattr(conversation, f"{prefix}_ts", None)

    return remember, forget
