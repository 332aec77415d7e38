"""Calendar invites end to end: set up, move and end a 1:1 series over signed HTTP, run the relay, and read
the .ics files the fake Slack received back with icalendar and vobject."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import Delivery, DeliveryKind, DeliveryState, OneOnOneSeries
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.invites import ics_files, invites, master, meetings, planned_meetings, read
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    answer_confirmation,
    open_prep,
    prep_values,
    set_up_pair,
)
from tests.support.request_flow import button, send_request
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import SignedSlack

UID = "series-{}.T0001@career-prep"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    add_people(fake_slack)


def settle(relay: Relay, clock: FakeClock) -> None:
    """Past the few minutes an invite waits for a correction; then the relay runs."""
    relay.run_once(clock.advance(minutes=11))


def series_id(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return session.scalars(select(OneOnOneSeries.id)).one()


def invite_states(sessions: SessionFactory) -> list[tuple[DeliveryState, str | None]]:
    with sessions.begin() as session:
        rows = session.scalars(
            select(Delivery).where(Delivery.kind == DeliveryKind.CALENDAR_INVITE).order_by(Delivery.id)
        )
        return [(d.state, d.last_error) for d in rows]


def test_a_new_monthly_series_reaches_both_calendars_at_its_local_time_across_dst(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)  # Ana (Berlin): 2nd Tuesday monthly from 8 Dec 2026, 15:30; Mira confirms
    assert ics_files(fake_slack, EMPLOYEE) == []  # it waits a few minutes for a correction

    settle(relay, clock)

    [for_ana] = ics_files(fake_slack, EMPLOYEE)
    [for_mira] = ics_files(fake_slack, MANAGER)
    calendar, parsed = read(for_ana)
    assert calendar["METHOD"] == "REQUEST"
    event = master(calendar)
    assert event["UID"] == UID.format(series_id(sessions))
    assert event["SUMMARY"] == "1:1 with mira"
    assert "/career-prep prep" in event["DESCRIPTION"]
    # Back to prep: Ana's DM with the bot (known since her setup notice) opens from the event.
    assert event["URL"] == f"https://slack.com/app_redirect?team=T0001&channel=D{EMPLOYEE}"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # vobject, a second reader, expands the rule: 15:30 in Berlin every time, CET then CEST (28 Mar 2027).
    starts = list(parsed.vevent.getrruleset())[:6]
    assert [s.date() for s in starts] == [
        date(2026, 12, 8),
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
        date(2027, 5, 11),
    ]
    assert {(s.hour, s.minute) for s in starts} == {(15, 30)}
    assert [s.astimezone(UTC).hour for s in starts] == [14, 14, 14, 14, 13, 13]
    # Mira's copy is the same event, titled for her, in Ana's zone.
    mira_calendar, _ = read(for_mira)
    assert master(mira_calendar)["UID"] == event["UID"]
    assert master(mira_calendar)["SUMMARY"] == "1:1 with ana"
    assert master(mira_calendar)["SEQUENCE"] == event["SEQUENCE"]
    [message] = invites(fake_slack, MANAGER)
    assert f"<@{EMPLOYEE}>" in message["blocks"][0]["text"]["text"]
    assert "Tue 8 Dec 2026, 09:30 (America/New_York)" in message["blocks"][0]["text"]["text"]
    assert fake_slack.violations == []


def test_an_accepted_meeting_request_raises_the_sequence_and_adds_that_meeting(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    settle(relay, clock)
    [first] = ics_files(fake_slack, EMPLOYEE)
    dm = send_request(slack, fake_slack)  # Thursday 26 Nov, 10:00 in Berlin, instead of 8 Dec

    slack.click(MANAGER, Action.REQUEST_ACCEPT, button(dm, Action.REQUEST_ACCEPT)["value"], message=dm)
    settle(relay, clock)

    for user in (EMPLOYEE, MANAGER):
        before, after = ics_files(fake_slack, user)
        old, new = master(read(before)[0]), master(read(after)[0])
        assert new["UID"] == old["UID"]
        assert new["SEQUENCE"] > old["SEQUENCE"]
    assert first == ics_files(fake_slack, EMPLOYEE)[0]
    # The bot plans the meeting after a moved one at the rule's next date after it: 8 December stays,
    # so the earlier meeting is one more date on the series (RDATE), not an override of 8 December.
    berlin = ZoneInfo("Europe/Berlin")
    assert meetings(ics_files(fake_slack, EMPLOYEE)[1], clock.now, 3) == [
        datetime(2026, 11, 26, 10, 0, tzinfo=berlin).astimezone(UTC),
        datetime(2026, 12, 8, 15, 30, tzinfo=berlin).astimezone(UTC),
        datetime(2027, 1, 12, 15, 30, tzinfo=berlin).astimezone(UTC),
    ]
    with sessions() as session:
        assert meetings(ics_files(fake_slack, EMPLOYEE)[1], clock.now, 3) == planned_meetings(session, clock.now, 3)


def test_a_manager_who_says_not_me_ends_the_series_with_a_cancel(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack, confirm=False)
    settle(relay, clock)
    assert len(ics_files(fake_slack, EMPLOYEE)) == 1
    assert ics_files(fake_slack, MANAGER) == []  # not hers until she confirms

    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)
    settle(relay, clock)

    request, cancel = ics_files(fake_slack, EMPLOYEE)
    cancelled, parsed = read(cancel)
    assert cancelled["METHOD"] == "CANCEL"
    assert master(cancelled)["STATUS"] == "CANCELLED"
    assert master(cancelled)["UID"] == master(read(request)[0])["UID"]
    assert master(cancelled)["SEQUENCE"] > master(read(request)[0])["SEQUENCE"]
    assert parsed.method.value == "CANCEL"
    assert ics_files(fake_slack, MANAGER) == []
    assert invites(fake_slack, EMPLOYEE)[-1]["text"] == "Your 1:1 series has ended"


def test_a_quick_correction_sends_one_invite_with_the_newest_time(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    clock.advance(minutes=3)
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values(at="16:00"))

    settle(relay, clock)

    [only] = ics_files(fake_slack, EMPLOYEE)
    assert master(read(only)[0])["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 12, 8, 16, 0)
    assert len(ics_files(fake_slack, MANAGER)) == 1
    superseded = "a newer invite for this series replaces it"
    # Ana's: at setup, again at Mira's yes, and at the correction; Mira's: at her yes and the correction.
    assert sorted(invite_states(sessions)) == sorted(
        [(DeliveryState.CANCELLED, superseded)] * 3 + [(DeliveryState.SENT, None)] * 2
    )


def test_saving_the_same_settings_again_sends_no_new_invite(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    settle(relay, clock)
    queued = invite_states(sessions)

    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values())
    settle(relay, clock)

    assert (len(ics_files(fake_slack, EMPLOYEE)), len(ics_files(fake_slack, MANAGER))) == (1, 1)
    assert invite_states(sessions) == queued


def test_a_new_manager_gets_the_series_once_they_confirm_and_the_old_one_a_cancel(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    settle(relay, clock)

    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values(manager="UPRIYA"))
    relay.run_once(clock.advance(hours=15))  # Priya's morning in Kolkata: her confirmation request goes
    assert ics_files(fake_slack, "UPRIYA") == []
    request = next(m for m in fake_slack.messages(channel="DUPRIYA") if m.get("blocks"))
    slack.click("UPRIYA", Action.MANAGER_CONFIRM, button(request, Action.MANAGER_CONFIRM)["value"], message=request)
    relay.run_once(clock.advance(hours=1))  # Priya's invite, ten minutes after her yes
    relay.run_once(clock.advance(hours=8))  # Mira's morning in New York: the cancel waited for it

    _, cancel = ics_files(fake_slack, MANAGER)
    assert read(cancel)[0]["METHOD"] == "CANCEL"
    assert master(read(cancel)[0])["SUMMARY"] == "1:1 with ana"
    [for_priya] = ics_files(fake_slack, "UPRIYA")
    assert read(for_priya)[0]["METHOD"] == "REQUEST"
    assert master(read(for_priya)[0])["UID"] == master(read(cancel)[0])["UID"]
    assert read(ics_files(fake_slack, EMPLOYEE)[-1])[0]["METHOD"] == "REQUEST"


def test_someone_who_leaves_takes_the_series_off_the_other_calendar_once(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    settle(relay, clock)

    slack.event({"type": "user_change", "user": {"id": EMPLOYEE, "name": "ana", "deleted": True}})
    clock.advance(minutes=1)
    slack.event({"type": "user_change", "user": {"id": EMPLOYEE, "name": "ana", "deleted": True}})
    settle(relay, clock)

    request, cancel = ics_files(fake_slack, MANAGER)
    assert read(cancel)[0]["METHOD"] == "CANCEL"
    assert master(read(cancel)[0])["UID"] == master(read(request)[0])["UID"]
    assert master(read(cancel)[0])["SEQUENCE"] > master(read(request)[0])["SEQUENCE"]
    assert len(ics_files(fake_slack, EMPLOYEE)) == 1  # nothing more to someone who left


def test_an_invite_holds_titles_and_times_only_never_prep_words(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    secret = "Quietly planning to move to the data team"
    set_up_pair(slack, fake_slack)
    slack.submit_view(EMPLOYEE, open_prep(slack, fake_slack), prep_values(direction=secret, grow_skills=secret))

    settle(relay, clock)

    files = ics_files(fake_slack, EMPLOYEE) + ics_files(fake_slack, MANAGER)
    assert len(files) == 2
    for raw in files:
        assert secret.encode() not in raw
        event = master(read(raw)[0])
        assert set(event) <= {
            "UID",
            "DTSTAMP",
            "SUMMARY",
            "DESCRIPTION",
            "DTSTART",
            "DURATION",
            "RRULE",
            "SEQUENCE",
            "STATUS",
            "TRANSP",
            "URL",
        }
    assert secret not in str(invites(fake_slack, MANAGER))


def test_an_employee_who_deletes_their_data_takes_the_series_off_the_managers_calendar(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up_pair(slack, fake_slack)
    settle(relay, clock)

    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)
    settle(relay, clock)

    with sessions.begin() as session:
        assert session.scalars(select(OneOnOneSeries)).all() == []
    request, cancel = ics_files(fake_slack, MANAGER)
    cancelled = master(read(cancel)[0])
    assert read(cancel)[0]["METHOD"] == "CANCEL"
    assert (cancelled["UID"], cancelled["STATUS"]) == (master(read(request)[0])["UID"], "CANCELLED")
    assert cancelled["SEQUENCE"] > master(read(request)[0])["SEQUENCE"]
    assert cancelled["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 12, 8, 15, 30)
    assert b"ana" not in cancel.lower()  # nothing names the person who asked to be forgotten
    assert EMPLOYEE not in str(invites(fake_slack, MANAGER)[-1])
