"""Opportunity messages from the outbox: the channel announcement, the owner's "someone is interested"
DM, and the note to interested people that it closed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.opportunities import closes_at
from bot.domain.outbox_payloads import AnnouncementRefused, InterestRef, Notice, OpportunityRef, decode
from bot.domain.people import person_by_id
from bot.models import Delivery, DeliveryKind
from bot.models.opportunity import Opportunity, OpportunityInterest, OpportunityState
from bot.slack.blocks import opportunities as blocks
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _opportunity(session: Session, delivery: Delivery, opportunity_id: int) -> Opportunity | None:
    row = session.get(Opportunity, opportunity_id)
    return row if row is not None and row.team_id == delivery.team_id else None


def _interest(session: Session, delivery: Delivery) -> tuple[OpportunityInterest, Opportunity] | None:
    interest = session.get(OpportunityInterest, decode(InterestRef, delivery.payload).interest_id)
    if interest is None or interest.team_id != delivery.team_id or interest.withdrawn_at is not None:
        return None
    row = _opportunity(session, delivery, interest.opportunity_id)
    return (interest, row) if row is not None else None


def announcement(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The channel post, unless it closed (or was deleted) before it went out."""
    row = _opportunity(session, delivery, decode(OpportunityRef, delivery.payload).opportunity_id)
    if row is None or row.state is not OpportunityState.OPEN or row.announce_channel is None:
        return Skip("the opportunity closed or no longer exists")
    owner = person_by_id(session, row.owner_id)
    if closes_at(row, owner) <= now:
        return Skip("the opportunity's closing day is over")
    return Rendered(blocks.announcement(row, owner.slack_user_id), channel_id=row.announce_channel)


def interest(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The owner's DM: who is interested and their message (sent even after closing: they did say so)."""
    found = _interest(session, delivery)
    if found is None:
        return Skip("the interest was taken back or no longer exists")
    interest_row, row = found
    if row.owner_id != delivery.recipient_id:
        return Skip("the opportunity changed hands")
    person = person_by_id(session, interest_row.person_id)
    return Rendered(blocks.interest_dm(row, person_user_id=person.slack_user_id, message=interest_row.message))


def closed(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    found = _interest(session, delivery)
    if found is None or found[0].person_id != delivery.recipient_id:
        return Skip("the interest was taken back or no longer exists")
    return Rendered(blocks.closed_notice(found[1]))


def undeliverable(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The owner's DM after their channel refused the announcement (pointless once it closed)."""
    payload = decode(AnnouncementRefused, delivery.payload)
    row = _opportunity(session, delivery, payload.opportunity_id)
    if row is None or row.state is not OpportunityState.OPEN or row.owner_id != delivery.recipient_id:
        return Skip("the opportunity closed, changed hands or no longer exists")
    return Rendered(blocks.undeliverable(row, channel_id=payload.channel_id, reason=payload.reason))


REGISTRY = Registry(
    kinds={DeliveryKind.OPPORTUNITY_ANNOUNCEMENT: announcement, DeliveryKind.OPPORTUNITY_INTEREST: interest},
    notices={Notice.OPPORTUNITY_CLOSED: closed, Notice.OPPORTUNITY_UNDELIVERABLE: undeliverable},
)
