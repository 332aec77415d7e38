"""Team invitations: a manager invites their reports, each one answers, and accepting links them once set up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bot.domain.arrival import arrival
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox import enqueue, notice
from bot.domain.outbox_payloads import InvitationRef, Notice
from bot.domain.people import Profile, find_person, person_by_id, upsert_person
from bot.domain.workspaces import ensure_workspace
from bot.models import Delivery, DeliveryKind, Invitation, InvitationState, Person, PersonStatus

F_PEOPLE = "people"
# Each invitee's profile is read from Slack before the form is answered, within Slack's 3 seconds.
MAX_INVITES = 10
TOO_MANY = f"Invite up to {MAX_INVITES} people at a time."


class InviteOutcome(StrEnum):
    """What inviting one person came to."""

    INVITED = "invited"  # a new invitation; their DM is on its way
    ASKED_AGAIN = "asked_again"  # they said "not now" before; the manager asks once more
    ALREADY_INVITED = "already_invited"  # still waiting for their answer: nothing new is sent
    ALREADY_ACCEPTED = "already_accepted"  # accepted; setup is theirs to finish
    NAMED_YOU = "named_you"  # set up with this manager already, waiting for the manager to confirm
    ON_TEAM = "on_team"  # a confirmed report already


@dataclass(frozen=True)
class Invited:
    """One person picked, what became of it, and for a new invitation when its DM reaches them
    (`arrives`, see `bot.domain.arrival`; None: they are away with no end date) in their zone."""

    slack_user_id: str
    outcome: InviteOutcome
    arrives: datetime | None = None
    tz: str = "UTC"


@dataclass(frozen=True)
class InvitationLine:
    """One invitation as its manager sees it; `on_team` once the invitee is set up with them."""

    slack_user_id: str
    state: InvitationState
    on_team: bool
    answered_at: datetime | None


@dataclass(frozen=True)
class TeamOverview:
    """A manager's confirmed reports and the invitations they sent, latest first."""

    reports: tuple[str, ...]
    invitations: tuple[InvitationLine, ...]


def validate_invitees(manager: Profile, invitees: Sequence[Profile]) -> dict[str, str]:
    """A field error when the picked people cannot be invited; empty when they all can."""
    if not invitees:
        return {F_PEOPLE: "Pick at least one person to invite."}
    if len({p.slack_user_id for p in invitees}) > MAX_INVITES:
        return {F_PEOPLE: TOO_MANY}
    problems: list[str] = []
    for person in invitees:
        if person.is_bot:
            problems.append(f"{person.display_name} is an app, not a person.")
        elif person.deleted:
            problems.append(f"{person.display_name} is no longer in this workspace.")
    if problems:
        problems.append("Remove them from the list and try again.")
    if any(p.slack_user_id == manager.slack_user_id for p in invitees):
        # Said to the manager about themselves: "them" would read as someone else.
        problems.append("You can't invite yourself. Take yourself off the list and send it again.")
    return {F_PEOPLE: " ".join(problems)} if problems else {}


def invite(
    session: Session, *, team_id: str, manager: Profile, invitees: Sequence[Profile], now: datetime
) -> tuple[Invited, ...]:
    """Invite each person once; inviting someone again never sends a second message while they decide."""
    errors = validate_invitees(manager, invitees)
    if errors:
        raise InvalidInput(errors)
    ensure_workspace(session, team_id=team_id, now=now)
    inviter = upsert_person(session, team_id=team_id, profile=manager, now=now)
    results: dict[str, Invited] = {}
    for profile in invitees:
        if profile.slack_user_id not in results:
            person = upsert_person(session, team_id=team_id, profile=profile, now=now)
            outcome, sent = _invite_one(session, inviter, person, now)
            arrives = arrival(session, sent, now) if sent is not None else None
            results[profile.slack_user_id] = Invited(profile.slack_user_id, outcome, arrives, person.tz)
    return tuple(results.values())


def _invite_one(
    session: Session, manager: Person, person: Person, now: datetime
) -> tuple[InviteOutcome, Delivery | None]:
    """What inviting `person` came to, and the invitation DM it queued, if any."""
    if person.manager_id == manager.id:
        return InviteOutcome.ON_TEAM if person.manager_confirmed else InviteOutcome.NAMED_YOU, None
    invitation = _invitation(session, manager=manager, invitee=person)
    if invitation is None:
        invitation, created = _create(session, manager=manager, invitee=person, now=now)
        if not created:
            return InviteOutcome.ALREADY_INVITED, None  # a second submit created it a moment ago
        outcome = InviteOutcome.INVITED
    elif invitation.state is InvitationState.PENDING:
        return InviteOutcome.ALREADY_INVITED, None
    elif invitation.state is InvitationState.ACCEPTED:
        return InviteOutcome.ALREADY_ACCEPTED, None
    else:  # they said "not now"; the manager chose to ask again
        invitation.state = InvitationState.PENDING
        invitation.answered_at = None
        invitation.updated_at = now
        outcome = InviteOutcome.ASKED_AGAIN
    sent = enqueue(
        session,
        team_id=invitation.team_id,
        kind=DeliveryKind.INVITATION,
        key=f"invitation:{invitation.id}:{int(now.timestamp())}",
        due_at=now,  # not immediate: the relay holds it until the invitee's working hours
        now=now,
        recipient=person,
        payload=InvitationRef(invitation.id),
    )
    return outcome, sent


def _invitation(session: Session, *, manager: Person, invitee: Person) -> Invitation | None:
    return session.scalar(
        select(Invitation).where(
            Invitation.team_id == manager.team_id,
            Invitation.manager_id == manager.id,
            Invitation.invitee_id == invitee.id,
        )
    )


def _create(session: Session, *, manager: Person, invitee: Person, now: datetime) -> tuple[Invitation, bool]:
    invitation = Invitation(
        team_id=manager.team_id,
        manager_id=manager.id,
        invitee_id=invitee.id,
        state=InvitationState.PENDING,
        created_at=now,
        updated_at=now,
    )
    try:
        # A savepoint, so losing a race with a second submit only undoes this row.
        with session.begin_nested():
            session.add(invitation)
    except IntegrityError:
        found = _invitation(session, manager=manager, invitee=invitee)
        assert found is not None
        return found, False
    return invitation, True


def _answerable(session: Session, *, team_id: str, invitation_id: int, actor_slack_id: str) -> Invitation:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.team_id != team_id:
        raise NotFound("This invitation no longer exists.")
    if person_by_id(session, invitation.invitee_id).slack_user_id != actor_slack_id:
        raise NotAllowed("Only the person who was invited can answer this invitation.")
    return invitation


def _accept(session: Session, invitation: Invitation, now: datetime) -> None:
    invitation.state = InvitationState.ACCEPTED
    invitation.answered_at = now
    invitation.updated_at = now
    notice(
        session,
        recipient=person_by_id(session, invitation.manager_id),
        template=Notice.INVITATION_ACCEPTED,
        payload=InvitationRef(invitation.id),
        key=f"{invitation.id}:{int(now.timestamp())}",
        now=now,
    )


def accept_invitation(
    session: Session, *, team_id: str, invitation_id: int, actor_slack_id: str, now: datetime
) -> Invitation:
    """The invitee says yes; the manager hears about it once. Accepting again changes nothing."""
    invitation = _answerable(session, team_id=team_id, invitation_id=invitation_id, actor_slack_id=actor_slack_id)
    if invitation.state is not InvitationState.ACCEPTED:
        _accept(session, invitation, now)
        session.flush()
    return invitation


def decline_invitation(
    session: Session, *, team_id: str, invitation_id: int, actor_slack_id: str, now: datetime
) -> Invitation:
    """The invitee says "not now"; the manager is not messaged about it. An acceptance stands."""
    invitation = _answerable(session, team_id=team_id, invitation_id=invitation_id, actor_slack_id=actor_slack_id)
    if invitation.state is InvitationState.PENDING:
        invitation.state = InvitationState.DECLINED
        invitation.answered_at = now
        invitation.updated_at = now
        session.flush()
    return invitation


def confirm_by_invitation(session: Session, *, employee: Person, manager: Person, now: datetime) -> bool:
    """True when `manager` invited `employee`: naming the person who invited you needs no confirmation.

    An invitation not yet answered counts as accepted from here on (and the manager hears so).
    """
    invitation = _invitation(session, manager=manager, invitee=employee)
    if invitation is None:
        return False
    if invitation.state is not InvitationState.ACCEPTED:
        _accept(session, invitation, now)
    return True


def team_overview(session: Session, *, team_id: str, manager_slack_id: str) -> TeamOverview:
    """Who is on the manager's team and what became of each invitation they sent."""
    manager = find_person(session, team_id=team_id, slack_user_id=manager_slack_id)
    if manager is None:
        return TeamOverview((), ())
    invitations = session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.invitee))
        .where(Invitation.team_id == team_id, Invitation.manager_id == manager.id)
        .order_by(Invitation.updated_at.desc(), Invitation.id.desc())
    ).all()
    lines = tuple(
        InvitationLine(
            slack_user_id=i.invitee.slack_user_id,
            state=i.state,
            on_team=i.invitee.manager_id == manager.id and i.invitee.manager_confirmed,
            answered_at=i.answered_at,
        )
        for i in invitations
        if i.invitee.status is not PersonStatus.LEFT
    )
    reports = session.scalars(
        select(Person.slack_user_id)
        .where(
            Person.team_id == team_id,
            Person.manager_id == manager.id,
            Person.manager_confirmed.is_(True),
            Person.status != PersonStatus.LEFT,
        )
        .order_by(Person.display_name, Person.id)
    ).all()
    return TeamOverview(reports=tuple(reports), invitations=lines)
