"""Leadership office hours end to end: set up by signed command and form, announced in the channel by the
tick at the host's lead time, booked, cancelled and rebooked over signed clicks, across the autumn DST change
in Berlin, a holiday skipping one session, and the host's morning list; the clock is moved, never slept."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.workspace_settings import apply_settings
from bot.models import OfficeHoursBooking
from bot.scheduling.relay import Relay
from bot.slack.ids import Action, Block
from tests.conftest import TEAM_ID, FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.office_hours_flow import (
    ANA,
    BO,
    CHANNEL,
    EVE,
    HOST,
    NOT_IN,
    add_people_and_channels,
    answer_of,
    button,
    buttons,
    form_values,
    open_form,
    shown,
    tick_at,
)
from tests.support.signed import SignedSlack

START = datetime(2026, 10, 13, 8, 0, tzinfo=UTC)  # a Tuesday; Berlin is on summer time (UTC+2)
FIRST = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # Thursday 15:00 in Berlin, summer time
AFTER_DST = datetime(2026, 10, 29, 14, 0, tzinfo=UTC)  # Thursday 15:00 in Berlin, winter time (UTC+1)
HOLIDAY = "2026-10-22"  # the Thursday in between


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack, clock: FakeClock) -> None:
    add_people_and_channels(fake_slack)
    clock.set(START)


def set_up(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    response = slack.submit_view(HOST, open_form(slack, fake_slack), form_values())
    assert response.status == 200
    saved = answer_of(response.body)
    assert saved["response_action"] == "update"
    assert "Thu 15 Oct 2026, 15:00 (Europe/Berlin)" in str(saved["view"])
    with sessions.begin() as session:
        apply_settings(session, team_id=TEAM_ID, assignments=[f"holidays={HOLIDAY}"], now=START)


def announcements(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return fake_slack.messages(channel=CHANNEL)


def dms(fake_slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    return fake_slack.messages(channel="D" + user)


def click_book(slack: SignedSlack, user: str, post: dict[str, Any]) -> None:
    book = button(post, Action.OFFICE_HOURS_BOOK)
    assert book is not None
    assert slack.click(user, Action.OFFICE_HOURS_BOOK, book["value"], message=post).status == 200


def last_reply(fake_slack: FakeSlack) -> str:
    return str(fake_slack.responses[-1].get("text", ""))


def live(sessions: SessionFactory) -> list[tuple[str, int]]:
    with sessions.begin() as session:
        rows = session.scalars(select(OfficeHoursBooking).where(OfficeHoursBooking.live_slot.is_not(None)))
        return sorted((str(b.session_at.isoformat()), b.slot_index) for b in rows)


def test_the_form_refuses_a_channel_the_bot_is_not_in(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    response = slack.submit_view(HOST, open_form(slack, fake_slack), form_values(channel=NOT_IN))

    errors = answer_of(response.body)["errors"]
    assert "not a member" in errors[Block.OFFICE_HOURS_CHANNEL]
    assert fake_slack.last("conversations.info").params["channel"] == NOT_IN


def test_announced_booked_cancelled_rebooked_across_dst_and_a_holiday(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack, sessions)

    # Nothing before the lead time (one day before the session); the announcement at it.
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 12, 59, tzinfo=UTC))
    assert announcements(fake_slack) == []
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 0, tzinfo=UTC))
    [post] = announcements(fake_slack)
    assert f"<!date^{int(FIRST.timestamp())}^" in shown(post)
    assert "Thu 15 Oct 2026, 15:00 (Europe/Berlin)" in shown(post)
    assert "2 of 2 slots left" in shown(post)
    assert "moving into management" in shown(post)

    # Ana books: the next free slot, confirmed ephemerally and by DM, in New York time.
    click_book(slack, ANA, post)
    assert "Thu 15 Oct 2026, 09:00 (America/New_York)" in last_reply(fake_slack)
    confirmation = dms(fake_slack, ANA)[-1]
    assert "Thu 15 Oct 2026, 09:00 (America/New_York)" in confirmation["text"]
    [redrawn] = announcements(fake_slack)
    assert (redrawn["ts"], redrawn["updated"]) == (post["ts"], True)
    assert "1 of 2 slots left" in shown(redrawn)
    assert ANA not in shown(redrawn)  # the channel sees counts, never who booked

    # A second click by Ana does not take a second slot; Bo takes the last one (30 minutes later).
    click_book(slack, ANA, post)
    assert "already have a slot" in last_reply(fake_slack)
    click_book(slack, BO, post)
    assert "Thu 15 Oct 2026, 19:00 (Asia/Kolkata)" in last_reply(fake_slack)
    [full] = announcements(fake_slack)
    assert "Full" in shown(full)
    assert button(full, Action.OFFICE_HOURS_BOOK) is None
    assert (ANA not in shown(full), BO not in shown(full)) == (True, True)

    # Eve clicks the old button: full, said plainly. She cannot cancel Ana's booking either.
    click_book(slack, EVE, post)
    assert "session is full" in last_reply(fake_slack)
    cancel_ana = button(confirmation, Action.OFFICE_HOURS_CANCEL)
    assert cancel_ana is not None
    slack.click(EVE, Action.OFFICE_HOURS_CANCEL, cancel_ana["value"])
    assert len(live(sessions)) == 2
    assert [m for m in dms(fake_slack, HOST) if "cancelled" in m["text"]] == []

    # Ana cancels from her confirmation: the slot is free again and the host is told.
    assert slack.click(ANA, Action.OFFICE_HOURS_CANCEL, cancel_ana["value"], message=confirmation).status == 200
    assert "Cancelled" in dms(fake_slack, ANA)[-1]["text"]
    [freed] = announcements(fake_slack)
    assert "1 of 2 slots left" in shown(freed)
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 10, tzinfo=UTC))
    assert f"<@{ANA}> cancelled" in dms(fake_slack, HOST)[-1]["text"]

    # … and rebooks: first come, first served gives her the free slot, the first one.
    click_book(slack, ANA, freed)
    assert "09:00 (America/New_York)" in last_reply(fake_slack)
    assert live(sessions) == [(FIRST.isoformat(), 0), (FIRST.isoformat(), 1)]

    # The host's list the morning of the session, at the start of her working day (09:00 in Berlin).
    before = len(dms(fake_slack, HOST))
    tick_at(clock, sessions, relay, datetime(2026, 10, 15, 6, 59, tzinfo=UTC))
    assert len(dms(fake_slack, HOST)) == before
    tick_at(clock, sessions, relay, datetime(2026, 10, 15, 7, 0, tzinfo=UTC))
    listing = dms(fake_slack, HOST)[-1]
    assert "2 of 2 slots booked" in listing["text"]
    assert f"<@{ANA}>" in shown(listing)
    assert f"<@{BO}>" in shown(listing)

    # The host cancels Bo's slot from the list; Bo is told, the list is redrawn without him.
    cancel_bo = buttons(listing, Action.OFFICE_HOURS_CANCEL)[1]
    assert slack.click(HOST, Action.OFFICE_HOURS_CANCEL, cancel_bo["value"], message=listing).status == 200
    redrawn_list = dms(fake_slack, HOST)[-1]
    assert (redrawn_list["ts"], redrawn_list["updated"]) == (listing["ts"], True)
    assert f"Cancelled the slot at Thu 15 Oct 2026, 15:30 (Europe/Berlin). I'll let <@{BO}> know" in shown(redrawn_list)
    assert [b["value"] for b in buttons(redrawn_list, Action.OFFICE_HOURS_CANCEL)] == [
        buttons(listing, Action.OFFICE_HOURS_CANCEL)[0]["value"]
    ]
    tick_at(clock, sessions, relay, datetime(2026, 10, 15, 7, 5, tzinfo=UTC))
    assert f"<@{HOST}> had to cancel" in dms(fake_slack, BO)[-1]["text"]

    # Eve takes the freed slot after the list went out: the host hears of it on its own, with a Cancel button.
    click_book(slack, EVE, announcements(fake_slack)[0])
    tick_at(clock, sessions, relay, datetime(2026, 10, 15, 7, 10, tzinfo=UTC))
    late = dms(fake_slack, HOST)[-1]
    assert f"New booking for your office hours: <@{EVE}> at Thu 15 Oct 2026, 15:30 (Europe/Berlin)" in late["text"]
    assert button(late, Action.OFFICE_HOURS_CANCEL) is not None

    # The holiday skips the 22nd: nothing is announced the day before.
    tick_at(clock, sessions, relay, datetime(2026, 10, 21, 13, 0, tzinfo=UTC))
    assert len(announcements(fake_slack)) == 1

    # After the clocks went back, the session is still at 15:00 in Berlin: an hour later in UTC.
    tick_at(clock, sessions, relay, datetime(2026, 10, 28, 13, 59, tzinfo=UTC))
    assert len(announcements(fake_slack)) == 1
    tick_at(clock, sessions, relay, datetime(2026, 10, 28, 14, 0, tzinfo=UTC))
    second = announcements(fake_slack)[-1]
    assert f"<!date^{int(AFTER_DST.timestamp())}^" in shown(second)
    assert "Thu 29 Oct 2026, 15:00 (Europe/Berlin)" in shown(second)
    click_book(slack, ANA, second)
    # New York is still on summer time that day, so for Ana it is an hour later than two weeks before.
    assert "Thu 29 Oct 2026, 10:00 (America/New_York)" in last_reply(fake_slack)


def test_a_third_party_cannot_cancel_and_is_told_why(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack, sessions)
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 0, tzinfo=UTC))
    click_book(slack, ANA, announcements(fake_slack)[0])
    cancel = button(dms(fake_slack, ANA)[-1], Action.OFFICE_HOURS_CANCEL)
    assert cancel is not None

    message = dms(fake_slack, ANA)[-1]
    response = slack.click(EVE, Action.OFFICE_HOURS_CANCEL, cancel["value"], message={**message, "channel": "D" + EVE})

    assert response.status == 200
    assert "Only the person who booked" in last_reply(fake_slack)
    assert live(sessions) == [(FIRST.isoformat(), 0)]


def test_office_hours_off_skips_sessions_and_on_brings_them_back(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack, sessions)
    assert slack.command(HOST, "office-hours off").status == 200
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 0, tzinfo=UTC))
    assert announcements(fake_slack) == []

    clock.set(datetime(2026, 10, 15, 14, 0, tzinfo=UTC))
    assert slack.command(HOST, "office-hours on").status == 200
    tick_at(clock, sessions, relay, datetime(2026, 10, 28, 14, 0, tzinfo=UTC))
    assert [p["ts"] for p in announcements(fake_slack)] != []
    assert "Thu 29 Oct 2026, 15:00 (Europe/Berlin)" in shown(announcements(fake_slack)[-1])


def test_a_channel_that_refuses_the_announcement_is_told_to_the_host(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack, sessions)
    fake_slack.fail_for_channel(CHANNEL, "not_in_channel")  # someone removed the bot from the channel

    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 0, tzinfo=UTC))
    assert announcements(fake_slack) == []
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 5, tzinfo=UTC))

    told = dms(fake_slack, HOST)[-1]["text"]
    assert f"couldn't announce your office hours in <#{CHANNEL}>" in told
    assert "/invite @Career Prep" in told
    tick_at(clock, sessions, relay, datetime(2026, 10, 15, 13, 0, tzinfo=UTC))
    assert len([m for m in dms(fake_slack, HOST) if "couldn't announce" in m["text"]]) == 1  # told once


def test_a_host_who_is_forgotten_takes_the_announcement_and_the_sessions_with_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    set_up(slack, fake_slack, sessions)
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 0, tzinfo=UTC))
    click_book(slack, ANA, announcements(fake_slack)[0])

    view = open_forget(slack, fake_slack, HOST)
    assert slack.submit_view(HOST, view, TICKED).status == 200
    tick_at(clock, sessions, relay, datetime(2026, 10, 14, 13, 30, tzinfo=UTC))

    assert announcements(fake_slack) == []  # the channel post (the host's name and words) was deleted
    assert CHANNEL in {c.params["channel"] for c in fake_slack.calls_to("chat.delete")}
    assert "won't take place" in dms(fake_slack, ANA)[-1]["text"]
    assert HOST not in shown(dms(fake_slack, ANA)[-1])
    assert live(sessions) == []
