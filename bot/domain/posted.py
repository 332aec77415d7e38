"""Messages the bot posted that hold someone's text: found before that text is deleted, so they can go too."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.outbox_payloads.stored import Ref, stored_id
from bot.models import Conversation, Delivery, DeliveryKind, Intro, MeetingRequest, Person
from bot.models.opportunity import Opportunity, OpportunityInterest

# Payload ids of deliveries about the rows being deleted.
_REFS = (Ref.CONVERSATION, Ref.ITEM, Ref.CHECK_IN, Ref.REQUEST, Ref.ASK)


@dataclass(frozen=True)
class PostedMessage:
    """One message the bot posted, where it is, and enough to tell its reader which one it was."""

    channel: str
    ts: str
    kind: DeliveryKind
    reader_user_id: str | None  # whose DM it is in; None for a channel post
    sent_at: datetime | None


@dataclass(frozen=True)
class Holding:
    """The rows about to be deleted whose text a message may hold."""

    person: Person
    conversation_ids: Collection[int]
    item_ids: Collection[int]
    check_in_ids: Collection[int]
    request_ids: Collection[int]
    ask_ids: Collection[int] = ()  # the asks the person made (a redirected one is in another person's DM)
    # Office hours the person holds (their channel announcements) and bookings naming them (confirmations).
    office_hours_ids: Collection[int] = ()
    booking_ids: Collection[int] = ()


def posted_holding(session: Session, holding: Holding) -> tuple[PostedMessage, ...]:
    """Every message still in Slack that the bot sent to this person, or that shows their conversations,
    items, check-ins or meeting requests to someone else (the agenda and recap in their manager's DM)."""
    person = holding.person
    ids = dict(
        zip(
            _REFS,
            (holding.conversation_ids, holding.item_ids, holding.check_in_ids, holding.request_ids, holding.ask_ids),
            strict=True,
        )
    )
    ids[Ref.OFFICE_HOURS], ids[Ref.BOOKING] = holding.office_hours_ids, holding.booking_ids
    about: list[ColumnElement[bool]] = [stored_id(ref).in_(list(values)) for ref, values in ids.items() if values]
    # The helper's DM of an intro the person asked for holds their words.
    own_intros = select(Intro.id).where(Intro.team_id == person.team_id, Intro.employee_id == person.id)
    about.append(and_(Delivery.kind == DeliveryKind.INTRO_REQUEST, stored_id(Ref.INTRO).in_(own_intros)))
    about += opportunity_messages(person)
    deliveries = session.scalars(
        select(Delivery)
        .where(
            Delivery.team_id == person.team_id,
            Delivery.slack_ts.is_not(None),
            Delivery.slack_channel.is_not(None),
            or_(Delivery.recipient_id == person.id, *about),
        )
        .order_by(Delivery.id)
    )
    found: dict[tuple[str, str], PostedMessage] = {}
    for delivery in deliveries:
        if not delivery.slack_ts or not delivery.slack_channel:
            continue
        reader = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
        message = PostedMessage(
            channel=delivery.slack_channel,
            ts=delivery.slack_ts,
            kind=delivery.kind,
            reader_user_id=reader.slack_user_id if reader is not None and delivery.channel_id is None else None,
            sent_at=delivery.sent_at,
        )
        found.setdefault((message.channel, message.ts), message)
    for message in _kept_copies(session, holding):
        found.setdefault((message.channel, message.ts), message)
    return tuple(found.values())


def _kept_copies(session: Session, holding: Holding) -> list[PostedMessage]:
    """The manager's copies that conversations and requests remember directly (even if the outbox row
    that posted them is gone)."""
    copies: list[PostedMessage] = []
    conversations = session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.manager))
        .where(Conversation.id.in_(list(holding.conversation_ids)))
        .order_by(Conversation.id)
    )
    for conversation in conversations:
        manager = conversation.manager.slack_user_id
        slots = (
            (DeliveryKind.AGENDA, conversation.agenda_channel, conversation.agenda_ts, conversation.prep_shared_at),
            (DeliveryKind.RECAP, conversation.recap_channel, conversation.recap_ts, conversation.recap_submitted_at),
        )
        copies.extend(
            PostedMessage(channel=channel, ts=ts, kind=kind, reader_user_id=manager, sent_at=at)
            for kind, channel, ts, at in slots
            if channel and ts
        )
    requests = session.scalars(
        select(MeetingRequest)
        .options(selectinload(MeetingRequest.manager))
        .where(MeetingRequest.id.in_(list(holding.request_ids)))
        .order_by(MeetingRequest.id)
    )
    copies.extend(
        PostedMessage(
            channel=request.manager_channel,
            ts=request.manager_ts,
            kind=DeliveryKind.MEETING_REQUEST,
            reader_user_id=request.manager.slack_user_id,
            sent_at=request.created_at,
        )
        for request in requests
        if request.manager_channel and request.manager_ts
    )
    return copies


def opportunity_messages(person: Person) -> list[ColumnElement[bool]]:
    """The owner's DM of an interest the person sent holds their words; the channel announcement of an
    opportunity they posted holds theirs."""
    interests = select(OpportunityInterest.id).where(
        OpportunityInterest.team_id == person.team_id, OpportunityInterest.person_id == person.id
    )
    posted = select(Opportunity.id).where(Opportunity.team_id == person.team_id, Opportunity.owner_id == person.id)
    return [
        and_(Delivery.kind == DeliveryKind.OPPORTUNITY_INTEREST, stored_id(Ref.INTEREST).in_(interests)),
        and_(Delivery.kind == DeliveryKind.OPPORTUNITY_ANNOUNCEMENT, stored_id(Ref.OPPORTUNITY).in_(posted)),
    ]
