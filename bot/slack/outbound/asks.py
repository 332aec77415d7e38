"""Ask notices: the employee told an answer (in their hours), and the person an ask was passed on to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_redirect import proposed_child
from bot.domain.ask_views import line_of
from bot.domain.outbox_payloads import AskRef, Notice, decode
from bot.models import Ask, AskState, Delivery
from bot.slack.blocks.asks import answered_notice, passed_on_notice
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _ask(session: Session, delivery: Delivery) -> tuple[Ask | None, AskRef]:
    payload = decode(AskRef, delivery.payload)
    ask = session.scalar(
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(Ask.id == payload.ask_id, Ask.team_id == delivery.team_id)
    )
    return ask, payload


def answered(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The employee hears the answer; a later answer to the same ask has its own message."""
    ask, payload = _ask(session, delivery)
    if ask is None:
        return Skip("the ask was deleted before this was sent")
    if delivery.recipient_id != ask.employee_id:
        return Skip("the recipient is not the person who made the ask")
    if ask.answer_revision != payload.revision:
        return Skip("the ask was answered again since; the newer answer has its own message")
    child = proposed_child(session, ask) if ask.redirected_to_id is not None else None
    consent = child.id if child is not None and child.state is AskState.PROPOSED else None
    return Rendered(answered_notice(line_of(session, ask), consent_ask_id=consent))


def passed_on(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The person an ask was redirected to, once the employee agreed."""
    ask, _ = _ask(session, delivery)
    if ask is None:
        return Skip("the ask was deleted before this was sent")
    if delivery.recipient_id != ask.asked_id or ask.state is AskState.PROPOSED:
        return Skip("the recipient is not the person this ask was passed on to")
    if ask.state is AskState.WITHDRAWN:
        return Skip("the ask was taken back")
    return Rendered(passed_on_notice(line_of(session, ask)))


REGISTRY = Registry(notices={Notice.ASK_ANSWERED: answered, Notice.ASK_PASSED_ON: passed_on})
