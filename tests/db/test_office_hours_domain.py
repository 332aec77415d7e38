"""Office hours against a real database: the insert race, who may host, planning that is idle when
nothing is due, and the export and forget of a person's office hours and bookings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain import office_hours_booking
from bot.domain.errors import NotAllowed
from bot.domain.export import build_export
from bot.domain.forget import forget
from bot.domain.office_hours import OfficeHoursInput, save_office_hours, set_active
from bot.domain.office_hours_booking import book, cancel
from bot.domain.outbox_payloads import OfficeHoursRefused, decode
from bot.domain.people import Profile
from bot.domain.schedule import plan
from bot.domain.workspaces import ensure_workspace
from bot.models import Delivery, DeliveryKind, DeliveryState, OfficeHours, OfficeHoursBooking, Workspace
from tests.support.people import ANA, LEO, MIRA, TEAM

NOW = datetime(2026, 10, 13, 8, 0, tzinfo=UTC)
SESSION = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # Thursday 15:00 in Berlin
HOST = Profile("UHANA", "Hana Weber", "Europe/Berlin")
FORM = OfficeHoursInput(
    weekday=3, start_minute=15 * 60, length_minutes=60, slots=2, channel_id="COFFICE", lead_minutes=1440, topic="growth"
)


def set_up(db: Session) -> OfficeHours:
    return save_office_hours(db, team_id=TEAM, host=HOST, form=FORM, now=NOW)


def bookings(db: Session) -> list[OfficeHoursBooking]:
    return list(db.scalars(select(OfficeHoursBooking).order_by(OfficeHoursBooking.id)))


def test_losing_the_insert_race_takes_the_next_free_slot(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    hours = set_up(db)
    book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)
    real = office_hours_booking.live_bookings
    reads: list[int] = []

    def stale_first(session: Session, **kwargs: object) -> list[OfficeHoursBooking]:
        # The first read misses Ana's booking, as a click racing hers would: slot 0 looks free.
        reads.append(1)
        return [] if len(reads) == 1 else real(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(office_hours_booking, "live_bookings", stale_first)

    mira = book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=MIRA, now=NOW)

    assert (mira.slot_index, len(reads)) == (1, 2)
    assert [(b.slot_index, b.live_slot) for b in bookings(db)] == [(0, 0), (1, 1)]


def test_a_cancelled_slot_can_be_booked_again(db: Session) -> None:
    hours = set_up(db)
    ana = book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)
    cancel(db, team_id=TEAM, booking_id=ana.id, actor_slack_id=ANA.slack_user_id, now=NOW)

    again = book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)

    assert [(b.slot_index, b.live_slot, b.cancelled_at is None) for b in bookings(db)] == [
        (0, None, False),
        (0, 0, True),
    ]
    assert again.slot_index == 0


def test_the_workspace_can_limit_who_hosts(db: Session) -> None:
    ensure_workspace(db, team_id=TEAM, now=NOW)
    workspace = db.get(Workspace, TEAM)
    assert workspace is not None
    workspace.office_hours_host_ids = [MIRA.slack_user_id]

    with pytest.raises(NotAllowed):
        set_up(db)
    assert save_office_hours(db, team_id=TEAM, host=MIRA, form=FORM, now=NOW).host_id is not None


def test_planning_again_queues_nothing_and_an_idle_pass_reads_no_office_hours(db: Session) -> None:
    hours = set_up(db)
    plan(db, now=NOW)
    kinds = sorted(d.kind.value for d in db.scalars(select(Delivery)))
    db.refresh(hours)

    # The sessions of the 15th and the 22nd are within the horizon; the 29th's announcement (the 28th,
    # 14:00 UTC after the clocks went back) enters it fifteen days before.
    assert kinds == ["office_hours_announcement"] * 2 + ["office_hours_list"] * 2
    assert hours.plan_after == datetime(2026, 10, 13, 14, 0, tzinfo=UTC)
    assert plan(db, now=NOW).queued == 0
    assert len(list(db.scalars(select(Delivery)))) == 4


def test_export_lists_hosted_office_hours_and_bookings(db: Session) -> None:
    hours = set_up(db)
    book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)

    host_doc = build_export(db, team_id=TEAM, slack_user_id=HOST.slack_user_id, now=NOW)
    ana_doc = build_export(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)

    assert host_doc is not None
    assert ana_doc is not None
    assert "You hold office hours: Thursdays at 15:00 your time, 60 minutes, 2 slots" in host_doc.markdown
    assert "Ana" not in host_doc.markdown  # who booked is the booker's to export, not the host's
    assert "Office hours with Hana Weber on " in ana_doc.markdown
    assert "slot 1: booked" in ana_doc.markdown


def test_forgetting_the_booker_frees_the_slot_and_redraws_the_count(db: Session) -> None:
    hours = set_up(db)
    book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)
    book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=LEO, now=NOW)

    forget(db, team_id=TEAM, slack_user_id=ANA.slack_user_id, now=NOW)

    assert [b.booker_id for b in bookings(db)] == [bookings(db)[0].booker_id]
    assert len(bookings(db)) == 1
    redraws = [d for d in db.scalars(select(Delivery)) if d.kind is DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT]
    assert any(d.idempotency_key.endswith(":removed") for d in redraws)


def test_forgetting_the_host_removes_their_office_hours_and_cancels_what_is_queued(db: Session) -> None:
    hours = set_up(db)
    book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)
    plan(db, now=NOW)

    forget(db, team_id=TEAM, slack_user_id=HOST.slack_user_id, now=NOW)

    assert list(db.scalars(select(OfficeHours))) == []
    assert bookings(db) == []
    pending = [d for d in db.scalars(select(Delivery)) if d.state is DeliveryState.PENDING]
    assert [d.kind for d in pending if d.kind is not DeliveryKind.NOTICE] == []


def test_a_channel_that_is_gone_pauses_the_office_hours_and_tells_the_host_once(db: Session) -> None:
    hours = set_up(db)
    plan(db, now=NOW)
    announcement = next(d for d in db.scalars(select(Delivery)) if d.kind is DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT)
    announcement.state, announcement.last_error = DeliveryState.FAILED, "channel_not_found"
    announcement.updated_at = NOW
    db.refresh(hours)
    hours.plan_after = NOW

    plan(db, now=NOW)
    plan(db, now=NOW)

    told = [d for d in db.scalars(select(Delivery)) if d.kind is DeliveryKind.NOTICE]
    assert (hours.active, len(told)) == (False, 1)
    assert decode(OfficeHoursRefused, told[0].payload).reason == "channel_not_found"


def _ended_notices(db: Session) -> list[Delivery]:
    return [
        d
        for d in db.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE))
        if (d.payload or {}).get("template") == "office_hours_ended"
    ]


def test_pausing_office_hours_cancels_upcoming_bookings_and_tells_each_booker(db: Session) -> None:
    hours = set_up(db)
    ana = book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)

    set_active(db, team_id=TEAM, slack_user_id=HOST.slack_user_id, active=False, now=NOW)

    assert (ana.live_slot, ana.cancelled_at) == (None, NOW)
    [told] = _ended_notices(db)
    assert told.recipient_id == ana.booker_id


def test_moving_office_hours_to_another_day_cancels_bookings_of_the_old_day_only_once(db: Session) -> None:
    hours = set_up(db)
    ana = book(db, team_id=TEAM, hours_id=hours.id, session_at=SESSION, booker=ANA, now=NOW)
    save_office_hours(db, team_id=TEAM, host=HOST, form=replace(FORM, topic="careers"), now=NOW)
    # Same day and time: the booking stands.
    assert ana.live_slot == 0
    assert _ended_notices(db) == []

    save_office_hours(db, team_id=TEAM, host=HOST, form=replace(FORM, weekday=4), now=NOW)
    save_office_hours(db, team_id=TEAM, host=HOST, form=replace(FORM, weekday=2), now=NOW)

    assert ana.live_slot is None
    assert [d.recipient_id for d in _ended_notices(db)] == [ana.booker_id]
