"""The "still waiting" nudge end to end: an ask Ana shared with Mira, left open 30 days, reaches Mira once,
in her hours, by DM; not again within 30 days, not after an answer, held while she is away, snoozable.
The tick plans and delivers against the fake Slack; the clock is moved, never slept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.db import SessionFactory
from bot.domain.asks import answer_yes
from bot.models import AskState, DeliveryState
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from tests.conftest import TEAM_ID, FakeClock
from tests.support.asks_flow import answer_values
from tests.support.asks_follow import ask_by_id, nudges, open_ask
from tests.support.fake_slack import FakeSlack
from tests.support.reminders_flow import choose, option_value, run_at
from tests.support.reminders_flow import paired as paired
from tests.support.signed import SignedSlack

MIRA_DM = "DUMIRA"
# Opened Mon 23 Nov 15:00 UTC; 30 days later is Wed 23 Dec, 10:00 in New York (the reminder minute) = 15:00 UTC.
OPENED = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
FIRST = datetime(2026, 12, 23, 15, 0, tzinfo=UTC)
SECOND = datetime(2027, 1, 22, 15, 0, tzinfo=UTC)  # Fri 22 Jan, 60 days open
NUDGE = "<@UANA> is still waiting for your answer to their ask (a mentor): {days} days now."


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA", name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user("UMIRA", name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user("UKAI", name="kai", real_name="Kai Turner", tz="Australia/Sydney")


@pytest.fixture
def ask_id(paired: None, sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return open_ask(session, team_id=TEAM_ID, employee="UANA", asked="UMIRA", opened_at=OPENED).id


def nudges_seen(fake_slack: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake_slack.messages(channel=MIRA_DM) if "still waiting" in m["text"]]


def run_through(sessions: SessionFactory, relay: Relay, clock: FakeClock, *moments: datetime) -> None:
    for moment in moments:
        run_at(sessions, relay, clock, moment)


def answer(sessions: SessionFactory, ask_id: int, at: datetime) -> None:
    """Mira says yes (through the ask ledger's own answer step, as her answer button does)."""
    with sessions.begin() as session:
        answer_yes(
            session, team_id=TEAM_ID, ask_id=ask_id, actor_slack_id="UMIRA", next_step="Let's find you a mentor", now=at
        )


def test_an_ask_open_30_days_nudges_the_person_asked_once_in_their_hours(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC), FIRST - timedelta(minutes=1))
    assert nudges_seen(fake_slack) == []

    run_through(sessions, relay, clock, FIRST, FIRST, FIRST + timedelta(hours=1), FIRST + timedelta(days=2))

    [nudge] = nudges_seen(fake_slack)
    assert nudge["text"] == NUDGE.format(days=30)
    assert "`/career-prep asks`" in str(nudge["blocks"])
    assert "Someone who has led" not in str(nudge["blocks"])  # the kind only, never the detail
    assert ask_by_id(sessions, ask_id).nudged_at == FIRST
    with sessions.begin() as session:
        assert [(d.state, d.sent_at) for d in nudges(session)] == [(DeliveryState.SENT, FIRST)]


def test_no_second_nudge_within_30_days_then_one_after_and_none_once_answered(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC), FIRST)
    weekly = [FIRST + timedelta(days=d) for d in range(1, 30, 3)]
    run_through(sessions, relay, clock, *weekly, SECOND - timedelta(minutes=1))
    assert len(nudges_seen(fake_slack)) == 1

    run_through(sessions, relay, clock, SECOND)
    assert [m["text"] for m in nudges_seen(fake_slack)] == [NUDGE.format(days=30), NUDGE.format(days=60)]

    answer(sessions, ask_id, SECOND + timedelta(days=3))
    third = OPENED + timedelta(days=90)
    run_through(sessions, relay, clock, SECOND + timedelta(days=10), third, third + timedelta(days=1))
    assert len(nudges_seen(fake_slack)) == 2


def test_an_ask_answered_after_its_nudge_was_queued_is_not_nudged(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC))
    with sessions.begin() as session:
        assert [d.state for d in nudges(session)] == [DeliveryState.PENDING]  # planned ahead

    answer(sessions, ask_id, FIRST - timedelta(days=1))
    run_through(sessions, relay, clock, FIRST, FIRST + timedelta(days=1))

    assert nudges_seen(fake_slack) == []
    with sessions.begin() as session:
        [held] = nudges(session)
        assert (held.state, held.last_error) == (DeliveryState.CANCELLED, "the ask was answered or taken back")


def test_a_nudge_due_on_a_weekend_waits_for_monday_morning(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, paired: None
) -> None:
    with sessions.begin() as session:
        # 30 days after Fri 27 Nov is Sun 27 Dec: the nudge goes Mon 28 Dec, 10:00 in New York.
        open_ask(
            session, team_id=TEAM_ID, employee="UANA", asked="UMIRA", opened_at=datetime(2026, 11, 27, 15, tzinfo=UTC)
        )
    monday = datetime(2026, 12, 28, 15, 0, tzinfo=UTC)
    run_through(sessions, relay, clock, datetime(2026, 12, 20, 12, tzinfo=UTC), monday - timedelta(days=1))
    assert nudges_seen(fake_slack) == []

    run_through(sessions, relay, clock, monday)
    assert len(nudges_seen(fake_slack)) == 1


def test_a_paused_manager_gets_the_nudge_after_their_time_away(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    clock.set(datetime(2026, 12, 21, 15, tzinfo=UTC))
    assert slack.command("UMIRA", "pause until 2026-12-28").status == 200

    run_through(sessions, relay, clock, FIRST, FIRST + timedelta(days=2), datetime(2026, 12, 28, 20, tzinfo=UTC))
    assert nudges_seen(fake_slack) == []

    run_through(sessions, relay, clock, datetime(2026, 12, 29, 15, tzinfo=UTC))  # Tue 29 Dec, 10:00 in New York
    [nudge] = nudges_seen(fake_slack)
    assert nudge["text"] == NUDGE.format(days=36)

    # The next one waits 30 days from this late one, not for the 60-day mark (Fri 22 Jan): Thu 28 Jan.
    run_through(sessions, relay, clock, SECOND, datetime(2027, 1, 28, 14, 59, tzinfo=UTC))
    assert len(nudges_seen(fake_slack)) == 1
    run_through(sessions, relay, clock, datetime(2027, 1, 28, 15, tzinfo=UTC))
    assert [m["text"] for m in nudges_seen(fake_slack)][1:] == [NUDGE.format(days=66)]


def test_the_nudge_can_be_snoozed_and_comes_back_once(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC), FIRST)
    [nudge] = nudges_seen(fake_slack)
    clock.set(FIRST + timedelta(minutes=20))

    assert choose(slack, fake_slack, "UMIRA", nudge, option_value(nudge, "tomorrow")).status == 200

    tomorrow = FIRST + timedelta(days=1, hours=-1)  # Thu 24 Dec, 09:00 in New York
    run_through(sessions, relay, clock, tomorrow, tomorrow + timedelta(days=1), FIRST + timedelta(days=20))
    # The first was replaced in place by the snooze note; the copy came back once.
    assert [m["text"] for m in nudges_seen(fake_slack)] == [NUDGE.format(days=30)]
    with sessions.begin() as session:
        sent = [d.sent_at for d in nudges(session) if d.state is DeliveryState.SENT]
    assert sent == [FIRST, tomorrow]


def answer_button(nudge: dict[str, Any]) -> tuple[str, str]:
    """The block id and value of the nudge's Answer button."""
    for block in nudge["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == Action.ASK_ANSWER:
                return str(block.get("block_id", "actions")), str(element["value"])
    raise AssertionError("no Answer button in the nudge")


def test_answering_from_the_nudge_closes_the_ask_and_ends_the_nudges(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC), FIRST)
    [nudge] = nudges_seen(fake_slack)
    block_id, value = answer_button(nudge)
    clock.set(FIRST + timedelta(minutes=10))

    assert slack.click("UMIRA", Action.ASK_ANSWER, value, message=nudge, block_id=block_id).status == 200
    form = fake_slack.last_view()
    assert slack.submit_view("UMIRA", form, answer_values("yes", "Let's find you a mentor")).status == 200

    answered = ask_by_id(sessions, ask_id)
    assert (answered.state, answered.answer_text) == (AskState.YES, "Let's find you a mentor")
    run_through(sessions, relay, clock, SECOND, SECOND + timedelta(days=1), OPENED + timedelta(days=95))
    assert len(nudges_seen(fake_slack)) == 1


def test_someone_else_cannot_answer_from_the_nudge(
    slack: SignedSlack, sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock, ask_id: int
) -> None:
    run_through(sessions, relay, clock, datetime(2026, 12, 10, 12, tzinfo=UTC), FIRST)
    [nudge] = nudges_seen(fake_slack)
    block_id, value = answer_button(nudge)
    views_before = len(fake_slack.calls_to("views.open"))

    for intruder in ("UKAI", "UANA"):
        assert slack.click(intruder, Action.ASK_ANSWER, value, message=nudge, block_id=block_id).status == 200

    assert len(fake_slack.calls_to("views.open")) == views_before
    assert ask_by_id(sessions, ask_id).state is AskState.OPEN
