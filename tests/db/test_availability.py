"""Whether a delivery may go now is a question with no side effects: ending a finished time away
and marking a delivery held for one are separate, named steps the relay takes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.domain.availability import Hold, end_time_away, mark_held_away, not_now
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ManagerDeclined, Notice
from bot.domain.people import upsert_person
from bot.domain.snooze import AWAY_RECHECK
from bot.domain.workspaces import ensure_workspace
from bot.models import Delivery, Person, PersonStatus
from tests.support.people import ANA, TEAM

TUESDAY_NOON = datetime(2026, 12, 8, 11, 0, tzinfo=UTC)  # 12:00 in Berlin
TUESDAY_NIGHT = datetime(2026, 12, 8, 22, 0, tzinfo=UTC)  # 23:00 in Berlin


def queued(db: Session, *, immediate: bool = False) -> tuple[Person, Delivery]:
    ensure_workspace(db, team_id=TEAM, now=TUESDAY_NOON)
    ana = upsert_person(db, team_id=TEAM, profile=ANA, now=TUESDAY_NOON)
    delivery = notice(
        db,
        recipient=ana,
        template=Notice.MANAGER_DECLINED,
        payload=ManagerDeclined("Mira"),
        key="k",
        now=TUESDAY_NOON,
        immediate=immediate,
    )
    return ana, delivery


def away(person: Person, until: date | None) -> None:
    person.status = PersonStatus.PAUSED
    person.paused_until = until


def test_in_working_hours_a_delivery_may_go(db: Session) -> None:
    _, delivery = queued(db)

    assert not_now(db, delivery, TUESDAY_NOON) is None


def test_outside_working_hours_it_waits_for_the_next_opening(db: Session) -> None:
    _, delivery = queued(db)

    assert not_now(db, delivery, TUESDAY_NIGHT) == Hold(datetime(2026, 12, 9, 8, 0, tzinfo=UTC))


def test_while_away_it_is_looked_at_again_later_and_nothing_is_written(db: Session) -> None:
    ana, delivery = queued(db)
    away(ana, date(2026, 12, 9))
    before = dict(delivery.payload)

    assert not_now(db, delivery, TUESDAY_NOON) == Hold(TUESDAY_NOON + AWAY_RECHECK, away=True)
    assert delivery.payload == before
    assert ana.status is PersonStatus.PAUSED


def test_marking_a_delivery_held_away_keeps_its_payload(db: Session) -> None:
    _, delivery = queued(db)

    mark_held_away(delivery)

    assert delivery.payload == {
        "template": "manager_declined",
        "immediate": False,
        "manager_name": "Mira",
        "held_away": True,
    }


def test_a_time_away_that_ended_before_today_is_over(db: Session) -> None:
    ana, delivery = queued(db)
    away(ana, date(2026, 12, 7))

    end_time_away(db, delivery, TUESDAY_NOON)

    assert (ana.status, ana.paused_until, ana.updated_at) == (PersonStatus.ACTIVE, None, TUESDAY_NOON)
    assert not_now(db, delivery, TUESDAY_NOON) is None


def test_a_time_away_that_lasts_through_today_goes_on(db: Session) -> None:
    ana, delivery = queued(db)
    away(ana, date(2026, 12, 8))

    end_time_away(db, delivery, TUESDAY_NOON)

    assert (ana.status, ana.paused_until) == (PersonStatus.PAUSED, date(2026, 12, 8))


def test_an_answer_to_their_own_action_goes_at_once_and_touches_nobody(db: Session) -> None:
    ana, delivery = queued(db, immediate=True)
    away(ana, date(2026, 12, 7))

    end_time_away(db, delivery, TUESDAY_NIGHT)

    assert not_now(db, delivery, TUESDAY_NIGHT) is None
    assert ana.status is PersonStatus.PAUSED
