"""Reminder steps for flow tests: a set-up pair with a prep reminder sent, and the snooze menu."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from datetime import time as wall_time
from typing import Any

import pytest
from slack_bolt import BoltResponse

from bot.db import SessionFactory
from bot.domain.people import Profile, upsert_person
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import Cadence
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action
from tests.conftest import TEAM_ID, FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.invites import drop_invites
from tests.support.people import ANA, MIRA
from tests.support.signed import FORM, SignedSlack

KAI = Profile("UKAI", "Kai Turner", "Australia/Sydney")
ANA_DM = "DUANA"


# Ana (Berlin) has monthly 1:1s with Mira (New York) from Tue 8 Dec 2026, 15:30 CET (14:30 UTC). The
# clock starts on Mon 23 Nov 14:00 UTC (15:00 in Berlin); her prep reminder is due Fri 4 Dec 10:00 CET.
PREP_DUE = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def paired(sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock) -> None:
    """Ana and Mira set up and confirmed; the setup messages sent and forgotten (calendar invites dropped)."""
    with sessions.begin() as session:
        form = SetupInput(ANA, MIRA, date(2026, 12, 8), wall_time(15, 30), Cadence.MONTHLY, 30)
        result = save_setup(session, team_id=TEAM_ID, form=form, submission_id="setup-ana", now=clock.now)
        confirm_manager(
            session,
            team_id=TEAM_ID,
            series_id=result.series.id,
            manager_id=result.manager.id,
            actor_slack_id="UMIRA",
            now=clock.now,
        )
        upsert_person(session, team_id=TEAM_ID, profile=KAI, now=clock.now)
        drop_invites(session)  # these tests count reminders; calendar invites have tests of their own
    relay.run_once(clock.now)
    fake_slack.reset()


def run_at(sessions: SessionFactory, relay: Relay, clock: FakeClock, now: datetime) -> int:
    """Move the clock and run one tick (plan, then deliver); how many messages it sent."""
    clock.set(now)
    return tick(sessions, relay, now).sent


def sent_prep_reminder(sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, clock: FakeClock) -> dict:
    run_at(sessions, relay, clock, datetime(2026, 11, 24, 12, tzinfo=UTC))
    assert run_at(sessions, relay, clock, PREP_DUE) == 1
    [message] = fake_slack.messages(channel=ANA_DM)
    return message


def snooze_menu(message: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The block id and the overflow element of the reminder's snooze menu."""
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "overflow" and element.get("action_id") == Action.SNOOZE:
                return str(block.get("block_id", "reminder_actions")), element
    raise AssertionError("no snooze menu in the message")


def choose(slack: SignedSlack, fake_slack: FakeSlack, user: str, message: dict[str, Any], value: str) -> BoltResponse:
    """A block_actions request for picking `value` in the message's snooze overflow menu."""
    block_id, menu = snooze_menu(message)
    option = next((o for o in menu["options"] if o["value"] == value), {"text": menu["options"][0]["text"]})
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "example"},
        "user": {"id": user, "team_id": TEAM_ID},
        "api_app_id": "A0001",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger.{user}.{time.time()}",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": message["channel"]},
        "channel": {"id": message["channel"]},
        "message": {"ts": message["ts"], "text": message["text"], "blocks": message["blocks"]},
        "response_url": fake_slack.response_url(f"snooze-{user}"),
        "actions": [
            {
                "type": "overflow",
                "action_id": Action.SNOOZE,
                "block_id": block_id,
                "selected_option": {"text": option["text"], "value": value},
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return slack.dispatch(slack.interactive_body(payload), FORM)


def option_value(message: dict[str, Any], until: str) -> str:
    _, menu = snooze_menu(message)
    values = [o["value"] for o in menu["options"]]
    [value] = [v for v in values if json.loads(v)["until"] == until]
    return value
