"""A check-in that has nothing left to ask about is complete: settled before its message is rendered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.item_views import checkin_board
from bot.domain.outbox_payloads import CheckInRef, decode
from bot.models import CheckIn, Delivery, Person


def settle_check_in(session: Session, delivery: Delivery, now: datetime) -> None:
    """Mark the check-in complete when everything its owner took on in that conversation is closed
    (its renderer then cancels the message); run by the render step just before the renderer."""
    record = session.get(CheckIn, decode(CheckInRef, delivery.payload).check_in_id)
    owner = session.get(Person, record.owner_id) if record is not None else None
    if record is None or owner is None or record.completed_at is not None:
        return
    board = checkin_board(
        session, team_id=record.team_id, conversation_id=record.conversation_id, slack_user_id=owner.slack_user_id
    )
    if not board.owned:
        record.completed_at = now
