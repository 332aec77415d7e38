"""Team invitations against a real database: who can be invited, idempotent re-invites, the answers,
setup with the inviter needing no second confirmation, what the manager sees, and the messages."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, save_setup
from bot.domain.team import (
    F_PEOPLE,
    MAX_INVITES,
    InviteOutcome,
    accept_invitation,
    decline_invitation,
    invite,
    team_overview,
    validate_invitees,
)
from bot.models import (
    Cadence,
    Delivery,
    DeliveryKind,
    Invitation,
    InvitationState,
    Person,
    PersonStatus,
)
from bot.slack.outbound.render import Rendered, Skip, render
from tests.conftest import FakeClock
from tests.support.people import ANA, LEO, MIRA, OTHER_TEAM, TEAM

APP = Profile("UAPP", "Some App", "UTC", is_bot=True)
GONE = Profile("UGONE", "Former Colleague", "UTC", deleted=True)


def deliveries(db: Session, **where: Any) -> list[Delivery]:
    return list(db.scalars(select(Delivery).filter_by(**where).order_by(Delivery.id)))


def invitation_of(db: Session, invitee: Profile, team: str = TEAM) -> Invitation:
    invitee_id = db.scalars(select(Person.id).filter_by(team_id=team, slack_user_id=invitee.slack_user_id)).one()
    return db.scalars(
        select(Invitation).options(selectinload(Invitation.manager)).filter_by(invitee_id=invitee_id)
    ).one()


def set_up(db: Session, now: Any, employee: Profile = ANA, manager: Profile = MIRA, key: str = "first") -> None:
    form = SetupInput(employee, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    save_setup(db, team_id=TEAM, form=form, submission_id=key, now=now)


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ([], "Pick at least one person to invite."),
        ([MIRA], "You can't invite yourself."),
        ([ANA, APP], "Some App is an app, not a person."),
        ([GONE], "Former Colleague is no longer in this workspace."),
    ],
)
def test_who_cannot_be_invited(picked: list[Profile], expected: str) -> None:
    errors = validate_invitees(MIRA, picked)

    assert list(errors) == [F_PEOPLE]
    assert expected in errors[F_PEOPLE]


def test_inviting_yourself_is_said_plainly_and_never_as_them() -> None:
    alone = validate_invitees(MIRA, [MIRA])[F_PEOPLE]
    mixed = validate_invitees(MIRA, [APP, MIRA])[F_PEOPLE]

    assert alone == "You can't invite yourself. Take yourself off the list and send it again."
    assert "Remove them" not in alone
    assert mixed.startswith("Some App is an app, not a person. Remove them from the list and try again.")
    assert mixed.endswith("Take yourself off the list and send it again.")


def test_at_most_ten_at_a_time() -> None:
    many = [Profile(f"U{n:03d}", f"Person {n}", "UTC") for n in range(MAX_INVITES + 1)]

    assert validate_invitees(MIRA, many[:MAX_INVITES]) == {}
    assert "up to 10" in validate_invitees(MIRA, many)[F_PEOPLE]


def test_a_refused_invite_stores_nothing(db: Session, clock: FakeClock) -> None:
    with pytest.raises(InvalidInput):
        invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA, MIRA], now=clock.now)

    assert db.scalars(select(Invitation)).all() == []


def test_each_invitee_gets_one_invitation_held_for_their_working_hours(db: Session, clock: FakeClock) -> None:
    results = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA, LEO, ANA], now=clock.now)

    assert [(r.slack_user_id, r.outcome) for r in results] == [
        ("UANA", InviteOutcome.INVITED),
        ("ULEO", InviteOutcome.INVITED),
    ]
    sent = deliveries(db, kind=DeliveryKind.INVITATION)
    assert len(sent) == 2
    assert all(not d.payload.get("immediate") for d in sent)
    assert invitation_of(db, ANA).state is InvitationState.PENDING
    assert invitation_of(db, LEO).manager.slack_user_id == "UMIRA"


def test_inviting_again_is_idempotent_until_they_say_not_now(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)

    [again] = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.advance(minutes=1))
    assert again.outcome is InviteOutcome.ALREADY_INVITED
    assert len(deliveries(db, kind=DeliveryKind.INVITATION)) == 1

    invitation = invitation_of(db, ANA)
    decline_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)
    [asked] = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.advance(days=7))
    assert asked.outcome is InviteOutcome.ASKED_AGAIN
    assert (invitation.state, invitation.answered_at) == (InvitationState.PENDING, None)
    assert len(deliveries(db, kind=DeliveryKind.INVITATION)) == 2

    accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)
    [accepted] = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.advance(days=1))
    assert accepted.outcome is InviteOutcome.ALREADY_ACCEPTED
    assert len(deliveries(db, kind=DeliveryKind.INVITATION)) == 2


def test_people_already_linked_are_not_invited(db: Session, clock: FakeClock) -> None:
    set_up(db, clock.now)  # Ana named Mira; Mira hasn't confirmed

    [named] = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    assert named.outcome is InviteOutcome.NAMED_YOU

    db.scalars(select(Person).filter_by(slack_user_id="UANA")).one().manager_confirmed = True
    [on_team] = invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    assert on_team.outcome is InviteOutcome.ON_TEAM
    assert db.scalars(select(Invitation)).all() == []


def test_only_the_invitee_answers_and_the_manager_hears_of_an_acceptance_once(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    invitation = invitation_of(db, ANA)

    with pytest.raises(NotAllowed):
        accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UMIRA", now=clock.now)
    with pytest.raises(NotFound):
        accept_invitation(db, team_id=OTHER_TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)

    accepted_at = clock.advance(minutes=3)
    accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=accepted_at)
    accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.advance(hours=1))

    assert (invitation.state, invitation.answered_at) == (InvitationState.ACCEPTED, accepted_at)
    [told] = deliveries(db, kind=DeliveryKind.NOTICE)
    assert told.payload["template"] == "invitation_accepted"
    assert told.recipient_id == invitation.manager_id
    # A later "not now" does not undo an acceptance.
    decline_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)
    assert invitation.state is InvitationState.ACCEPTED


def test_setup_with_the_inviter_needs_no_confirmation(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    invitation = invitation_of(db, ANA)
    accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)

    set_up(db, clock.advance(minutes=2))

    ana = db.scalars(select(Person).filter_by(slack_user_id="UANA")).one()
    assert (ana.manager_confirmed, ana.manager_confirmed_at) == (True, clock.now)
    assert deliveries(db, kind=DeliveryKind.MANAGER_CONFIRMATION) == []
    overview = team_overview(db, team_id=TEAM, manager_slack_id="UMIRA")
    assert overview.reports == ("UANA",)
    assert [(i.slack_user_id, i.state, i.on_team) for i in overview.invitations] == [
        ("UANA", InvitationState.ACCEPTED, True)
    ]


def test_setup_with_the_inviter_counts_as_accepting(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)

    set_up(db, clock.advance(minutes=2))  # straight to setup, without clicking Accept

    assert invitation_of(db, ANA).state is InvitationState.ACCEPTED
    assert [d.payload["template"] for d in deliveries(db, kind=DeliveryKind.NOTICE)] == [
        "invitation_accepted",
        "setup_saved",
    ]
    assert db.scalars(select(Person).filter_by(slack_user_id="UANA")).one().manager_confirmed


def test_setup_with_someone_else_still_asks_them(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)

    set_up(db, clock.now, manager=LEO)

    assert not db.scalars(select(Person).filter_by(slack_user_id="UANA")).one().manager_confirmed
    [asked] = deliveries(db, kind=DeliveryKind.MANAGER_CONFIRMATION)
    assert asked.recipient_id == db.scalars(select(Person.id).filter_by(slack_user_id="ULEO")).one()
    assert invitation_of(db, ANA).state is InvitationState.PENDING


def test_the_overview_shows_each_invitation_latest_first(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    invite(db, team_id=TEAM, manager=MIRA, invitees=[LEO], now=clock.advance(minutes=1))
    leo = invitation_of(db, LEO)
    decline_invitation(db, team_id=TEAM, invitation_id=leo.id, actor_slack_id="ULEO", now=clock.advance(minutes=1))

    overview = team_overview(db, team_id=TEAM, manager_slack_id="UMIRA")

    assert [(i.slack_user_id, i.state) for i in overview.invitations] == [
        ("ULEO", InvitationState.DECLINED),
        ("UANA", InvitationState.PENDING),
    ]
    assert overview.reports == ()
    assert team_overview(db, team_id=TEAM, manager_slack_id="UANA").invitations == ()
    assert team_overview(db, team_id=OTHER_TEAM, manager_slack_id="UMIRA").invitations == ()


def test_the_invitation_dm_is_sent_only_while_it_is_still_waiting(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA, LEO], now=clock.now)
    ana_dm, leo_dm = deliveries(db, kind=DeliveryKind.INVITATION)

    outcome = render(db, ana_dm, clock.now)
    assert isinstance(outcome, Rendered)
    assert "<@UMIRA> invited you" in outcome.message.text

    leo = invitation_of(db, LEO)
    decline_invitation(db, team_id=TEAM, invitation_id=leo.id, actor_slack_id="ULEO", now=clock.now)
    assert isinstance(render(db, leo_dm, clock.now), Skip)

    db.scalars(select(Person).filter_by(slack_user_id="UMIRA")).one().status = PersonStatus.LEFT
    assert isinstance(render(db, ana_dm, clock.now), Skip)


def test_the_managers_notice_says_whether_they_joined_yet(db: Session, clock: FakeClock) -> None:
    invite(db, team_id=TEAM, manager=MIRA, invitees=[ANA], now=clock.now)
    invitation = invitation_of(db, ANA)
    accept_invitation(db, team_id=TEAM, invitation_id=invitation.id, actor_slack_id="UANA", now=clock.now)
    [notice] = deliveries(db, kind=DeliveryKind.NOTICE)

    before = render(db, notice, clock.now)
    set_up(db, clock.now + timedelta(minutes=5))
    after = render(db, notice, clock.now)

    assert isinstance(before, Rendered)
    assert isinstance(after, Rendered)
    assert "Once they've picked the date" in before.message.text
    assert "is set up" in after.message.text
