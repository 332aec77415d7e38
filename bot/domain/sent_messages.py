"""What the database remembers about a message once the relay has sent it: where it landed (so it
can be updated in place later), and forgetting that when Slack no longer has the message.

These run in the transaction that records the send; renderers themselves only read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import CheckInRef, ManagerCopy, RequestRef, decode
from bot.domain.prep_share import mark_replaced
from bot.models import CheckIn, Conversation, Delivery, MeetingRequest


def _conversation(session: Session, delivery: Delivery) -> Conversation | None:
    return session.get(Conversation, decode(ManagerCopy, delivery.payload).conversation_id)


def agenda_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Keep where the manager's copy of the agenda is; a copy posted anew marks the one it replaces."""
    conversation = _conversation(session, delivery)
    if conversation is None or conversation.agenda_ts == ts:
        return
    old_channel, old_ts = conversation.agenda_channel, conversation.agenda_ts
    conversation.agenda_channel, conversation.agenda_ts = channel, ts
    if old_channel is not None and old_ts is not None:
        mark_replaced(
            session, conversation, channel=old_channel, ts=old_ts, now=delivery.sent_at or delivery.updated_at
        )


def agenda_gone(session: Session, delivery: Delivery) -> None:
    """Slack no longer has the manager's copy of the agenda: the next revision posts a new one."""
    conversation = _conversation(session, delivery)
    if conversation is not None:
        conversation.agenda_channel, conversation.agenda_ts = None, None


def recap_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Keep where the manager's recap landed, the first time, so later revisions update it."""
    conversation = _conversation(session, delivery)
    if conversation is not None and conversation.recap_ts is None:
        conversation.recap_channel, conversation.recap_ts = channel, ts


def recap_gone(session: Session, delivery: Delivery) -> None:
    """Slack no longer has the manager's recap: the retry posts a new one."""
    conversation = _conversation(session, delivery)
    if conversation is not None:
        conversation.recap_channel, conversation.recap_ts = None, None


def manager_request_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Keep where the manager's meeting request DM landed, to update it when the request is answered."""
    request = session.get(MeetingRequest, decode(RequestRef, delivery.payload).request_id)
    if request is not None and request.team_id == delivery.team_id and request.manager_ts is None:
        request.manager_channel, request.manager_ts = channel, ts


def check_in_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """A check-in remembers when it first went out."""
    record = session.get(CheckIn, decode(CheckInRef, delivery.payload).check_in_id)
    if record is not None and record.sent_at is None:
        record.sent_at = delivery.sent_at
