"""A manager who confirms, is switched away from and back to, and confirms again gets the series back on
their calendar: the cancel queued for them at the switch never has the last word."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import CalendarInvite, decode
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import Cadence, Delivery, DeliveryKind, DeliveryState, OneOnOneSeries, Person
from tests.conftest import FakeClock
from tests.support.people import ANA, LEO, MIRA, TEAM


def save(db: Session, clock: FakeClock, manager: Profile, submission: str) -> OneOnOneSeries:
    form = SetupInput(ANA, manager, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
    return save_setup(db, team_id=TEAM, form=form, submission_id=submission, now=clock.now).series


def mira_confirms(db: Session, clock: FakeClock, series: OneOnOneSeries) -> None:
    mira = db.scalars(select(Person).where(Person.slack_user_id == MIRA.slack_user_id)).one()
    confirm_manager(
        db, team_id=TEAM, series_id=series.id, manager_id=mira.id, actor_slack_id=MIRA.slack_user_id, now=clock.now
    )


def invites_to(db: Session, slack_user_id: str) -> list[tuple[int, bool, DeliveryState]]:
    """(sequence, cancel, state) of each invite queued for the person, in queue order."""
    rows = db.scalars(
        select(Delivery)
        .join(Person, Person.id == Delivery.recipient_id)
        .where(Delivery.kind == DeliveryKind.CALENDAR_INVITE, Person.slack_user_id == slack_user_id)
        .order_by(Delivery.id)
    )
    found = []
    for delivery in rows:
        invite = decode(CalendarInvite, delivery.payload)
        found.append((invite.sequence, invite.cancel, delivery.state))
    return found


def test_a_manager_switched_away_and_back_who_confirms_again_gets_a_request_at_a_new_sequence(
    db: Session, clock: FakeClock
) -> None:
    series = save(db, clock, MIRA, "s1")
    clock.advance(hours=1)
    mira_confirms(db, clock, series)
    clock.advance(minutes=1)
    save(db, clock, LEO, "s2")  # Mira gets a cancel
    clock.advance(minutes=1)
    save(db, clock, MIRA, "s3")  # back to Mira, who must confirm again
    clock.advance(minutes=1)
    mira_confirms(db, clock, series)

    *earlier, (sequence, cancel, state) = invites_to(db, MIRA.slack_user_id)
    assert (sequence, cancel, state) == (series.ics_sequence, False, DeliveryState.PENDING)
    # Her cancel is still queued, but at an older sequence: the relay skips it as superseded.
    assert any(c for _, c, _ in earlier)
    assert all(s < series.ics_sequence for s, _, _ in earlier)
    # Ana's invite is at the newest sequence too, so the newer one silences none of hers.
    assert invites_to(db, ANA.slack_user_id)[-1][:2] == (series.ics_sequence, False)


def test_a_first_confirmation_long_after_setup_sends_the_employee_nothing_more(db: Session, clock: FakeClock) -> None:
    series = save(db, clock, MIRA, "s1")
    clock.advance(hours=1)
    for delivery in db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.CALENDAR_INVITE)):
        delivery.state = DeliveryState.SENT  # Ana's invite went out after its settling time
    mira_confirms(db, clock, series)

    assert [(s, c) for s, c, _ in invites_to(db, ANA.slack_user_id)] == [(series.ics_sequence - 1, False)]
    assert [(s, c) for s, c, _ in invites_to(db, MIRA.slack_user_id)] == [(series.ics_sequence, False)]
