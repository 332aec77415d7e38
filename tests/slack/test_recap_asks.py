"""Open asks where the recap leads: the manager's 21-day check-in mentions what the employee still waits on
from them (count, oldest age, kinds; never the detail). Signed requests against the fake Slack; the clock is
moved, never slept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import Conversation
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from tests.conftest import TEAM_ID, FakeClock
from tests.support.asks_follow import open_ask
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, all_text, set_up_pair
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.signed import SignedSlack

CHECK_INS_DUE = datetime(2026, 12, 29, 15, 0, tzinfo=UTC)  # 21 days after the recap: 10:00 in New York
SHARED = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def after_the_meeting(slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    clock.set(datetime(*MEETING_OVER, tzinfo=UTC))


def asks_shared(sessions: SessionFactory, *kinds: str) -> list[int]:
    """Ana's asks to Mira from the prep she shared on 30 Nov, open."""
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation).order_by(Conversation.scheduled_at)).first()
        assert conversation is not None
        return [
            open_ask(
                session,
                team_id=TEAM_ID,
                employee=EMPLOYEE,
                asked=MANAGER,
                opened_at=SHARED + timedelta(hours=n),
                kind=kind,
                detail=f"SECRET detail {n}",
                conversation_id=conversation.id,
                position=n,
            ).id
            for n, kind in enumerate(kinds)
        ]


def check_in_of(fake_slack: FakeSlack, user: str) -> str:
    [message] = [m for m in fake_slack.messages(channel="D" + user) if "Checking in on what you agreed" in m["text"]]
    return all_text(message)


def test_the_managers_check_in_names_the_asks_still_waiting_on_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    asks_shared(sessions, "mentor", "training", "mentor")
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values())

    for moment in (datetime(2026, 12, 20, 12, tzinfo=UTC), CHECK_INS_DUE):
        clock.set(moment)
        tick(sessions, relay, moment)

    managers = check_in_of(fake_slack, MANAGER)
    assert (
        f"<@{EMPLOYEE}> is also waiting on your answer to 3 asks (a mentor, a training or course), "
        "the oldest 29 days old. Answer with `/career-prep asks`."
    ) in managers
    assert "SECRET" not in managers
    assert "waiting on your answer" not in check_in_of(fake_slack, EMPLOYEE)


def test_no_asks_line_when_nothing_waits(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values())

    for moment in (datetime(2026, 12, 20, 12, tzinfo=UTC), CHECK_INS_DUE):
        clock.set(moment)
        tick(sessions, relay, moment)

    assert "waiting on your answer" not in check_in_of(fake_slack, MANAGER)
