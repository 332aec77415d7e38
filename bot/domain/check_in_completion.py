"""A check-in that has nothing left to ask about is complete: settled before its message is rendered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.domain.items import CLOSED
from bot.domain.outbox_payloads import CheckInRef, decode
from bot.models import ActionItem, CheckIn, Delivery


def settle_check_in(session: Session, delivery: Delivery, now: datetime) -> None:
    """Mark the check-in complete when everything its owner took on in that conversation is closed
    (its renderer then cancels the message); run by the render step just before the renderer."""
    record = session.get(CheckIn, decode(CheckInRef, delivery.payload).check_in_id)
    if record is None or record.completed_at is not None:
        return
    still_open = session.scalar(
        select(
            exists().where(
                ActionItem.team_id == record.team_id,
                ActionItem.conversation_id == record.conversation_id,
                ActionItem.owner_id == record.owner_id,
                ActionItem.status.not_in(CLOSED),
            )
        )
    )
    if not still_open:
        record.completed_at = now
