"""What forgetting a person does to messages still queued for other people: those about the person go."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.domain.forget_asks import asks_about
from bot.domain.forget_scope import Scope
from bot.domain.office_hours_records import office_hours_refs
from bot.domain.opportunities import opportunity_refs
from bot.domain.outbox_payloads.stored import Ref, about
from bot.models import (
    ConversationState,
    Delivery,
    DeliveryState,
    DigestSubscription,
    Intro,
    Invitation,
    MeetingRequest,
    OneOnOneSeries,
)

CANCEL_REASON = "it was about someone who deleted their Career Prep data"
# Payload ids that name a person directly.
_PERSON_REFS = (Ref.EMPLOYEE, Ref.MANAGER, Ref.ACTOR, Ref.SUGGESTED)


def _refs(session: Session, scope: Scope) -> dict[Ref, set[int]]:
    """Payload ids that make a queued message about this person or their deleted rows."""
    person, team_id = scope.person, scope.person.team_id
    upcoming = [c.id for c in scope.managed if c.state is ConversationState.PLANNED]
    series = session.scalars(
        select(OneOnOneSeries.id).where(
            OneOnOneSeries.team_id == team_id,
            or_(OneOnOneSeries.employee_id == person.id, OneOnOneSeries.manager_id == person.id),
        )
    )
    requests = session.scalars(
        select(MeetingRequest.id).where(
            MeetingRequest.team_id == team_id,
            or_(MeetingRequest.employee_id == person.id, MeetingRequest.manager_id == person.id),
        )
    )
    invitations = session.scalars(
        select(Invitation.id).where(
            Invitation.team_id == team_id, or_(Invitation.manager_id == person.id, Invitation.invitee_id == person.id)
        )
    )
    digests = session.scalars(
        select(DigestSubscription.id).where(
            DigestSubscription.team_id == team_id, DigestSubscription.owner_id == person.id
        )
    )
    in_intro = or_(Intro.employee_id == person.id, Intro.helper_id == person.id)
    intros = session.scalars(select(Intro.id).where(Intro.team_id == team_id, in_intro))
    refs = {
        Ref.INTRO: set(intros),
        Ref.CONVERSATION: {c.id for c in scope.own} | set(upcoming),
        Ref.ITEM: set(scope.own_items) | {i.id for i in scope.to_close},
        Ref.CHECK_IN: set(scope.check_ins),
        Ref.SERIES: set(series),
        Ref.REQUEST: set(requests),
        Ref.INVITATION: set(invitations),
        Ref.SUBSCRIPTION: set(digests),
        Ref.ASK: set(asks_about(session, person)),
    }
    refs.update({ref: {person.id} for ref in _PERSON_REFS})
    refs.update(office_hours_refs(session, person))
    refs.update(opportunity_refs(session, person))
    return refs


def _about(delivery: Delivery, refs: dict[Ref, set[int]]) -> bool:
    named = about(delivery)
    return any(ref in named and named[ref] in ids for ref, ids in refs.items())


def cancel_for_others(session: Session, scope: Scope, now: datetime) -> None:
    """Messages still queued for other people about this person (a reminder of a 1:1 with them, a notice
    naming them) would point at nobody: they are cancelled, with the reason kept."""
    refs = _refs(session, scope)
    queued = session.scalars(
        select(Delivery).where(
            Delivery.team_id == scope.person.team_id,
            Delivery.state == DeliveryState.PENDING,
            or_(Delivery.recipient_id.is_(None), Delivery.recipient_id != scope.person.id),
        )
    )
    for delivery in queued:
        if _about(delivery, refs):
            delivery.state = DeliveryState.CANCELLED
            delivery.last_error = CANCEL_REASON
            delivery.updated_at = now
