"""Snooze and pause end to end: signed `/career-prep pause|resume` commands and snooze menu choices into
the real Bolt app against the fake Slack, with the tick planning and delivering reminders at set times."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import find_person
from bot.models import Delivery, DeliveryKind, DeliveryState, Person, PersonStatus
from bot.scheduling.relay import Relay
from bot.slack.time_args import parse_until
from bot.slack.values import SnoozeRef, encode
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.reminders_flow import (
    ANA_DM,
    PREP_DUE,
    choose,
    option_value,
    run_at,
    sent_prep_reminder,
    snooze_menu,
)
from tests.support.reminders_flow import paired as paired
from tests.support.signed import SignedSlack

EVE = "UEVE"

PAUSED_TEXT = ":palm_tree: Reminders are paused {when}. Anything that still matters afterwards will reach you then."


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA", name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user("UMIRA", name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UKAI", name="kai", real_name="Kai Turner", tz="Australia/Sydney")
    fake_slack.add_user(EVE, name="eve", real_name="Eve Outsider", tz="UTC")


def ana(sessions: SessionFactory) -> Person:
    with sessions.begin() as session:
        found = find_person(session, team_id=TEAM_ID, slack_user_id="UANA")
        assert found is not None
        return found


def reply(fake_slack: FakeSlack) -> str:
    answer = fake_slack.responses[-1]
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


def warned(fake_slack: FakeSlack) -> bool:
    """The last ephemeral answer is shown as a warning."""
    return str(fake_slack.responses[-1]["blocks"][0]["text"]["text"]).startswith(":warning: ")


def deliveries(sessions: SessionFactory, kind: DeliveryKind) -> list[Delivery]:
    with sessions.begin() as session:
        return list(session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)))


# -- /career-prep pause and resume ---------------------------------------------------------------------------


@pytest.mark.usefixtures("paired")
@pytest.mark.parametrize(
    ("text", "until", "when"),
    [
        ("pause until 2026-12-24", date(2026, 12, 24), "through Thu 24 Dec 2026"),
        ("pause Until   2026-12-24 ", date(2026, 12, 24), "through Thu 24 Dec 2026"),
        ("pause 2026-11-23", date(2026, 11, 23), "through Mon 23 Nov 2026"),  # today is fine
        ("pause for 2 weeks", date(2026, 12, 6), "through Sun 6 Dec 2026"),  # 14 days, today included
        ("pause for 1 day", date(2026, 11, 23), "through Mon 23 Nov 2026"),
        ("pause 3d", date(2026, 11, 25), "through Wed 25 Nov 2026"),
        ("pause until 2027-03-23", date(2027, 3, 23), "through Tue 23 Mar 2027"),  # 120 days ahead: the limit
        ("pause", None, "until you run `/career-prep resume`"),
    ],
)
def test_pause_holds_reminders_through_the_day_given(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, text: str, until: date | None, when: str
) -> None:
    response = slack.command("UANA", text)

    assert response.status == 200
    assert reply(fake_slack) == PAUSED_TEXT.format(when=when)
    person = ana(sessions)
    assert (person.status, person.paused_until) == (PersonStatus.PAUSED, until)


@pytest.mark.usefixtures("paired")
def test_the_days_count_from_the_persons_own_today(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    # Mon 23 Nov 14:00 UTC is already Tuesday 01:00 in Sydney.
    slack.command("UKAI", "pause for 1 day")
    assert reply(fake_slack) == PAUSED_TEXT.format(when="through Tue 24 Nov 2026")

    slack.command("UKAI", "pause until 2026-11-23")
    assert reply(fake_slack) == "That date has passed. Pick a day from today on."


@pytest.mark.usefixtures("paired")
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "pause tomorrow",
            "I didn't understand `tomorrow`. Try `/career-prep pause until 2026-12-24`, "
            "`/career-prep pause for 2 weeks`, or just `/career-prep pause`.",
        ),
        ("pause for a while", "I didn't understand `for a while`."),
        ("pause until 24/12/2026", "I didn't understand `until 24/12/2026`."),
        ("pause until 2026-02-30", "2026-02-30 is not a date. Try `/career-prep pause until 2026-12-24`"),
        ("pause until 2026-11-22", "That date has passed. Pick a day from today on."),
        ("pause for 18 weeks", "Pick a day within the next 120 days."),
        ("pause until 2027-03-24", "Pick a day within the next 120 days."),
        ("pause for 122 days", "Pick a day within the next 120 days."),
    ],
)
def test_pause_with_input_it_cannot_use_says_how_and_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, text: str, message: str
) -> None:
    response = slack.command("UANA", text)

    assert response.status == 200
    assert reply(fake_slack).startswith(message)
    assert warned(fake_slack)
    person = ana(sessions)
    assert (person.status, person.paused_until) == (PersonStatus.ACTIVE, None)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", None),
        ("until 2026-12-24", date(2026, 12, 24)),
        ("for 17 weeks", date(2027, 3, 21)),  # 119 days, today included
        ("2 w", date(2026, 12, 6)),
        ("10 days", date(2026, 12, 2)),
        ("for 0 days", date(2026, 11, 23)),
    ],
)
def test_parse_until(args: str, expected: date | None) -> None:
    assert parse_until(args, date(2026, 11, 23)) == expected


def test_someone_not_set_up_has_nothing_to_pause(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    slack.command(EVE, "pause for 1 week")

    assert reply(fake_slack) == "You haven't set up your 1:1s yet, so there is nothing to pause."


@pytest.mark.usefixtures("paired")
def test_a_paused_person_gets_no_reminder_and_resume_brings_it_back(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    slack.command("UANA", "pause")
    run_at(sessions, relay, clock, datetime(2026, 11, 24, 12, tzinfo=UTC))  # plans December

    assert run_at(sessions, relay, clock, PREP_DUE) == 0
    assert fake_slack.messages(channel=ANA_DM) == []

    clock.set(PREP_DUE + timedelta(hours=2))  # Fri 4 Dec 12:00 CET
    slack.command("UANA", "resume")

    assert reply(fake_slack) == "Welcome back. Reminders are on again."
    assert ana(sessions).status is PersonStatus.ACTIVE
    assert run_at(sessions, relay, clock, clock.now) == 1
    [message] = fake_slack.messages(channel=ANA_DM)
    assert message["text"] == "Your 1:1 is on Tue 8 Dec 2026, 15:30 (Europe/Berlin): time to prepare"
    assert run_at(sessions, relay, clock, clock.now + timedelta(hours=7)) == 0


@pytest.mark.usefixtures("paired")
def test_resume_without_a_pause_is_harmless(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command("UANA", "resume")

    assert reply(fake_slack) == "Welcome back. Reminders are on again."
    assert ana(sessions).status is PersonStatus.ACTIVE


# -- the snooze menu on a sent prep reminder ---------------------------------------------------------------


@pytest.mark.usefixtures("paired")
@pytest.mark.parametrize(
    ("until", "shown", "due"),
    [
        # Picked on Fri 4 Dec at 10:30 CET.
        ("hour", "Fri 4 Dec 2026, 11:30 (Europe/Berlin)", datetime(2026, 12, 4, 10, 30, tzinfo=UTC)),
        ("tomorrow", "Mon 7 Dec 2026, 09:00 (Europe/Berlin)", datetime(2026, 12, 7, 8, tzinfo=UTC)),
        ("week", "Mon 7 Dec 2026, 09:00 (Europe/Berlin)", datetime(2026, 12, 7, 8, tzinfo=UTC)),
    ],
)
def test_snoozing_replaces_the_reminder_in_place_and_it_comes_back_once(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    until: str,
    shown: str,
    due: datetime,
) -> None:
    reminder = sent_prep_reminder(sessions, relay, fake_slack, clock)
    clock.set(PREP_DUE + timedelta(minutes=30))

    response = choose(slack, fake_slack, "UANA", reminder, option_value(reminder, until))

    assert response.status == 200
    [snoozed] = fake_slack.messages(channel=ANA_DM)
    assert snoozed["ts"] == reminder["ts"]
    assert snoozed["text"] == f":zzz: Snoozed. I'll bring this back {shown}."
    assert [b["type"] for b in snoozed["blocks"]] == ["section"]
    assert len(fake_slack.calls_to("chat.update")) == 1
    assert fake_slack.responses == []

    assert run_at(sessions, relay, clock, due - timedelta(minutes=1)) == 0
    assert run_at(sessions, relay, clock, due) == 1
    for later in (due + timedelta(minutes=15), due + timedelta(hours=3), due + timedelta(days=1)):
        run_at(sessions, relay, clock, later)

    messages = fake_slack.messages(channel=ANA_DM)
    assert [m["text"] for m in messages] == [
        snoozed["text"],
        "Your 1:1 is on Tue 8 Dec 2026, 15:30 (Europe/Berlin): time to prepare",
    ]
    back = messages[1]
    assert snooze_menu(back)[1]["options"][0]["value"] != snooze_menu(reminder)[1]["options"][0]["value"]
    copies = deliveries(sessions, DeliveryKind.PREP_REMINDER)
    assert [(d.state, d.payload.get("snoozed"), d.sent_at) for d in copies] == [
        (DeliveryState.SENT, None, PREP_DUE),
        (DeliveryState.SENT, True, due),
    ]


@pytest.mark.usefixtures("paired")
@pytest.mark.parametrize("user", [EVE, "UMIRA"], ids=["outsider", "manager"])
def test_someone_else_cannot_snooze_the_reminder(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    user: str,
) -> None:
    reminder = sent_prep_reminder(sessions, relay, fake_slack, clock)
    [delivery] = deliveries(sessions, DeliveryKind.PREP_REMINDER)
    crafted = encode(SnoozeRef(delivery_id=delivery.id, until="week"))

    response = choose(slack, fake_slack, user, reminder, crafted)

    assert response.status == 200
    assert reply(fake_slack) == "Only the person a reminder is for can snooze it."
    assert fake_slack.responses[-1]["name"] == f"snooze-{user}"
    assert fake_slack.calls_to("chat.update") == []
    assert fake_slack.messages(channel=ANA_DM) == [reminder]
    assert len(deliveries(sessions, DeliveryKind.PREP_REMINDER)) == 1


@pytest.mark.usefixtures("paired")
def test_a_tampered_snooze_value_is_refused_as_out_of_date(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    reminder = sent_prep_reminder(sessions, relay, fake_slack, clock)

    choose(slack, fake_slack, "UANA", reminder, '{"delivery_id": "all", "until": "forever"}')

    assert reply(fake_slack).startswith("This button or form is out of date.")
    assert fake_slack.calls_to("chat.update") == []
    assert len(deliveries(sessions, DeliveryKind.PREP_REMINDER)) == 1


def menu_choices(message: dict[str, Any]) -> list[str]:
    _, menu = snooze_menu(message)
    return [json.loads(o["value"])["until"] for o in menu["options"]]


@pytest.mark.usefixtures("paired")
def test_a_prep_reminder_offers_only_snoozes_that_come_back_before_the_meeting(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    # Fri 4 Dec: next week starts Mon 7 Dec, still before the 1:1 on Tue 8 Dec at 15:30 (Berlin).
    reminder = sent_prep_reminder(sessions, relay, fake_slack, clock)
    assert menu_choices(reminder) == ["hour", "tomorrow", "week"]
    clock.set(PREP_DUE + timedelta(minutes=30))
    choose(slack, fake_slack, "UANA", reminder, option_value(reminder, "tomorrow"))
    # Back on Mon 7 Dec: "next week" would bring it back after the 1:1, so it is not offered.
    run_at(sessions, relay, clock, datetime(2026, 12, 7, 8, tzinfo=UTC))
    back = fake_slack.messages(channel=ANA_DM)[-1]
    assert menu_choices(back) == ["hour", "tomorrow"]
    [copy] = [d for d in deliveries(sessions, DeliveryKind.PREP_REMINDER) if d.state is DeliveryState.SENT][1:]
    crafted = encode(SnoozeRef(delivery_id=copy.id, until="week"))
    clock.set(datetime(2026, 12, 7, 8, 5, tzinfo=UTC))

    response = choose(slack, fake_slack, "UANA", back, crafted)

    assert response.status == 200
    assert "too late to be of use" in reply(fake_slack)
    assert len(deliveries(sessions, DeliveryKind.PREP_REMINDER)) == 2
    assert fake_slack.messages(channel=ANA_DM)[-1] == back
