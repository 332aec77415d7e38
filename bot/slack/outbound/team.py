"""Team invitation messages: the invitee's DM, and the manager's notice when someone accepts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import InvitationRef, Notice, decode
from bot.domain.people import person_by_id
from bot.models import Delivery, DeliveryKind, Invitation, InvitationState, Person, PersonStatus
from bot.slack.blocks import team as blocks
from bot.slack.outbound.outcomes import Outcome, Registry, Rendered, Skip


def _invitation(session: Session, delivery: Delivery) -> Invitation | None:
    invitation = session.get(Invitation, decode(InvitationRef, delivery.payload).invitation_id)
    return invitation if invitation is not None and invitation.team_id == delivery.team_id else None


def _on_team(invitation: Invitation, invitee: Person) -> bool:
    return invitee.manager_id == invitation.manager_id and invitee.manager_confirmed


def invitation(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    """The invitee's DM; pointless once answered, or once they are on the team anyway."""
    found = _invitation(session, delivery)
    if found is None or found.invitee_id != delivery.recipient_id:
        return Skip("the invitation no longer exists")
    if found.state is not InvitationState.PENDING:
        return Skip("the invitation was answered before this was sent")
    if _on_team(found, person_by_id(session, found.invitee_id)):
        return Skip("they joined the team before this was sent")
    manager = person_by_id(session, found.manager_id)
    if manager.status is PersonStatus.LEFT:
        return Skip("the manager who sent it has left the workspace")
    return Rendered(blocks.invitation_message(manager_user_id=manager.slack_user_id, invitation_id=found.id))


def invitation_accepted(session: Session, delivery: Delivery, now: datetime) -> Outcome:
    found = _invitation(session, delivery)
    if found is None or found.manager_id != delivery.recipient_id:
        return Skip("the invitation no longer exists")
    if found.state is not InvitationState.ACCEPTED:
        return Skip("the invitation is no longer accepted")
    invitee = person_by_id(session, found.invitee_id)
    return Rendered(
        blocks.invitation_accepted_notice(invitee_user_id=invitee.slack_user_id, on_team=_on_team(found, invitee))
    )


REGISTRY = Registry(
    kinds={DeliveryKind.INVITATION: invitation},
    notices={Notice.INVITATION_ACCEPTED: invitation_accepted},
)
